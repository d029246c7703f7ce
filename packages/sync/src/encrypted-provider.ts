/**
 * EncryptedProvider: syncs one Y.Doc through the zero-knowledge relay, y-websocket style, so
 * Yjs editor bindings work unchanged. Local changes are merged over a short window, sealed into
 * signed envelopes (with this device's view of the log inside), kept in a persisted outbox until
 * the relay commits them, and re-sent verbatim after a reconnect. Remote entries are consumed in
 * strict seq order: opened, their author checked against the verified membership chain, their
 * per-author clock checked for drops and replays, their signed head compared with our own log
 * hash (fork), before Yjs ever sees them. Snapshots are written every few hundred updates and
 * opened first on a catch-up. Every incident is exactly one `error` event.
 *
 * This module is the public surface, its lifecycle, and the wiring of the parts that do the work:
 * connection.ts (socket, handshake, backoff), frame-router.ts (dispatch), incoming-stream.ts,
 * outgoing.ts, snapshot-writer.ts, awareness-sync.ts, membership-view.ts, local-state.ts,
 * provider-keys.ts and serial-queue.ts, sharing a SyncContext.
 *
 *   const provider = new EncryptedProvider(creds.relayUrl, SHARED_DOC_ID, doc, { credentials: creds, store });
 *   provider.on('status', ({ status }) => show(status));
 *   provider.on('error', (e) => { if (e.fatal) tellThePerson(e.message); });
 *   await provider.whenSynced();
 *   addEventListener('pagehide', () => void provider.persistNow());
 */
import * as Y from 'yjs';
import { ObservableV2 } from 'lib0/observable';
import * as awarenessProtocol from 'y-protocols/awareness';
import { scopeForDoc, type SecureBaseError } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { AwarenessSync } from './awareness-sync.js';
import { RelayConnection, type ConnectionHooks } from './connection.js';
import type { Credentials } from './credentials.js';
import { FrameRouter } from './frame-router.js';
import { IncomingStream } from './incoming-stream.js';
import { DesireReveals } from './desire-reveal.js';
import { LiveSignals } from './live-signal-sync.js';
import { LocalState } from './local-state.js';
import { MembershipView } from './membership-view.js';
import { OutgoingChanges } from './outgoing.js';
import { ProviderKeys } from './provider-keys.js';
import type { EncryptedProviderEvents, EncryptedProviderOptions, ProviderStatus } from './provider-options.js';
import { websocketUrl } from './relay-socket.js';
import { SerialQueue } from './serial-queue.js';
import { SnapshotWriter } from './snapshot-writer.js';
import { DEFAULT_SNAPSHOT_POLICY, type SnapshotPolicy } from './snapshots.js';
import { SpaceClient } from './space-client.js';
import type { SyncContext } from './sync-context.js';

export type { EncryptedProviderEvents, EncryptedProviderOptions, ProviderStatus } from './provider-options.js';

/** Encrypted, y-websocket-compatible Yjs provider for one document of a space. */
export class EncryptedProvider extends ObservableV2<EncryptedProviderEvents> {
  readonly doc: Y.Doc;
  readonly docId: string;
  readonly awareness: awarenessProtocol.Awareness;
  /** Pause and gentle checks with the partner, sealed like presence but always on (live-signal-sync.ts). */
  readonly signals: LiveSignals;
  /** The mutual reveal of desires, over sealed ephemerals (desire-reveal.ts). */
  readonly reveals: DesireReveals;
  /** Full ws URL including query params. */
  readonly url: string;
  wsconnected = false;
  wsconnecting = false;
  shouldConnect: boolean;

  private readonly keys: ProviderKeys;
  /** Serialises every state change that awaits (init, sealing, persistence, incoming frames). */
  private readonly queue: SerialQueue;
  private readonly local: LocalState;
  private readonly connection: RelayConnection;
  private readonly outgoing: OutgoingChanges;
  private readonly snapshots: SnapshotWriter;
  private readonly presence: AwarenessSync;
  private readonly router: FrameRouter;
  private destroyed = false;
  private syncWaiters: Array<() => void> = [];
  private _synced = false;

