/**
 * Helpers for the pairing tests: a real relay (SQLite in a temp dir, port 0) whose clock a test
 * can move forward, a space with two partners made through the real flows, linking a device
 * end to end, providers wired to `ws`, and a fetch that lets a test play a malicious relay.
 *
 *   const r = await startPairingRelay();
 *   const { alice, bob } = await pairedSpace(r.url);
 *   const alice2 = await linkDevice(alice);
 *   await r.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import WebSocket from 'ws';
import type * as Y from 'yjs';
import { SHARED_DOC_ID, SecureBaseError } from '@securebase/protocol';
import { startRelay, type RunningRelay } from '@securebase/relay';
import {
  EncryptedProvider,
  createDeviceLinkCode,
  createInviteLink,
  createSpace,
  joinAsLinkedDevice,
  joinSpace,
  type Credentials,
  type EncryptedProviderOptions,
} from '@securebase/sync';

// reason: `ws` implements the browser WebSocket API the provider uses, but its class type is not the DOM one.
export const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

export interface PairingRelay {
  url: string;
  dataDir: string;
  relay: RunningRelay;
  /** Move the relay's clock forward by `ms`. */
  advance(ms: number): void;
  /** A provider whose error events are collected; destroyed by close(). */
  provider(creds: Credentials, doc: Y.Doc, docId?: string, opts?: Partial<EncryptedProviderOptions>): TestProvider;
  /** Track a provider made elsewhere so close() destroys it. */
  track(provider: EncryptedProvider): TestProvider;
  close(): Promise<void>;
}

export interface TestProvider {
  provider: EncryptedProvider;
  errors: SecureBaseError[];
}

/** Start a relay with a movable clock. */
export async function startPairingRelay(): Promise<PairingRelay> {
  const dataDir = mkdtempSync(join(tmpdir(), 'securebase-pairing-'));
  let offset = 0;
  const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, now: () => Date.now() + offset });
  const providers: EncryptedProvider[] = [];
  const track = (provider: EncryptedProvider): TestProvider => {
    const errors: SecureBaseError[] = [];
    provider.on('error', (e) => errors.push(e));
    providers.push(provider);
    return { provider, errors };
  };
  return {
    url: relay.url,
    dataDir,
    relay,
    advance(ms) {
      offset += ms;
    },
    provider(creds, doc, docId = SHARED_DOC_ID, opts = {}) {
      return track(
        new EncryptedProvider(creds.relayUrl, docId, doc, { credentials: creds, WebSocketPolyfill: NodeWebSocket, maxBackoffTime: 300, ...opts }),
      );
    },
    track,
    async close() {
      await Promise.all(providers.map((p) => p.destroy()));
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Alice creates a space and Bob joins it, through the real flows. */
export async function pairedSpace(relayUrl: string): Promise<{ alice: Credentials; bob: Credentials }> {
  const alice = await createSpace(relayUrl);
  const bob = await joinSpace((await createInviteLink(alice)).link);
  return { alice, bob };
}

/** Link a new device to `creds`' partner end to end; both sides see the same fingerprint. */
export async function linkDevice(creds: Credentials): Promise<Credentials> {
  const link = await createDeviceLinkCode(creds);
  let shownOnNew: string | undefined;
  const joined = joinAsLinkedDevice(link.code, { pollMs: 20, onRequested: ({ fingerprint }) => (shownOnNew = fingerprint) });
  const request = await link.waitForRequest({ pollMs: 20 });
  expect(request.fingerprint).toBe(shownOnNew);
  await link.approve();
  return joined;
}

/** The code of the SecureBaseError a promise rejects with (fails the test otherwise). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SecureBaseError);
  return (err as SecureBaseError).code;
}

/** A fetch that plays a malicious relay by rewriting the JSON answers of matching routes. */
export function tamperingFetch(route: RegExp, rewrite: (body: Record<string, unknown>) => Record<string, unknown>): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    if (method !== 'GET' || !route.test(new URL(url).pathname) || !res.ok) return res;
    const body = (await res.json()) as Record<string, unknown>;
    return new Response(JSON.stringify(rewrite(body)), { status: res.status, headers: { 'content-type': 'application/json' } });
  };
}

/** Wait until `check` stops throwing (events arrive asynchronously over real sockets). */
export async function eventually(check: () => void, timeout = 10_000): Promise<void> {
  await vi.waitFor(check, { timeout, interval: 20 });
}
