/**
 * Yjs and `ws` for the cross-package tests and benchmarks. The root package does not list them
 * (only the workspace packages do), so they are loaded from where @securebase/sync resolves
 * them: the very same files the provider imports, hence exactly one Yjs in the process (two
 * copies would break Yjs's constructor checks). Typed with the small surface used here; the
 * Y.Doc type itself comes from the provider, so it is the real one.
 *
 *   const Y = await loadYjs();
 *   const doc = new Y.Doc();
 *   const { WebSocket, WebSocketServer } = await loadWs();
 */
import { readFileSync, realpathSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EncryptedProvider } from '@securebase/sync';

export type YDoc = EncryptedProvider['doc'];

/** The part of the Yjs module namespace the tests and benchmarks use. */
export interface YjsModule {
  Doc: new (opts?: { gc?: boolean }) => YDoc;
  applyUpdate(doc: YDoc, update: Uint8Array, origin?: unknown): void;
  encodeStateAsUpdate(doc: YDoc, encodedTargetStateVector?: Uint8Array): Uint8Array;
  encodeStateVector(doc: YDoc): Uint8Array;
  decodeStateVector(stateVector: Uint8Array): Map<number, number>;
  mergeUpdates(updates: Uint8Array[]): Uint8Array;
}

/** A `ws` socket (server side or client), as far as it is used here. */
export interface WsSocket {
  readonly readyState: number;
  binaryType: string;
  send(data: Uint8Array, cb?: (err?: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'open', listener: () => void): this;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): this;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
}

export interface WsServer {
  readonly clients: Set<WsSocket>;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, callback: (ws: WsSocket) => void): void;
  close(callback?: (err?: Error) => void): void;
}

export interface WsModule {
  WebSocket: new (url: string) => WsSocket;
  WebSocketServer: new (opts: { noServer: true; maxPayload?: number }) => WsServer;
}

// Resolve from the sync package: it depends on yjs and ws itself.
const fromSync = createRequire(new URL('../../packages/sync/package.json', import.meta.url));

/** The ESM entry of `name` as @securebase/sync resolves it (realpath, so the module is shared). */
function esmEntry(name: string): URL {
  const pkgJson = fromSync.resolve(`${name}/package.json`);
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { exports?: Record<string, unknown> };
  const root = pkg.exports?.['.'];
  const entry = typeof root === 'object' && root !== null ? (root as Record<string, unknown>)['import'] : undefined;
  if (typeof entry !== 'string') throw new Error(`${name}: no ESM entry in its package.json exports`);
  return pathToFileURL(realpathSync(join(dirname(pkgJson), entry)));
}

/** Load Yjs (the provider's own copy). */
export async function loadYjs(): Promise<YjsModule> {
  // reason: a dynamic import is untyped; the shape is the documented Yjs API declared above.
  return (await import(esmEntry('yjs').href)) as YjsModule;
}

/** Load `ws` (client class for Node 20, which has no global WebSocket, and the server). */
export async function loadWs(): Promise<WsModule> {
  // reason: as above, the shape is the documented `ws` 8 API declared above.
  return (await import(esmEntry('ws').href)) as WsModule;
}
