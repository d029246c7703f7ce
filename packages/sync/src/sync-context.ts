/**
 * What the parts of one EncryptedProvider share: the document, its keys, local state, the serial
 * queue and the relay connection. Built once by the provider and handed to each part, so the
 * parts (outgoing.ts, incoming-stream.ts, snapshot-writer.ts, awareness-sync.ts, frame-router.ts)
 * never reach into the provider itself.
 *
 *   const ctx: SyncContext = { doc, docId, origin: provider, keys, local, queue, connection, report };
 *   const outgoing = new OutgoingChanges(ctx, mergeWindowMs);
 */
import type * as Y from 'yjs';
import type { SecureBaseError } from '@securebase/protocol';
import type { RelayConnection } from './connection.js';
import type { LocalState } from './local-state.js';
import type { ProviderKeys } from './provider-keys.js';
import type { SerialQueue } from './serial-queue.js';

export interface SyncContext {
  readonly doc: Y.Doc;
  readonly docId: string;
  /** Transaction origin of every remote change applied to the doc (the provider, as y-websocket does). */
  readonly origin: unknown;
  readonly keys: ProviderKeys;
  readonly local: LocalState;
  readonly queue: SerialQueue;
  readonly connection: RelayConnection;
  /** Report one incident that needs no reconnect (the provider's `error` event). */
  report(error: SecureBaseError): void;
}
