/**
 * Fork and rollback detection end to end, with a real relay that lies the simplest way an
 * operator can: it keeps a second copy of its data directory and serves each partner, or the
 * same device at different times, from a different copy.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SHARED_DOC_ID, type SecureBaseError } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { startRelay, type RunningRelay } from '@securebase/relay';
import { EncryptedProvider, MemoryStateStore, type Credentials, type LocalStateStore } from '@securebase/sync';
import { NodeWebSocket, eventually, startHarness, type Harness } from './relay-harness.js';

let h: Harness;
let copy: { relay: RunningRelay; dir: string } | undefined;
const extra: EncryptedProvider[] = [];

beforeEach(async () => {
  await readyCrypto();
  h = await startHarness();
});

afterEach(async () => {
  await Promise.all(extra.splice(0).map((p) => p.destroy()));
  if (copy) {
    await copy.relay.close();
    rmSync(copy.dir, { recursive: true, force: true });
    copy = undefined;
  }
  await h.close();
});

/** Snapshot the relay's data directory into a second relay (the operator's other copy). */
async function forkRelay(): Promise<RunningRelay> {
  await h.stopRelay();
  const dir = mkdtempSync(join(tmpdir(), 'securebase-fork-'));
  cpSync(h.dataDir, dir, { recursive: true });
  await h.startRelayAgain();
  copy = { relay: await startRelay({ host: '127.0.0.1', port: 0, dataDir: dir }), dir };
  return copy.relay;
}

/** A provider on the shared doc through `relayUrl`, whatever its credentials say. */
function via(relayUrl: string, creds: Credentials, store: LocalStateStore): { provider: EncryptedProvider; errors: SecureBaseError[] } {
  const provider = new EncryptedProvider(relayUrl, SHARED_DOC_ID, new Y.Doc(), {
    credentials: creds,
    store,
    WebSocketPolyfill: NodeWebSocket,
    maxBackoffTime: 300,
  });
  const errors: SecureBaseError[] = [];
  provider.on('error', (e) => errors.push(e));
  extra.push(provider);
  return { provider, errors };
}

async function type(provider: EncryptedProvider, value: string): Promise<void> {
  const t = provider.doc.getText('t');
  t.insert(t.length, value);
  await provider.flush();
}

describe('a relay that forks or rolls back history', () => {
  it('fork: partners shown different histories detect it from a signed head, once, and stop', async () => {
    const other = await forkRelay();
    const storeB = new MemoryStateStore();
    const a = h.provider(h.alice, new Y.Doc());
    const b1 = via(other.url, h.bob, storeB);
    await Promise.all([a.provider.whenSynced(), b1.provider.whenSynced()]);
    await type(a.provider, 'alice one ');
    await type(b1.provider, 'bob one ');
    await type(a.provider, 'alice two ');
    await b1.provider.destroy();

    // The relay now shows Bob the branch Alice is on.
    const b2 = via(h.relay.url, h.bob, storeB);
    await eventually(() => expect(b2.errors.map((e) => e.code)).toEqual(['fork-detected']));
    expect(b2.errors[0]!.fatal).toBe(true);
    expect(b2.provider.shouldConnect).toBe(false);
    expect(b2.provider.doc.getText('t').toString()).toBe('bob one ');
    // No reconnect loop: still exactly one error a moment later.
    await type(a.provider, 'alice three ');
    expect(b2.errors).toHaveLength(1);
  });

  it('rollback: a relay serving an older copy than this device has seen is detected, once', async () => {
    const storeA = new MemoryStateStore();
    const a1 = h.provider(h.alice, new Y.Doc(), { store: storeA });
    await a1.provider.whenSynced();
    await type(a1.provider, 'one ');
    await a1.provider.destroy();
    const old = await forkRelay();
    const a1b = via(h.relay.url, h.alice, storeA);
    await a1b.provider.whenSynced();
    await type(a1b.provider, 'two ');
    await a1b.provider.destroy();

    const a2 = via(old.url, h.alice, storeA);
    await eventually(() => expect(a2.errors.map((e) => e.code)).toEqual(['rollback-detected']));
    expect(a2.errors[0]!.fatal).toBe(true);
    expect(a2.provider.shouldConnect).toBe(false);
    expect(a2.provider.doc.getText('t').toString()).toBe('one two ');
  });

  it('rollback across a compaction: a copy from before the newest snapshot seen is detected', async () => {
    const storeB = new MemoryStateStore();
    const a = h.provider(h.alice, new Y.Doc(), { snapshotPolicy: { everyUpdates: 2 } });
    const b = h.provider(h.bob, new Y.Doc(), { store: storeB, snapshotPolicy: { everyUpdates: 1000 } });
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
    await b.provider.destroy();
    for (const word of ['a ', 'b ']) await type(a.provider, word);
    const old = await forkRelay(); // holds the snapshot of seq 2
    for (const word of ['c ', 'd ']) await type(a.provider, word);
    // Bob opens from the snapshot of seq 4 on the real relay, then the operator shows him the old copy
    // with its snapshot of seq 2 while his store says he was at seq 4.
    const b2 = via(h.relay.url, h.bob, storeB);
    await b2.provider.whenSynced();
    expect(b2.provider.lastSeq).toBe(4);
    await b2.provider.destroy();
    const b3 = via(old.url, h.bob, storeB);
    await eventually(() => expect(b3.errors.map((e) => e.code)).toEqual(['rollback-detected']));
    expect(b3.provider.doc.getText('t').toString()).toBe('a b c d ');
  });
});
