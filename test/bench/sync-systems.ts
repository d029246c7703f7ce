/**
 * The two systems the friendsforever replay runs through. Each system's SERVER runs in its own
 * child Node process (server-process.ts, loading the built dist), its two clients in this one, so
 * the relay's synchronous SQLite commits and the clients' seal/verify/Yjs work do not share an
 * event loop (as on a real deployment, where they do not even share a machine):
 *
 * - Secure Base: a real relay (relay-server.ts: startRelay, SQLite in a temp dir) and two EncryptedProviders with
 *   default options (30 ms leading-edge merge window, snapshot every 300 updates), one per partner, made by
 *   the real create/invite/join flows. After the replay a fresh device opens the workbook and
 *   writes a snapshot, so the relay compacts; then its stored bytes are counted.
 * - The baseline: @y/websocket-server 0.1.1 (y-websocket-server.ts: setupWSConnection on a `ws`
 *   server) with two y-websocket clients, plaintext.
 *
 * With `breakdown: true`, our clients' sockets are tapped and the relay times its commits
 * (breakdown.ts).
 *
 *   const system = await startSecureBase({ breakdown: false });
 *   await replayTrace(steps, system.docs, { schedule });
 *   const stored = await system.compactAndMeasure();
 *   await system.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebsocketProvider } from 'y-websocket';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { openSqliteStorage } from '@securebase/relay';
import {
  EncryptedProvider,
  createInviteLink,
  createSpace,
  joinSpace,
  type Credentials,
  type EncryptedProviderOptions,
} from '@securebase/sync';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WireTap, type Breakdown } from './breakdown.js';
import { startServerProcess } from './server-process.js';

// reason: `ws` implements the browser WebSocket API both providers use, but its class type is not the DOM one.
const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

export interface SecureBaseSystem {
  docs: [Y.Doc, Y.Doc];
  /** Envelopes the relay committed for the document (every update envelope gets one seq). */
  envelopesCommitted(): number;
  /** Let a fresh device open the doc and write a snapshot; then the bytes the relay keeps for it. */
  compactAndMeasure(): Promise<{ bytes: number; snapshotBytes: number; trailingUpdates: number }>;
  /** With `breakdown`: start or stop recording the per-stage times. */
  record(on: boolean): Promise<void>;
  /** With `breakdown`: the per-stage figures recorded so far; undefined otherwise. */
  breakdown(): Promise<Breakdown | undefined>;
  close(): Promise<void>;
}

/** Start a real relay (its own process) with two partners' providers (this process), both synced. */
export async function startSecureBase(opts: { breakdown: boolean }): Promise<SecureBaseSystem> {
  await readyCrypto();
  const dataDir = mkdtempSync(join(tmpdir(), 'securebase-bench-'));
  const relay = await startServerProcess('relay-server.ts', ['--data', dataDir, ...(opts.breakdown ? ['--breakdown'] : [])]);
  const tap = opts.breakdown ? new WireTap() : undefined;
  const alice = await createSpace(relay.url);
  const { link } = await createInviteLink(alice);
  const bob = await joinSpace(link);
  const open = (creds: Credentials, doc: Y.Doc, extra: Partial<EncryptedProviderOptions> = {}): EncryptedProvider =>
    new EncryptedProvider(relay.url, SHARED_DOC_ID, doc, { credentials: creds, WebSocketPolyfill: NodeWebSocket, ...extra });
  const docs: [Y.Doc, Y.Doc] = [new Y.Doc(), new Y.Doc()];
  const tapped = (side: number): Partial<EncryptedProviderOptions> => (tap ? { WebSocketPolyfill: tap.socketClass(side) } : {});
  const providers = [open(alice, docs[0], tapped(0)), open(bob, docs[1], tapped(1))];
  docs.forEach((doc, side) => tap?.watchDoc(side, doc));
  const errors: string[] = [];
  for (const p of providers) p.on('error', (e) => errors.push(e.code));
  await Promise.all(providers.map((p) => p.whenSynced()));
  const storage = openSqliteStorage(dataDir);

  return {
    docs,
    async record(on) {
      if (!tap) return;
      // Starting: drop what the relay measured so far (startup, joining), so both sides cover the same span.
      if (on) await relay.stats();
      tap.record(on);
    },
    async breakdown() {
      if (!tap) return undefined;
      const { commitMs, loopDelayMs } = await relay.stats();
      return tap.summary(commitMs, loopDelayMs);
    },
    envelopesCommitted: () => storage.headSeq(alice.spaceId, SHARED_DOC_ID),
    async compactAndMeasure() {
      await Promise.all(providers.map((p) => p.flush()));
      if (errors.length > 0) throw new Error(`provider errors during the replay: ${errors.join(', ')}`);
      const head = storage.headSeq(alice.spaceId, SHARED_DOC_ID);
      const reader = open(alice, new Y.Doc(), { snapshotPolicy: { everyUpdates: 1 } });
      await reader.whenSynced();
      for (let waited = 0; storage.snapshotCoversSeq(alice.spaceId, SHARED_DOC_ID) < head; waited += 20) {
        if (waited > 30_000) throw new Error('the relay never received the compacting snapshot');
        await sleep(20);
      }
      await reader.destroy();
      const snapshot = storage.getSnapshot(alice.spaceId, SHARED_DOC_ID);
      const trailing = storage.listUpdates(alice.spaceId, SHARED_DOC_ID, snapshot?.coversSeq ?? 0, Number.MAX_SAFE_INTEGER);
      const snapshotBytes = snapshot?.envelope.byteLength ?? 0;
      return {
        bytes: snapshotBytes + trailing.reduce((n, e) => n + e.envelope.byteLength, 0),
        snapshotBytes,
        trailingUpdates: trailing.length,
      };
    },
    async close() {
      await Promise.all(providers.map((p) => p.destroy()));
      storage.close();
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface YWebsocketSystem {
  docs: [Y.Doc, Y.Doc];
  close(): Promise<void>;
}

/** Start @y/websocket-server (its own process) with two y-websocket clients (this process) in one room, both synced. */
export async function startYWebsocket(): Promise<YWebsocketSystem> {
  const server = await startServerProcess('y-websocket-server.ts', []);
  const docs: [Y.Doc, Y.Doc] = [new Y.Doc(), new Y.Doc()];
  // disableBc: both clients live in one process, and must talk through the server, not a BroadcastChannel.
  const clients = docs.map(
    (doc) =>
      new WebsocketProvider(server.url.replace(/^http/, 'ws'), 'friendsforever', doc, { WebSocketPolyfill: NodeWebSocket, disableBc: true }),
  );
  await Promise.all(clients.map((c) => new Promise<void>((resolve) => (c.synced ? resolve() : c.once('sync', () => resolve())))));
  return {
    docs,
    async close() {
      for (const c of clients) c.destroy();
      await server.close();
    },
  };
}
