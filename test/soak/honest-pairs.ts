/**
 * The honest side of the soak: N couples, each two partners with their own EncryptedProvider,
 * made by the real create / invite / join flows, each person at their own client address. While
 * the soak runs, every person writes a short line into the shared workbook at human pace (one
 * every 1–4 s, seeded); afterwards every write must be acknowledged, both partners of every pair
 * must hold exactly the same lines, and a fresh device opening each workbook from the relay must
 * find every acknowledged line (nothing acked was lost).
 *
 *   const pairs = await startHonestPairs(relay.url, { pairs: 200, seed: 0x50a });
 *   pairs.startWriting();
 *   ...
 *   const outcome = await pairs.stopAndVerify();
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { createInviteLink, createSpace, EncryptedProvider, joinSpace, type Credentials } from '@securebase/sync';
import * as Y from 'yjs';
import { addressFor, clientAt, type ClientAt } from './client-address.js';

/** Seeded generator (mulberry32): the same schedule in every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Person {
  side: 'a' | 'b';
  creds: Credentials;
  at: ClientAt;
  doc: Y.Doc;
  provider: EncryptedProvider;
  written: number;
  errors: string[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

export interface HonestOutcome {
  pairs: number;
  /** Lines written (every one must have been acknowledged). */
  writes: number;
  /** Writes still unacknowledged when the flush deadline passed (must be 0). */
  unacked: number;
  /** Pairs whose two partners differ at the end (must be 0). */
  divergedPairs: number;
  /** Lines a fresh device did not find on the relay (must be 0). */
  lostOnRelay: number;
  /** Typed errors the honest providers reported, by code. */
  errors: Record<string, number>;
}

export interface HonestPairs {
  startWriting(): void;
  stopAndVerify(): Promise<HonestOutcome>;
  close(): Promise<void>;
}

const LINE = 'I noticed you made tea for me this morning, and it helped.';
// Partner addresses start past the hostile clients' (0..999) so the two never share a budget.
const FIRST_ADDRESS = 1000;

const linesOf = (doc: Y.Doc): Map<string, unknown> => new Map(doc.getMap('soak').entries());

function open(relayUrl: string, creds: Credentials, at: ClientAt, doc: Y.Doc): EncryptedProvider {
  return new EncryptedProvider(relayUrl, SHARED_DOC_ID, doc, { credentials: creds, WebSocketPolyfill: at.WebSocket, fetch: at.fetch });
}

/** Pair up `pairs` couples on the relay (a few at a time) and connect both partners of each. */
export async function startHonestPairs(relayUrl: string, opts: { pairs: number; seed: number; minGapMs?: number; maxGapMs?: number }): Promise<HonestPairs> {
  await readyCrypto();
  const random = seededRandom(opts.seed);
  const minGap = opts.minGapMs ?? 1000;
  const maxGap = opts.maxGapMs ?? 4000;
  const people: Person[][] = [];
  const makePair = async (index: number): Promise<Person[]> => {
    const atA = clientAt(addressFor(FIRST_ADDRESS + 2 * index));
    const atB = clientAt(addressFor(FIRST_ADDRESS + 2 * index + 1));
    const alice = await createSpace(relayUrl, { fetch: atA.fetch });
    const { link } = await createInviteLink(alice, { fetch: atA.fetch });
    const bob = await joinSpace(link, { fetch: atB.fetch });
    return [
      { side: 'a', creds: alice, at: atA },
      { side: 'b', creds: bob, at: atB },
    ].map(({ side, creds, at }) => {
      const doc = new Y.Doc();
      const person: Person = { side: side as 'a' | 'b', creds, at, doc, provider: open(relayUrl, creds, at, doc), written: 0, errors: [], timer: undefined };
      person.provider.on('error', (error) => person.errors.push(error.code));
      return person;
    });
  };
  const batch = 8;
  for (let first = 0; first < opts.pairs; first += batch) {
    const made = await Promise.all(Array.from({ length: Math.min(batch, opts.pairs - first) }, (_, k) => makePair(first + k)));
    people.push(...made);
  }
  await Promise.all(people.flat().map((person) => person.provider.whenSynced()));

  let writing = false;
  const schedule = (person: Person): void => {
    person.timer = setTimeout(() => {
      if (!writing) return;
      person.written += 1;
      person.doc.getMap('soak').set(`${person.side}-${person.written}`, `${LINE} (${person.written})`);
      schedule(person);
    }, minGap + random() * (maxGap - minGap));
  };

  return {
    startWriting() {
      writing = true;
      for (const person of people.flat()) schedule(person);
    },
    async stopAndVerify() {
      writing = false;
      for (const person of people.flat()) clearTimeout(person.timer);
      const everyone = people.flat();
      // Every write acked, or the deadline passes and what is left is counted.
      await Promise.race([Promise.allSettled(everyone.map((p) => p.provider.flush())), sleep(60_000)]);
      const unacked = everyone.reduce((n, p) => n + p.provider.pendingCount, 0);
      const expected = (pair: Person[]): number => pair.reduce((n, p) => n + p.written, 0);
      // Both partners converge: each holds every line of both, and the same lines.
      const converged = (pair: Person[]): boolean => {
        const [a, b] = pair.map((p) => JSON.stringify([...linesOf(p.doc)].sort()));
        return a === b && pair.every((p) => linesOf(p.doc).size === expected(pair));
      };
      const deadline = Date.now() + 30_000;
      let diverged = people.filter((pair) => !converged(pair));
      while (diverged.length > 0 && Date.now() < deadline) {
        await sleep(200);
        diverged = diverged.filter((pair) => !converged(pair));
      }
      const divergedPairs = diverged.length;
      // A fresh device of each couple opens the workbook from the relay alone.
      let lostOnRelay = 0;
      for (let first = 0; first < people.length; first += batch) {
        const counts = await Promise.all(
          people.slice(first, first + batch).map(async (pair) => {
            const [alice] = pair;
            if (!alice) return 0;
            const doc = new Y.Doc();
            const reader = open(relayUrl, alice.creds, alice.at, doc);
            await Promise.race([reader.whenSynced(), sleep(20_000)]);
            const found = linesOf(doc).size;
            await reader.destroy();
            return Math.max(0, expected(pair) - found);
          }),
        );
        lostOnRelay += counts.reduce((n, c) => n + c, 0);
      }
      const errors: Record<string, number> = {};
      for (const code of everyone.flatMap((p) => p.errors)) errors[code] = (errors[code] ?? 0) + 1;
      return { pairs: people.length, writes: everyone.reduce((n, p) => n + p.written, 0), unacked, divergedPairs, lostOnRelay, errors };
    },
    async close() {
      writing = false;
      await Promise.all(people.flat().map((p) => p.provider.destroy()));
    },
  };
}
