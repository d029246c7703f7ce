/**
 * Test harness: a real relay (SQLite in a temp dir, port 0) and a space with two partners made
 * through the real create/invite/join flows, plus providers wired to `ws` for Node 20.
 *
 *   const h = await startHarness();
 *   const a = h.provider(h.alice, new Y.Doc());
 *   await h.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import WebSocket from 'ws';
import type * as Y from 'yjs';
import { SHARED_DOC_ID, type SecureBaseError } from '@securebase/protocol';
import { startRelay, type RunningRelay } from '@securebase/relay';
import {
  EncryptedProvider,
  createInviteLink,
  createSpace,
  joinSpace,
  type Credentials,
  type EncryptedProviderOptions,
} from '@securebase/sync';

// reason: `ws` implements the browser WebSocket API the provider uses, but its class type is not the DOM one.
export const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

export interface Harness {
  relay: RunningRelay;
  dataDir: string;
  alice: Credentials;
  bob: Credentials;
  /** A provider on the shared doc whose error events are collected in `errors`. */
  provider(creds: Credentials, doc: Y.Doc, opts?: Partial<EncryptedProviderOptions>): TestProvider;
  /** Stop the relay and start it again on the same port and data directory. */
  restartRelay(): Promise<void>;
  stopRelay(): Promise<void>;
  startRelayAgain(): Promise<void>;
  close(): Promise<void>;
}

export interface TestProvider {
  provider: EncryptedProvider;
  errors: SecureBaseError[];
}

export async function startHarness(): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'securebase-sync-'));
  let relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
  let running = true;
  const port = relay.port;
  const alice = await createSpace(relay.url);
  const { link } = await createInviteLink(alice);
  const bob = await joinSpace(link);
  const providers: EncryptedProvider[] = [];
  const harness: Harness = {
    get relay() {
      return relay;
    },
    dataDir,
    alice,
    bob,
    provider(creds, doc, opts = {}) {
      const provider = new EncryptedProvider(creds.relayUrl, SHARED_DOC_ID, doc, {
        credentials: creds,
        WebSocketPolyfill: NodeWebSocket,
        maxBackoffTime: 300,
        ...opts,
      });
      const errors: SecureBaseError[] = [];
      provider.on('error', (e) => errors.push(e));
      providers.push(provider);
      return { provider, errors };
    },
    async stopRelay() {
      await relay.close();
      running = false;
    },
    async startRelayAgain() {
      relay = await startRelay({ host: '127.0.0.1', port, dataDir });
      running = true;
    },
    async restartRelay() {
      await harness.stopRelay();
      await harness.startRelayAgain();
    },
    async close() {
      await Promise.all(providers.map((p) => p.destroy()));
      if (running) await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Wait until `check` stops throwing (events arrive asynchronously over real sockets). */
export async function eventually(check: () => void, timeout = 10_000): Promise<void> {
  await vi.waitFor(check, { timeout, interval: 20 });
}
