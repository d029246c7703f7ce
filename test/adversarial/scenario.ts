/**
 * The stage for every attack: a real relay (SQLite in a temp dir, port 0) behind the attacking
 * proxy, one space with two partners made through the real create/invite/join flows, and
 * providers ("peers") that reach the relay through the proxy, each with its own in-memory store
 * and a record of every error it reported, including what its document showed at that moment
 * (to prove a bad frame was never applied).
 *
 *   const s = await startScenario();
 *   const a = s.open(s.alice);
 *   await a.type('hello ');
 *   await s.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { SHARED_DOC_ID, type SecureBaseError } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { startRelay, type RunningRelay } from '@securebase/relay';
import {
  EncryptedProvider,
  MemoryStateStore,
  createInviteLink,
  createSpace,
  joinSpace,
  type Credentials,
  type EncryptedProviderOptions,
} from '@securebase/sync';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { startAttackProxy, type AttackProxy } from './attack-proxy.js';

// reason: `ws` implements the browser WebSocket API the provider uses, but its class type is not the DOM one.
const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

/** The text every test types into. */
const TEXT = 't';

export interface Peer {
  readonly creds: Credentials;
  readonly store: MemoryStateStore;
  readonly provider: EncryptedProvider;
  readonly doc: Y.Doc;
  readonly errors: SecureBaseError[];
  /** The document's text at the moment each error was reported (same order as `errors`). */
  readonly textAtError: string[];
  text(): string;
  /** Append `value` and wait until the relay has committed it. */
  type(value: string): Promise<void>;
  /** Append `value` and seal it now, without waiting for the relay (a fork may stop us first). */
  typeAndSend(value: string): void;
  codes(): string[];
}

export interface OpenOptions extends Partial<EncryptedProviderOptions> {
  /** Connect through the proxy (default) or straight to the real relay. */
  via?: 'proxy' | 'relay';
  docId?: string;
  /** Reuse a store (a restart of the same device). */
  store?: MemoryStateStore;
}

export interface Scenario {
  readonly relay: RunningRelay;
  readonly proxy: AttackProxy;
  readonly alice: Credentials;
  readonly bob: Credentials;
  open(creds: Credentials, opts?: OpenOptions): Peer;
  /** A second, unrelated space on the same relay (its creator only). */
  otherSpace(): Promise<Credentials>;
  close(): Promise<void>;
}

export async function startScenario(): Promise<Scenario> {
  await readyCrypto();
  const dataDir = mkdtempSync(join(tmpdir(), 'securebase-adversarial-'));
  const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
  const proxy = await startAttackProxy(relay.url);
  const alice = await createSpace(relay.url);
  const { link } = await createInviteLink(alice);
  const bob = await joinSpace(link);
  const providers: EncryptedProvider[] = [];
  const pendingSends: Promise<unknown>[] = [];

  return {
    relay,
    proxy,
    alice,
    bob,
    open(creds, opts = {}) {
      const { via = 'proxy', docId = SHARED_DOC_ID, store = new MemoryStateStore(), ...rest } = opts;
      const doc = new Y.Doc();
      const provider = new EncryptedProvider(via === 'proxy' ? proxy.url : relay.url, docId, doc, {
        credentials: creds,
        store,
        WebSocketPolyfill: NodeWebSocket,
        maxBackoffTime: 200,
        ...rest,
      });
      providers.push(provider);
      const errors: SecureBaseError[] = [];
      const textAtError: string[] = [];
      const text = (): string => doc.getText(TEXT).toString();
      provider.on('error', (e) => {
        errors.push(e);
        textAtError.push(text());
      });
      const append = (value: string): void => {
        const t = doc.getText(TEXT);
        t.insert(t.length, value);
      };
      return {
        creds,
        store,
        provider,
        doc,
        errors,
        textAtError,
        text,
        async type(value) {
          append(value);
          await provider.flush();
        },
        typeAndSend(value) {
          append(value);
          // Settled at close (destroy rejects waiters that will never be acked); awaited there.
          pendingSends.push(provider.flush().then(
            () => 'acked',
            (err: unknown) => err,
          ));
        },
        codes: () => errors.map((e) => e.code),
      };
    },
    otherSpace: () => createSpace(relay.url),
    async close() {
      await Promise.all(providers.map((p) => p.destroy()));
      await Promise.all(pendingSends);
      await proxy.close();
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Wait until `check` stops throwing (frames arrive asynchronously over real sockets). */
export async function eventually(check: () => void | Promise<void>, timeout = 10_000): Promise<void> {
  await vi.waitFor(check, { timeout, interval: 20 });
}

/** Both peers are connected and caught up. */
export async function allSynced(...peers: Peer[]): Promise<void> {
  await Promise.all(peers.map((p) => p.provider.whenSynced()));
}

/**
 * Healed and uncorrupted: every peer converges to the same text and log position, and the first
 * peer's stored state, opened again as a fresh provider, syncs to the same text without an error.
 */
export async function expectHealed(s: Scenario, peers: Peer[], opts: { via?: 'proxy' | 'relay' } = {}): Promise<void> {
  const [first, ...rest] = peers;
  if (!first) throw new RangeError('expectHealed: no peers');
  await eventually(() => {
    for (const p of rest) expect(p.text()).toBe(first.text());
  });
  await allSynced(...peers);
  await eventually(() => {
    for (const p of rest) expect(p.provider.lastSeq).toBe(first.provider.lastSeq);
  });
  const expected = first.text();
  await first.provider.destroy();
  const again = s.open(first.creds, { store: first.store, via: opts.via ?? 'proxy' });
  await again.provider.whenSynced();
  expect(again.text()).toBe(expected);
  expect(again.errors).toEqual([]);
}