  constructor(serverUrl: string, docId: string, doc: Y.Doc, opts: EncryptedProviderOptions) {
    super();
    this.doc = doc;
    this.docId = docId;
    const scope = scopeForDoc(docId);
    const WS = opts.WebSocketPolyfill ?? globalThis.WebSocket;
    if (!WS) throw new TypeError('No WebSocket class: pass opts.WebSocketPolyfill (for example `ws` in Node)');
    const client = new SpaceClient(serverUrl, opts.fetch ? { fetch: opts.fetch } : {});
    this.url = websocketUrl(serverUrl, opts.credentials.spaceId, opts.params ?? {});
    // A local-only awareness keeps bindings that expect `provider.awareness` working; it is never sent.
    this.awareness = opts.awareness ?? new awarenessProtocol.Awareness(doc);
    this.shouldConnect = opts.connect ?? true;

    const report = (error: SecureBaseError): void => this.emit('error', [error]);
    const keys = (this.keys = new ProviderKeys(opts.credentials, scope, opts.refreshKeys));
    const queue = (this.queue = new SerialQueue(report));
    const persistDebounceMs = opts.persistDebounceMs ?? 200;
    const unobserved = (apply: () => void): void => {
      doc.off('update', this.onDocUpdate);
      try {
        apply();
      } finally {
        // Observed again whatever happened: a failed load must not leave local edits unsent.
        if (!this.destroyed) doc.on('update', this.onDocUpdate);
      }
    };
    const local = (this.local = new LocalState({ doc, docId, keys, store: opts.store, queue, origin: this, persistDebounceMs, unobserved }));
    const members = new MembershipView({ client, keys, local, scope });
    const maxBackoffTime = opts.maxBackoffTime ?? 2500;
    const hooks = this.connectionHooks(report);
    const connection = (this.connection = new RelayConnection({ url: this.url, WS, keys, maxBackoffTime, flags: this, hooks }));
    const ctx: SyncContext = { doc, docId, origin: this, keys, local, queue, connection, report };
    const outgoing = (this.outgoing = new OutgoingChanges(ctx, opts.mergeWindowMs ?? 30));
    const policy: SnapshotPolicy = { ...DEFAULT_SNAPSHOT_POLICY, ...opts.snapshotPolicy };
    const partnerOf = (device: string): string | undefined => members.partnerOf(device);
    const snapshots = (this.snapshots = new SnapshotWriter(ctx, { policy, outgoing, isSynced: () => this._synced, partnerOf }));
    const markSynced = (): void => {
      this.synced = true;
    };
    const incoming = new IncomingStream(ctx, { members, outgoing, snapshots, markSynced });
    const shared = opts.awareness !== undefined;
    const presence = (this.presence = new AwarenessSync(ctx, { awareness: this.awareness, shared, members }));
    const signals = (this.signals = new LiveSignals(ctx, members));
    const reveals = (this.reveals = new DesireReveals(ctx, members));
    const connected = (): void => this.setConnection('connected');
    this.router = new FrameRouter(ctx, { members, outgoing, snapshots, incoming, presence, signals, reveals, connected });

    // Whatever the doc held before the provider was attached is a local change too.
    const preexisting = doc.store.clients.size > 0 ? Y.encodeStateAsUpdate(doc) : undefined;
    doc.on('update', this.onDocUpdate);
    queue.start(() => this.init(preexisting));
    if (this.shouldConnect) this.connect();
  }

  /** True once the relay said this device has every stored update (until disconnected). */
  get synced(): boolean {
    return this._synced;
  }

  set synced(state: boolean) {
    if (this._synced === state) return;
    this._synced = state;
    if (state) for (const resolve of this.syncWaiters.splice(0)) resolve();
    this.emit('synced', [state]);
    this.emit('sync', [state]);
  }

  /**
   * The partner whose device introduced Yjs client id `client` in this document (the verified
   * binding, see client-bindings.ts), or undefined when no binding is known. The model reads
   * authorship from this and never from a field a client can set.
   */
  partnerOfClient(client: number): string | undefined {
    if (client === this.doc.clientID) return this.keys.credentials.partnerId;
    return this.local.authorship.bindings.partnerOf(client);
  }

