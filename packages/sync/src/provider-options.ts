/**
 * The public option, status and event types of EncryptedProvider (re-exported by
 * encrypted-provider.ts, where they have always been imported from).
 *
 *   const opts: EncryptedProviderOptions = { credentials, store, WebSocketPolyfill: WebSocket };
 *   provider.on('status', ({ status }: { status: ProviderStatus }) => show(status));
 */
import type * as awarenessProtocol from 'y-protocols/awareness';
import type { SecureBaseError } from '@securebase/protocol';
import type { Credentials } from './credentials.js';
import type { EncryptedProvider } from './encrypted-provider.js';
import type { SnapshotPolicy } from './snapshots.js';
import type { LocalStateStore } from './state-store.js';

export type ProviderStatus = 'connecting' | 'connected' | 'disconnected';

export interface EncryptedProviderOptions {
  credentials: Credentials;
  /** Persist doc state, progress and the outbox here; without it everything lives in memory. */
  store?: LocalStateStore;
  /** Connect right away (default true). */
  connect?: boolean;
  /** Extra query parameters for the WebSocket URL. */
  params?: Record<string, string>;
  /** WebSocket class; defaults to globalThis.WebSocket (pass `ws` in Node 20). */
  WebSocketPolyfill?: typeof WebSocket;
  /** Longest wait between reconnect attempts, in ms (default 2500). */
  maxBackoffTime?: number;
  /** Share presence through this awareness; without it nothing ephemeral is ever sent or applied. */
  awareness?: awarenessProtocol.Awareness;
  /** Local updates within this many ms become one envelope (default 30). */
  mergeWindowMs?: number;
  /** fetch for the membership calls; defaults to globalThis.fetch. */
  fetch?: typeof fetch;
  /** Debounce of the doc-state write to the store, in ms (default 200). */
  persistDebounceMs?: number;
  /** Fetch and open new key wraps (after a rotation); called on 'stale-epoch' and unknown epochs. */
  refreshKeys?: () => Promise<Credentials>;
  /** When to write a snapshot (default: every 300 updates or 1 MiB of log). */
  snapshotPolicy?: Partial<SnapshotPolicy>;
}

export type EncryptedProviderEvents = {
  status: (event: { status: ProviderStatus }) => void;
  sync: (isSynced: boolean) => void;
  /** Alias of `sync`, as y-websocket emits both. */
  synced: (isSynced: boolean) => void;
  error: (error: SecureBaseError) => void;
  'connection-close': (event: CloseEvent | null, provider: EncryptedProvider) => void;
  'connection-error': (event: Event, provider: EncryptedProvider) => void;
};
