/**
 * The two systems the friendsforever replay runs through, each with two clients in this process:
 *
 * - Secure Base: a real relay (startRelay, SQLite in a temp dir) and two EncryptedProviders with
 *   default options (30 ms leading-edge merge window, snapshot every 300 updates), one per partner, made by
 *   the real create/invite/join flows. After the replay a fresh device opens the workbook and
 *   writes a snapshot, so the relay compacts; then its stored bytes are counted.
 * - The baseline: @y/websocket-server 0.1.1 (setupWSConnection on a `ws` server) with two
 *   y-websocket clients, plaintext.
 *
 *   const system = await startSecureBase();
 *   await replayTrace(steps, system.docs, { schedule });
 *   const stored = await system.compactAndMeasure();
 *   await system.close();
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebsocketProvider } from 'y-websocket';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { openSqliteStorage, startRelay } from '@securebase/relay';
import {
  EncryptedProvider,
  createInviteLink,
  createSpace,
  joinSpace,
  type Credentials,
  type EncryptedProviderOptions,
} from '@securebase/sync';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';

// reason: `ws` implements the browser WebSocket API both providers use, but its class type is not the DOM one.
const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

export interface SecureBaseSystem {
  docs: [Y.Doc, Y.Doc];
  /** Envelopes the relay committed for the document (every update envelope gets one seq). */
  envelopesCommitted(): number;
  /** Let a fresh device open the doc and write a snapshot; then the bytes the relay keeps for it. */
  compactAndMeasure(): Promise<{ bytes: number; snapshotBytes: number; trailingUpdates: number }>;
  close(): Promise<void>;
}

/** Start a real relay with two partners' providers, both synced. */
export async function startSecureBase(): Promise<SecureBaseSystem> {
  await readyCrypto();
  const dataDir = mkdtempSync(join(tmpdir(), 'securebase-bench-'));
  const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
  const alice = await createSpace(relay.url);
  const { link } = await createInviteLink(alice);
  const bob = await joinSpace(link);
  const open = (creds: Credentials, doc: Y.Doc, extra: Partial<EncryptedProviderOptions> = {}): EncryptedProvider =>
    new EncryptedProvider(relay.url, SHARED_DOC_ID, doc, { credentials: creds, WebSocketPolyfill: NodeWebSocket, ...extra });
  const docs: [Y.Doc, Y.Doc] = [new Y.Doc(), new Y.Doc()];
  const providers = [open(alice, docs[0]), open(bob, docs[1])];
  const errors: string[] = [];
  for (const p of providers) p.on('error', (e) => errors.push(e.code));
  await Promise.all(providers.map((p) => p.whenSynced()));
  const storage = openSqliteStorage(dataDir);

  return {
    docs,
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

/** Start @y/websocket-server with two y-websocket clients in one room, both synced. */
export async function startYWebsocket(): Promise<YWebsocketSystem> {
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((_req, res) => {
    res.writeHead(404);
    res.end();
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(req, socket, head, (conn) => {
      setupWSConnection(conn, req, { gc: true });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const docs: [Y.Doc, Y.Doc] = [new Y.Doc(), new Y.Doc()];
  // disableBc: both clients live in one process, and must talk through the server, not a BroadcastChannel.
  const clients = docs.map(
    (doc) => new WebsocketProvider(`ws://127.0.0.1:${port}`, 'friendsforever', doc, { WebSocketPolyfill: NodeWebSocket, disableBc: true }),
  );
  await Promise.all(clients.map((c) => new Promise<void>((resolve) => (c.synced ? resolve() : c.once('sync', () => resolve())))));
  return {
    docs,
    async close() {
      for (const c of clients) c.destroy();
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve, reject) => wss.close((err) => (err ? reject(err) : resolve())));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