  /** Highest relay sequence number consumed with nothing missing before it. */
  get lastSeq(): number {
    return this.local.log.lastSeq;
  }

  /** Sealed local changes the relay has not acknowledged yet. */
  get pendingCount(): number {
    return this.local.outbox.pending.length;
  }

  /** The credentials in use (replaced by `setCredentials` or a key refresh). */
  get credentials(): Credentials {
    return this.keys.credentials;
  }

  /** Use new credentials (after a rotation or new wraps): later envelopes use the newest epoch. */
  setCredentials(creds: Credentials): void {
    this.keys.replace(creds);
  }

  /** Resolves when the next (or current) `synced` state is reached. */
  whenSynced(): Promise<void> {
    if (this._synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** Resolves once every local change made so far is sealed and acked by the relay. */
  flush(): Promise<void> {
    return this.outgoing.flush();
  }

  /** Seal pending edits and write doc, progress and outbox now (for `pagehide`); resolves once written. */
  async persistNow(): Promise<void> {
    this.outgoing.sealNow();
    this.local.persistSoon();
    await this.queue.idle();
  }

  /** Start (or resume) connecting; reconnects automatically until `disconnect()`. */
  connect(): void {
    if (this.destroyed) return;
    this.shouldConnect = true;
    // After init, so clocks and lastSeq are loaded before the first frame is sent.
    this.connection.start(this.queue.idle());
  }

  /** Close the connection and stop reconnecting; local edits keep queueing in the outbox. */
  disconnect(): void {
    this.shouldConnect = false;
    this.connection.cancelReconnect();
    const conn = this.connection.ready;
    if (conn) this.presence.leave(conn);
    this.connection.drop(null);
  }

  /** Disconnect, stop observing the doc and write the final state; resolves once written. */
  override async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.disconnect();
    this.destroyed = true;
    this.local.close();
    this.doc.off('update', this.onDocUpdate);
    this.presence.detach();
    this.signals.detach();
    this.reveals.detach();
    this.outgoing.sealNow();
    this.local.persistSoon();
    this.outgoing.rejectWaiters(new Error('provider destroyed before the relay acknowledged'));
    // Observers stay attached until the final write is done, so a failing store is still reported.
    await this.queue.idle();
    super.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.local.docChanged(update);
    if (origin === this) return;
    this.outgoing.add(update);
  };

  /** The queue's first task: load local state; what the store lacks of the doc is a change to send. */
  private async init(preexisting: Uint8Array | undefined): Promise<void> {
    await readyCrypto();
    const unsaved = await this.local.load(preexisting);
    if (unsaved) this.outgoing.addFirst(unsaved);
    // What the doc held before the provider was attached (or the store lacked) is sent like any
    // local edit, store or not; edits made while loading are in the same buffer.
    this.outgoing.scheduleSeal();
  }

  /** What the socket's lifecycle means for the provider's flags and events. */
  private connectionHooks(report: (error: SecureBaseError) => void): ConnectionHooks {
    return {
      mayOpen: () => !this.destroyed && !this.queue.startError,
      opening: () => this.setConnection('connecting'),
      frame: (conn, frame) => this.queue.enqueue(() => this.router.route(conn, frame)),
      socketError: (event) => this.emit('connection-error', [event, this]),
      dropped: (event) => {
        // Nothing in flight on the old socket will be answered; partners' presence is unknown.
        this.outgoing.forgetInFlight();
        this.snapshots.forgetInFlight();
        this.presence.forgetRemote();
        this.setConnection('disconnected', event);
      },
      report,
    };
  }

  /** Update y-websocket's flags and emit `status` (after `synced` and `connection-close` on a drop). */
  private setConnection(status: ProviderStatus, closed: CloseEvent | null = null): void {
    this.wsconnecting = status === 'connecting';
    this.wsconnected = status === 'connected';
    if (status === 'disconnected') {
      this.synced = false;
      this.emit('connection-close', [closed, this]);
    }
    this.emit('status', [{ status }]);
  }
}
