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
 *   const provider = new EncryptedProvider(creds.relayUrl, SHARED_DOC_ID, doc, { credentials: creds, store });
 *   provider.on('status', ({ status }) => show(status));
 *   provider.on('error', (e) => { if (e.fatal) tellThePerson(e.message); });
 *   await provider.whenSynced();
 *   addEventListener('pagehide', () => void provider.persistNow());
 */
import * as Y from 'yjs';
import { ObservableV2 } from 'lib0/observable';
import * as awarenessProtocol from 'y-protocols/awareness';
import {
  CLOSE,
  PROTOCOL_VERSION,
  SecureBaseError,
  decodeEnvelope,
  decodeFrame,
  encodeFrame,
  errorCodeFromWire,
  scopeForDoc,
  toBase64Url,
  type Frame,
  type FrameOf,
  type KeyScope,
  type SequencedEnvelope,
} from '@securebase/protocol';
import { isMemberDevice, isRemovedDevice, openEnvelope, readyCrypto, signAuthChallenge, type MembershipState } from '@securebase/crypto';
import { reconnectDelay } from './backoff.js';
import { currentKey, keyForEpoch, type Credentials } from './credentials.js';
import { SyncLog } from './log-integrity.js';
import { fetchVerifiedMembershipFrom } from './membership.js';
import { Outbox, type SealAt } from './outbox.js';
import { PresenceChannel } from './presence.js';
import { decodeInbox, decodeOutbox, emptyInbox, encodeInbox, encodeOutbox, stateKeys } from './provider-state.js';
import { FATAL_CLOSE, asSecureBaseError, websocketUrl } from './relay-socket.js';
import { DEFAULT_SNAPSHOT_POLICY, openSnapshot, sealSnapshot, type SealedSnapshot, type SnapshotPolicy } from './snapshots.js';
import { SpaceClient } from './space-client.js';
import type { LocalStateStore } from './state-store.js';
import { openUpdate, sealUpdate } from './update-envelopes.js';

export { websocketUrl } from './relay-socket.js';

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

/** Times one stored entry is fetched again after failing its checks before it is skipped for good. */
const MAX_FETCH_ATTEMPTS = 3;

/** Origin of remote awareness changes (y-protocols convention); never re-broadcast. */
const REMOTE_ORIGIN = 'remote';

type Phase = 'handshake' | 'verifying' | 'ready';

interface Connection {
  socket: WebSocket;
  phase: Phase;
  /** Highest seq delivered on this socket: the relay's stream must strictly increase. */
  lastDeliveredSeq: number;
  /** Devices whose presence arrived on this socket; a newcomer gets ours back at once. */
  presencePeers: Set<string>;
}

type InFlight = { kind: 'push'; clock: number; envelope: Uint8Array } | { kind: 'snapshot'; sealed: SealedSnapshot };

/** Encrypted, y-websocket-compatible Yjs provider for one document of a space. */
export class EncryptedProvider extends ObservableV2<EncryptedProviderEvents> {
  readonly doc: Y.Doc;
  readonly docId: string;
  readonly awareness: awarenessProtocol.Awareness;
  /** Full ws URL including query params. */
  readonly url: string;
  wsconnected = false;
  wsconnecting = false;
  shouldConnect: boolean;

  private creds: Credentials;
  private readonly scope: KeyScope;
  private readonly store: LocalStateStore | undefined;
  private readonly keys: ReturnType<typeof stateKeys>;
  private readonly WS: typeof WebSocket;
  private readonly maxBackoffTime: number;
  private readonly mergeWindowMs: number;
  private readonly persistDebounceMs: number;
  private readonly snapshotPolicy: SnapshotPolicy;
  private readonly refreshKeys: (() => Promise<Credentials>) | undefined;
  private readonly client: SpaceClient;
  private readonly sharesAwareness: boolean;
  private readonly deviceKeyText: string;
  private readonly presence: PresenceChannel;

  private connection: Connection | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectAttempts = 0;
  private stoppedBy: SecureBaseError | undefined;
  private destroyed = false;

  private outbox = new Outbox({ ownClock: 0, pending: [] });
  private log = new SyncLog(emptyInbox());
  private membership: MembershipState | undefined;
  /** Own envelopes the relay acked at a seq we cannot fold yet (something before it is still coming). */
  private readonly ownAcked = new Map<number, { clock: number; envelope: Uint8Array }>();
  private readonly inFlight = new Map<number, InFlight>();
  private readonly fetchAttempts = new Map<number, number>();
  private nextRef = 1;
  private snapshotInFlight = false;
  /** After losing a snapshot race: catch up from the newest snapshot we know, to learn the winner. */
  private catchUpFromSnapshot = false;

  private localBuffer: Uint8Array[] = [];
  private mergeTimer: ReturnType<typeof setTimeout> | undefined;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private ackWaiters: Array<{ clock: number; resolve: () => void; reject: (e: Error) => void }> = [];
  private syncWaiters: Array<() => void> = [];
  private _synced = false;

  /** Serialises every state change that awaits (init, sealing, persistence, incoming frames). */
  private queue: Promise<void>;
  private initError: SecureBaseError | undefined;

  constructor(serverUrl: string, docId: string, doc: Y.Doc, opts: EncryptedProviderOptions) {
    super();
    this.doc = doc;
    this.docId = docId;
    this.creds = opts.credentials;
    this.scope = scopeForDoc(docId);
    this.store = opts.store;
    this.keys = stateKeys(this.creds.spaceId, docId);
    const WS = opts.WebSocketPolyfill ?? globalThis.WebSocket;
    if (!WS) throw new TypeError('No WebSocket class: pass opts.WebSocketPolyfill (for example `ws` in Node)');
    this.WS = WS;
    this.maxBackoffTime = opts.maxBackoffTime ?? 2500;
    this.mergeWindowMs = opts.mergeWindowMs ?? 30;
    this.persistDebounceMs = opts.persistDebounceMs ?? 200;
    this.snapshotPolicy = { ...DEFAULT_SNAPSHOT_POLICY, ...opts.snapshotPolicy };
    this.refreshKeys = opts.refreshKeys;
    this.client = new SpaceClient(serverUrl, opts.fetch ? { fetch: opts.fetch } : {});
    this.url = websocketUrl(serverUrl, this.creds.spaceId, opts.params ?? {});
    this.sharesAwareness = opts.awareness !== undefined;
    // A local-only awareness keeps bindings that expect `provider.awareness` working; it is never sent.
    this.awareness = opts.awareness ?? new awarenessProtocol.Awareness(doc);
    this.deviceKeyText = toBase64Url(this.creds.device.signPublicKey);
    this.presence = new PresenceChannel({ spaceId: this.creds.spaceId, docId, device: this.creds.device });
    this.shouldConnect = opts.connect ?? true;

    // Whatever the doc held before the provider was attached is a local change too.
    const preexisting = doc.store.clients.size > 0 ? Y.encodeStateAsUpdate(doc) : undefined;
    doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);

    this.queue = this.init(preexisting).catch((err: unknown) => {
      this.initError = asSecureBaseError(err);
      this.emit('error', [this.initError]);
    });
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

  /** Highest relay sequence number consumed with nothing missing before it. */
  get lastSeq(): number {
    return this.log.lastSeq;
  }

  /** Sealed local changes the relay has not acknowledged yet. */
  get pendingCount(): number {
    return this.outbox.pending.length;
  }

  /** The credentials in use (replaced by `setCredentials` or a key refresh). */
  get credentials(): Credentials {
    return this.creds;
  }

  /** Use new credentials (after a rotation or new wraps): later envelopes use the newest epoch. */
  setCredentials(creds: Credentials): void {
    if (creds.spaceId !== this.creds.spaceId || toBase64Url(creds.device.signPublicKey) !== this.deviceKeyText) {
      throw new RangeError('setCredentials: credentials of another space or device');
    }
    this.creds = creds;
  }

  /** Resolves when the next (or current) `synced` state is reached. */
  whenSynced(): Promise<void> {
    if (this._synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** Resolves once every local change made so far is sealed and acked by the relay. */
  async flush(): Promise<void> {
    this.sealNow();
    await this.queue;
    if (this.initError) throw this.initError;
    const target = this.outbox.ownClock;
    if (!this.outbox.pending.some((p) => p.clock <= target)) return;
    await new Promise<void>((resolve, reject) => this.ackWaiters.push({ clock: target, resolve, reject }));
  }

  /** Seal pending edits and write doc, progress and outbox now (for `pagehide`); resolves once written. */
  async persistNow(): Promise<void> {
    this.sealNow();
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    this.enqueue(() => this.persistDocAndInbox());
    await this.queue;
  }

  /** Start (or resume) connecting; reconnects automatically until `disconnect()`. */
  connect(): void {
    if (this.destroyed) return;
    this.shouldConnect = true;
    this.stoppedBy = undefined;
    if (!this.connection && !this.reconnectTimer) {
      // After init, so clocks and lastSeq are loaded before the first frame is sent.
      void this.queue.then(() => this.openSocket());
    }
  }

  /** Close the connection and stop reconnecting; local edits keep queueing in the outbox. */
  disconnect(): void {
    this.shouldConnect = false;
    this.clearReconnect();
    const conn = this.connection;
    if (conn?.phase === 'ready' && this.sharesAwareness) {
      // Tell partners we left rather than letting our presence time out.
      this.sendPresence(conn, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID], new Map()));
    }
    this.dropConnection(null);
  }

  /** Disconnect, stop observing the doc and write the final state; resolves once written. */
  override async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.disconnect();
    this.destroyed = true;
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    if (!this.sharesAwareness) this.awareness.destroy();
    this.sealNow();
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    this.enqueue(() => this.persistDocAndInbox());
    for (const w of this.ackWaiters.splice(0)) w.reject(new Error('provider destroyed before the relay acknowledged'));
    // Observers stay attached until the final write is done, so a failing store is still reported.
    await this.queue;
    super.destroy();
  }

  // ---- keys ----------------------------------------------------------------------------------

  private readonly keyForEpoch = (epoch: number): Uint8Array | undefined => keyForEpoch(this.creds, this.scope, epoch);

  private readonly sealAt: SealAt = (clock, update) =>
    sealUpdate({
      spaceId: this.creds.spaceId,
      docId: this.docId,
      device: this.creds.device,
      key: currentKey(this.creds, this.scope),
      clock,
      update,
      head: this.log.head(),
    });

  /** Ask the app for newer keys; true if the current epoch of our scope moved on. */
  private async refreshKeysOnce(): Promise<boolean> {
    if (!this.refreshKeys) return false;
    const before = this.currentEpoch();
    this.setCredentials(await this.refreshKeys());
    return this.currentEpoch() > before;
  }

  private currentEpoch(): number {
    return currentKey(this.creds, this.scope).epoch;
  }

  // ---- local changes -------------------------------------------------------------------------

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.schedulePersist();
    if (origin === this) return;
    this.localBuffer.push(update);
    // A fixed window from the first change bounds latency; a sliding one would starve while typing.
    this.mergeTimer ??= setTimeout(() => this.sealNow(), this.mergeWindowMs);
  };

  private sealNow(): void {
    if (this.mergeTimer) clearTimeout(this.mergeTimer);
    this.mergeTimer = undefined;
    if (this.localBuffer.length === 0) return;
    const updates = this.localBuffer;
    this.localBuffer = [];
    this.enqueue(() => this.seal(updates));
  }

  private async seal(updates: Uint8Array[]): Promise<void> {
    const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    const pending = this.outbox.add(update, this.sealAt);
    // Persisted before sending: a crash after the send must not reuse this clock for other bytes.
    await this.persistOutbox();
    if (this.connection?.phase === 'ready') this.sendPush(this.connection, pending.clock, pending.envelope);
  }

  private sendPush(conn: Connection, clock: number, envelope: Uint8Array): void {
    const ref = this.nextRef++;
    this.inFlight.set(ref, { kind: 'push', clock, envelope });
    this.send(conn, { type: 'push', docId: this.docId, ref, envelope });
  }

  private resendOutbox(conn: Connection): void {
    for (const pending of this.outbox.pending) this.sendPush(conn, pending.clock, pending.envelope);
  }

  private handleAck(frame: FrameOf<'ack'>): void {
    if (frame.docId !== this.docId) return;
    const sent = this.inFlight.get(frame.ref);
    if (!sent) return;
    this.inFlight.delete(frame.ref);
    if (sent.kind === 'snapshot') {
      this.snapshotInFlight = false;
      this.log.adoptSnapshot(sent.sealed.anchor, new Map());
      this.schedulePersist();
      return;
    }
    this.outbox.acked(sent.clock);
    // Own updates are not echoed back: fold ours at its seq once everything before it is in.
    if (frame.seq > this.log.lastSeq) this.ownAcked.set(frame.seq, { clock: sent.clock, envelope: sent.envelope });
    this.drainOwnAcked();
    this.enqueue(() => this.persistOutbox());
    this.schedulePersist();
    this.resolveAckWaiters();
    this.maybeWriteSnapshot();
  }

  private drainOwnAcked(): void {
    for (let next = this.ownAcked.get(this.log.lastSeq + 1); next; next = this.ownAcked.get(this.log.lastSeq + 1)) {
      this.ownAcked.delete(this.log.lastSeq + 1);
      this.log.recordClock(this.deviceKeyText, next.clock);
      this.log.fold(this.log.lastSeq + 1, next.envelope);
    }
    for (const seq of this.ownAcked.keys()) if (seq <= this.log.lastSeq) this.ownAcked.delete(seq);
  }

  private resolveAckWaiters(): void {
    const lowest = this.outbox.pending[0]?.clock ?? Infinity;
    this.ackWaiters = this.ackWaiters.filter((w) => {
      if (w.clock >= lowest) return true;
      w.resolve();
      return false;
    });
  }

  // ---- connection ----------------------------------------------------------------------------

  private openSocket(): void {
    if (!this.shouldConnect || this.connection || this.destroyed || this.initError) return;
    this.wsconnecting = true;
    this.emit('status', [{ status: 'connecting' }]);
    const socket = new this.WS(this.url);
    socket.binaryType = 'arraybuffer';
    const conn: Connection = { socket, phase: 'handshake', lastDeliveredSeq: 0, presencePeers: new Set() };
    this.connection = conn;
    socket.onopen = () => {
      if (this.connection !== conn) return;
      this.send(conn, {
        type: 'hello',
        protocolVersion: PROTOCOL_VERSION,
        spaceId: this.creds.spaceId,
        deviceKey: this.creds.device.signPublicKey,
      });
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.connection !== conn) return;
      const data = event.data as unknown;
      if (!(data instanceof ArrayBuffer)) {
        this.fail(new SecureBaseError('malformed-frame', 'text message from relay'));
        return;
      }
      let frame: Frame;
      try {
        frame = decodeFrame(new Uint8Array(data));
      } catch (err) {
        this.fail(asSecureBaseError(err));
        return;
      }
      this.enqueue(() => this.handleFrame(conn, frame));
    };
    socket.onerror = (event: Event) => {
      if (this.connection !== conn) return;
      this.emit('connection-error', [event, this]);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.connection !== conn) return;
      const code = FATAL_CLOSE[event.code];
      if (code && !this.stoppedBy) {
        this.stoppedBy = new SecureBaseError(code, `relay closed the connection (${event.code})`);
        this.shouldConnect = false;
        this.emit('error', [this.stoppedBy]);
      }
      this.dropConnection(event);
    };
  }

  /** Forget the current socket (closing it) and schedule a reconnect if still wanted. */
  private dropConnection(event: CloseEvent | null): void {
    const conn = this.connection;
    if (!conn) return;
    this.connection = undefined;
    conn.socket.onopen = conn.socket.onmessage = conn.socket.onerror = conn.socket.onclose = null;
    if (conn.socket.readyState === conn.socket.OPEN || conn.socket.readyState === conn.socket.CONNECTING) {
      conn.socket.close(CLOSE.NORMAL);
    }
    this.inFlight.clear();
    this.snapshotInFlight = false;
    const remote = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, remote, REMOTE_ORIGIN);
    this.wsconnecting = false;
    this.wsconnected = false;
    this.synced = false;
    this.emit('connection-close', [event, this]);
    this.emit('status', [{ status: 'disconnected' }]);
    if (this.shouldConnect && !this.destroyed) {
      const delay = reconnectDelay(this.reconnectAttempts++, this.maxBackoffTime);
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = undefined;
        this.openSocket();
      }, delay);
    }
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  /** Report one incident; fatal ones stop reconnecting, recoverable ones fetch again on a fresh connection. */
  private fail(error: SecureBaseError): void {
    this.emit('error', [error]);
    if (error.fatal) {
      this.stoppedBy = error;
      this.shouldConnect = false;
    }
    this.dropConnection(null);
  }

  private send(conn: Connection, frame: Frame): void {
    if (this.connection !== conn || conn.socket.readyState !== conn.socket.OPEN) return;
    conn.socket.send(encodeFrame(frame));
  }

  // ---- incoming frames -----------------------------------------------------------------------

  private async handleFrame(conn: Connection, frame: Frame): Promise<void> {
    if (this.connection !== conn) return;
    switch (frame.type) {
      case 'challenge':
        if (frame.protocolVersion !== PROTOCOL_VERSION) {
          this.fail(new SecureBaseError('unsupported-version', `relay speaks ${frame.protocolVersion}`));
          return;
        }
        this.send(conn, {
          type: 'auth',
          signature: signAuthChallenge(this.creds.device, { spaceId: this.creds.spaceId, nonce: frame.nonce }),
        });
        return;
      case 'welcome':
        await this.handleWelcome(conn, frame);
        return;
      case 'snapshot':
        if (this.readyFor(conn, frame.docId)) await this.handleSnapshot(conn, frame);
        return;
      case 'updates':
        if (this.readyFor(conn, frame.docId)) await this.handleUpdates(conn, frame.entries);
        return;
      case 'synced':
        if (this.readyFor(conn, frame.docId)) this.handleSynced(frame.headSeq);
        return;
      case 'ack':
        this.handleAck(frame);
        return;
      case 'error':
        await this.handleErrorFrame(frame);
        return;
      case 'ephemeral':
        if (this.readyFor(conn, frame.docId)) this.handleEphemeral(conn, frame.envelope);
        return;
      default:
        // hello, auth, subscribe, push and put-snapshot only travel client → relay.
        this.fail(new SecureBaseError('malformed-frame', `unexpected ${frame.type} frame from relay`));
    }
  }

  /** True when `conn` may carry document frames and the frame names our document. */
  private readyFor(conn: Connection, docId: string): boolean {
    if (conn.phase !== 'ready') return false;
    if (docId === this.docId) return true;
    // This socket subscribed to one document: a frame for another is substituted.
    this.fail(new SecureBaseError('wrong-document', 'the relay sent a frame for another document'));
    return false;
  }

  private async handleWelcome(conn: Connection, frame: FrameOf<'welcome'>): Promise<void> {
    if (conn.phase !== 'handshake') return;
    conn.phase = 'verifying';
    if (!this.membership || this.membership.head.seq !== frame.membershipHead) {
      try {
        await this.refreshMembership();
      } catch (err) {
        if (this.connection === conn) this.fail(asSecureBaseError(err));
        return;
      }
    }
    if (this.connection !== conn) return;
    conn.phase = 'ready';
    this.wsconnecting = false;
    this.wsconnected = true;
    this.emit('status', [{ status: 'connected' }]);
    const afterSeq = this.catchUpFromSnapshot ? (this.log.state.newestSnapshot?.coversSeq ?? 0) : this.log.lastSeq;
    this.send(conn, { type: 'subscribe', docId: this.docId, afterSeq });
    this.resendOutbox(conn);
    if (this.sharesAwareness && this.awareness.getLocalState() !== null) this.sendOwnPresence(conn);
  }

  private async refreshMembership(): Promise<MembershipState> {
    const state = await fetchVerifiedMembershipFrom(this.client, this.creds.spaceId, {
      known: this.log.state.membershipHead,
    });
    if (!isMemberDevice(state, this.creds.device.signPublicKey)) {
      throw new SecureBaseError('not-a-member', 'this device is not in the verified membership');
    }
    this.membership = state;
    this.log.state.membershipHead = { seq: state.head.seq, hash: state.head.hash };
    this.schedulePersist();
    return state;
  }

  /** May `deviceKey` have written under `epoch`? Looks the chain up again once if not (a device may have just joined). */
  private async mayAuthorFresh(deviceKey: Uint8Array, epoch: number, looked: { done: boolean }): Promise<boolean> {
    if (this.mayAuthor(deviceKey, epoch)) return true;
    if (looked.done) return false;
    looked.done = true;
    await this.refreshMembership();
    return this.mayAuthor(deviceKey, epoch);
  }

  private isMember(deviceKey: Uint8Array): boolean {
    return this.membership !== undefined && isMemberDevice(this.membership, deviceKey);
  }

  /**
   * A current member, or a removed device (or one whose partner left) writing under a key older
   * than the rotation that locked it out: what it wrote while a member stays readable. Until that
   * rotation lands (after a leave it comes later) the current key still predates the lockout.
   */
  private mayAuthor(deviceKey: Uint8Array, epoch: number): boolean {
    const state = this.membership;
    if (!state) return false;
    if (isMemberDevice(state, deviceKey)) return true;
    if (!isRemovedDevice(state, deviceKey)) return false;
    const current = state.epochs[this.scope];
    return current !== undefined && (epoch < current || state.pendingRotations.includes(this.scope));
  }

  private async handleUpdates(conn: Connection, entries: SequencedEnvelope[]): Promise<void> {
    // The relay numbers one document's log 1, 2, 3…; within one stream it never goes back.
    let previous = conn.lastDeliveredSeq;
    for (const entry of entries) {
      if (entry.seq <= previous) {
        this.fail(new SecureBaseError('reordered-update', `seq ${entry.seq} after ${previous}`));
        return;
      }
      previous = entry.seq;
    }
    conn.lastDeliveredSeq = previous;
    const looked = { done: false };
    const refreshed = { done: false };
    for (const entry of entries) {
      if (this.connection !== conn) return;
      this.drainOwnAcked();
      // Already folded: our own change, whose ack came first. Never applied twice.
      if (entry.seq <= this.log.lastSeq) continue;
      if (entry.seq > this.log.lastSeq + 1) {
        this.fail(new SecureBaseError('update-gap', `seq ${entry.seq} after ${this.log.lastSeq}`));
        return;
      }
      let consumed: boolean;
      try {
        consumed = await this.consumeEntry(entry, looked, refreshed);
      } catch (err) {
        // The membership or key lookup failed: nothing was applied; fetch again later.
        if (this.connection === conn) this.fail(asSecureBaseError(err));
        return;
      }
      if (!consumed) return;
    }
    this.drainOwnAcked();
    this.schedulePersist();
    this.maybeWriteSnapshot();
  }

  /** Check and apply the entry at lastSeq + 1; false when it stopped this connection. */
  private async consumeEntry(
    entry: SequencedEnvelope,
    looked: { done: boolean },
    refreshed: { done: boolean },
  ): Promise<boolean> {
    const context = { spaceId: this.creds.spaceId, docId: this.docId, keyForEpoch: this.keyForEpoch };
    let opened = openUpdate(entry.envelope, context);
    if (!opened.ok && opened.error.code === 'unknown-epoch' && !refreshed.done) {
      refreshed.done = true;
      if (await this.refreshKeysOnce()) opened = openUpdate(entry.envelope, context);
    }
    if (!opened.ok) return this.rejectEntry(entry, opened.error);
    const { header, author, payload } = opened.value;
    if (author === this.deviceKeyText) {
      // Our own change back from the log (a catch-up): already in the doc unless local state was
      // lost; applying it again is a no-op for Yjs either way.
      this.applyRemote(payload.update);
      await this.ownCommitted(header.clock, payload.update, entry.envelope);
      this.log.recordClock(author, header.clock);
      this.log.fold(entry.seq, entry.envelope);
      return true;
    }
    if (!(await this.mayAuthorFresh(header.author, header.epoch, looked))) {
      return this.rejectEntry(entry, new SecureBaseError('unknown-author', `seq ${entry.seq}`));
    }
    // The signed head first: a history that differs from ours explains any clock oddity after it.
    if (payload.head) {
      const fork = this.log.checkHead(payload.head, entry.seq);
      if (fork) {
        this.fail(fork);
        return false;
      }
    }
    const verdict = this.log.clockVerdict(author, header.clock);
    if (verdict === 'gap') {
      // The relay left out something this author sent: apply nothing more, fetch again.
      this.fail(new SecureBaseError('update-gap', `clock ${header.clock} after ${this.log.clockOf(author)}`));
      return false;
    }
    if (verdict === 'replay') {
      // An old change under a new seq: never applied again, but it is part of the log we fold.
      this.emit('error', [new SecureBaseError('replayed-update', `clock ${header.clock} after ${this.log.clockOf(author)}`)]);
      this.log.fold(entry.seq, entry.envelope);
      return true;
    }
    this.applyRemote(payload.update);
    this.log.recordClock(author, header.clock);
    this.log.fold(entry.seq, entry.envelope);
    this.fetchAttempts.delete(entry.seq);
    return true;
  }

  /**
   * An entry failed its checks: never applied. Recoverable failures are fetched again on a fresh
   * connection; an entry that fails MAX_FETCH_ATTEMPTS times is what the relay stores, so it is
   * consumed unapplied (except for a key we may still receive). Returns whether to go on.
   */
  private rejectEntry(entry: SequencedEnvelope, error: SecureBaseError): boolean {
    const attempts = (this.fetchAttempts.get(entry.seq) ?? 0) + 1;
    if (error.fatal || error.code === 'unknown-epoch' || attempts < MAX_FETCH_ATTEMPTS) {
      this.fetchAttempts.set(entry.seq, attempts);
      this.fail(error);
      return false;
    }
    this.fetchAttempts.delete(entry.seq);
    this.emit('error', [error]);
    this.log.fold(entry.seq, entry.envelope);
    return true;
  }

  private applyRemote(update: Uint8Array): void {
    try {
      Y.applyUpdate(this.doc, update, this);
    } catch (err) {
      // Authentic but not a valid Yjs update (a buggy peer): report it; never throw into Yjs users.
      this.emit('error', [new SecureBaseError('invalid-update', (err as Error).message)]);
    }
  }

  /** The log holds our change `clock`: settle the outbox; re-send what turned out never committed. */
  private async ownCommitted(clock: number, update: Uint8Array | undefined, envelope: Uint8Array | undefined): Promise<void> {
    const before = this.outbox.state;
    const resealed = this.outbox.committed(clock, update, envelope, this.sealAt);
    if (this.outbox.state === before) return;
    await this.persistOutbox();
    this.resolveAckWaiters();
    if (resealed && this.connection?.phase === 'ready') {
      // Earlier sends of these clocks are void; start over so the relay sees them in order.
      this.dropConnection(null);
    }
  }

  private async handleSnapshot(conn: Connection, frame: FrameOf<'snapshot'>): Promise<void> {
    // A snapshot jumps the stream forward (the relay may send one mid-catch-up); never back.
    if (frame.coversSeq <= conn.lastDeliveredSeq) {
      this.fail(new SecureBaseError('reordered-update', `snapshot of seq ${frame.coversSeq} after seq ${conn.lastDeliveredSeq}`));
      return;
    }
    let opened: ReturnType<typeof openSnapshot>;
    try {
      opened = await this.openSnapshotFrame(frame);
    } catch (err) {
      if (this.connection === conn) this.fail(asSecureBaseError(err));
      return;
    }
    if (this.connection !== conn) return;
    // A snapshot cannot be skipped (the updates it covers are pruned): a bad one is fetched again.
    if (!opened.ok) {
      this.fail(opened.error);
      return;
    }
    const { payload, anchor, clocks } = opened.value;
    const problem = this.log.checkSnapshot(anchor.coversSeq, anchor.logHash);
    if (problem) {
      this.fail(problem);
      return;
    }
    if (anchor.coversSeq > this.log.lastSeq) {
      try {
        Y.applyUpdate(this.doc, payload.state, this);
      } catch (err) {
        this.fail(new SecureBaseError('invalid-update', `snapshot state: ${(err as Error).message}`));
        return;
      }
      const ownClock = clocks.get(this.deviceKeyText);
      if (ownClock !== undefined) await this.ownCommitted(ownClock, undefined, undefined);
    }
    this.log.adoptSnapshot(anchor, clocks);
    conn.lastDeliveredSeq = anchor.coversSeq;
    this.drainOwnAcked();
    this.catchUpFromSnapshot = false;
    this.schedulePersist();
  }

  /** Open a snapshot frame, looking membership or keys up again once if they may be out of date. */
  private async openSnapshotFrame(frame: FrameOf<'snapshot'>): Promise<ReturnType<typeof openSnapshot>> {
    const open = (): ReturnType<typeof openSnapshot> =>
      openSnapshot(frame.envelope, frame.coversSeq, {
        spaceId: this.creds.spaceId,
        docId: this.docId,
        keyForEpoch: this.keyForEpoch,
        mayAuthor: (key, epoch) => this.mayAuthor(key, epoch),
      });
    const first = open();
    if (first.ok) return first;
    if (first.error.code === 'unknown-author') {
      await this.refreshMembership();
      return open();
    }
    if (first.error.code === 'unknown-epoch' && (await this.refreshKeysOnce())) return open();
    return first;
  }

  private handleSynced(headSeq: number): void {
    this.drainOwnAcked();
    const problem = this.log.checkSyncedHead(headSeq);
    if (problem) {
      this.fail(problem);
      return;
    }
    this.reconnectAttempts = 0;
    this.catchUpFromSnapshot = false;
    this.synced = true;
    this.maybeWriteSnapshot();
  }

  private async handleErrorFrame(frame: FrameOf<'error'>): Promise<void> {
    const error = new SecureBaseError(errorCodeFromWire(frame.code), frame.detail);
    const sent = frame.ref === 0 ? undefined : this.inFlight.get(frame.ref);
    if (sent) this.inFlight.delete(frame.ref);
    if (sent?.kind === 'snapshot' && !error.fatal) {
      this.snapshotInFlight = false;
      // Try again only after another full interval, whatever went wrong.
      this.log.state.sinceSnapshot = { updates: 0, bytes: 0 };
      if (error.code === 'snapshot-conflict') {
        // Another device's snapshot won: ours is simply dropped, nothing is lost (the updates are
        // all in the log). Learn the winner, the parent of the next one, from a fresh catch-up.
        this.catchUpFromSnapshot = true;
        this.dropConnection(null);
        return;
      }
      this.emit('error', [error]);
      return;
    }
    if (error.code === 'stale-epoch' && sent?.kind === 'push') {
      await this.handleStaleEpoch(sent.clock, decodeEnvelope(sent.envelope).header.epoch, error);
      return;
    }
    if (error.fatal) {
      this.fail(error);
      return;
    }
    this.emit('error', [error]);
    // A refused clock means the relay and this device disagree on what was sent: start over,
    // re-sending the outbox from the relay's point of view.
    if (error.code === 'clock-conflict') this.dropConnection(null);
  }

  /** The relay refused our change `clock` as sealed under an old epoch: re-seal it and what follows. */
  private async handleStaleEpoch(clock: number, sealedEpoch: number, error: SecureBaseError): Promise<void> {
    if (this.currentEpoch() <= sealedEpoch) {
      try {
        await this.refreshKeysOnce();
      } catch (err) {
        this.fail(asSecureBaseError(err));
        return;
      }
    }
    if (this.currentEpoch() <= sealedEpoch) {
      // No newer key yet: say so, and try again on a fresh connection.
      this.fail(error);
      return;
    }
    // Nothing from `clock` on was committed (the relay refuses the rest as clock conflicts).
    this.outbox.resealFrom(clock, this.sealAt);
    await this.persistOutbox();
    this.dropConnection(null);
  }

  // ---- snapshots -----------------------------------------------------------------------------

  /** Write a snapshot when one is due and the doc holds exactly the log up to lastSeq. */
  private maybeWriteSnapshot(): void {
    const conn = this.connection;
    if (!conn || conn.phase !== 'ready' || !this._synced || this.snapshotInFlight) return;
    if (!this.log.snapshotDue(this.snapshotPolicy.everyUpdates, this.snapshotPolicy.everyBytes)) return;
    // Unsent or unfolded own changes would put into the snapshot state what the log lacks.
    if (this.outbox.pending.length > 0 || this.localBuffer.length > 0 || this.ownAcked.size > 0) return;
    const sealed = sealSnapshot({
      spaceId: this.creds.spaceId,
      docId: this.docId,
      device: this.creds.device,
      key: currentKey(this.creds, this.scope),
      state: Y.encodeStateAsUpdate(this.doc),
      log: this.log,
    });
    const ref = this.nextRef++;
    this.inFlight.set(ref, { kind: 'snapshot', sealed });
    this.snapshotInFlight = true;
    this.send(conn, {
      type: 'put-snapshot',
      docId: this.docId,
      ref,
      parentHash: sealed.parentHash,
      coversSeq: sealed.anchor.coversSeq,
      envelope: sealed.envelope,
    });
  }

  // ---- presence (only when the app passed an awareness) ---------------------------------------

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (!this.sharesAwareness || origin === REMOTE_ORIGIN) return;
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    // Only our own state is ours to sign; partners' states come from their devices.
    if (!changed.includes(this.doc.clientID)) return;
    const conn = this.connection;
    if (conn?.phase === 'ready') this.sendOwnPresence(conn);
  };

  private sendOwnPresence(conn: Connection): void {
    this.sendPresence(conn, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
  }

  private sendPresence(conn: Connection, update: Uint8Array): void {
    const envelope = this.presence.seal(update, currentKey(this.creds, this.scope));
    this.send(conn, { type: 'ephemeral', docId: this.docId, envelope });
  }

  private handleEphemeral(conn: Connection, envelope: Uint8Array): void {
    if (!this.sharesAwareness) return;
    const verdict = this.presence.open(envelope, { keyForEpoch: this.keyForEpoch, isMember: (key) => this.isMember(key) });
    if (verdict.kind === 'rejected') {
      this.emit('error', [verdict.error]);
      return;
    }
    // A stale presence message (replayed or late) is dropped: it can only show an old state.
    if (verdict.kind === 'stale') return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, verdict.update, REMOTE_ORIGIN);
    } catch (err) {
      this.emit('error', [new SecureBaseError('invalid-update', `awareness: ${(err as Error).message}`)]);
      return;
    }
    if (!conn.presencePeers.has(verdict.author)) {
      conn.presencePeers.add(verdict.author);
      // A device that just arrived has not seen us yet; awareness renews only every 15 s.
      if (this.awareness.getLocalState() !== null) this.sendOwnPresence(conn);
    }
  }

  // ---- local state ---------------------------------------------------------------------------

  private async init(preexisting: Uint8Array | undefined): Promise<void> {
    await readyCrypto();
    if (!this.store) {
      if (preexisting) this.localBuffer.unshift(preexisting);
      return;
    }
    const [docBytes, inboxBytes, outboxBytes] = await Promise.all([
      this.store.get(this.keys.doc),
      this.store.get(this.keys.inbox),
      this.store.get(this.keys.outbox),
    ]);
    if (outboxBytes) this.outbox = new Outbox(decodeOutbox(outboxBytes));
    if (inboxBytes) this.log = new SyncLog(decodeInbox(inboxBytes));
    if (docBytes) Y.applyUpdate(this.doc, docBytes, this);
    // Outbox v1 kept envelopes only; their plaintext was the bare Yjs update.
    this.outbox.fillUpdates((p) => {
      const opened = openEnvelope(p.envelope, { spaceId: this.creds.spaceId, docId: this.docId, keyForEpoch: this.keyForEpoch });
      if (!opened.ok) throw opened.error;
      return opened.value.plaintext;
    });
    // The doc write is debounced, the outbox write is not: changes sealed just before a crash
    // may be in the outbox only, so put them back into the doc.
    for (const pending of this.outbox.pending) if (pending.update) Y.applyUpdate(this.doc, pending.update, this);
    if (preexisting) {
      const missing = docBytes ? Y.diffUpdate(preexisting, Y.encodeStateVectorFromUpdate(docBytes)) : preexisting;
      if (hasChanges(missing)) this.localBuffer.unshift(missing);
    }
    if (this.localBuffer.length > 0 && !this.mergeTimer) {
      this.mergeTimer = setTimeout(() => this.sealNow(), this.mergeWindowMs);
    }
  }

  private schedulePersist(): void {
    if (!this.store || this.destroyed || this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.enqueue(() => this.persistDocAndInbox());
    }, this.persistDebounceMs);
  }

  private async persistDocAndInbox(): Promise<void> {
    if (!this.store || this.initError) return;
    // Order matters: progress (inbox) must never be recorded ahead of the doc state it describes.
    await this.store.set(this.keys.doc, Y.encodeStateAsUpdate(this.doc));
    await this.store.set(this.keys.inbox, encodeInbox(this.log.state));
  }

  private async persistOutbox(): Promise<void> {
    if (!this.store) return;
    await this.store.set(this.keys.outbox, encodeOutbox(this.outbox.state));
  }

  private enqueue(task: () => void | Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.initError) return;
      try {
        await task();
      } catch (err) {
        // A failing store or a bug must surface, not silently stall the queue.
        this.emit('error', [asSecureBaseError(err)]);
      }
    });
  }
}

function hasChanges(update: Uint8Array): boolean {
  const decoded = Y.decodeUpdate(update);
  return decoded.structs.length > 0 || decoded.ds.clients.size > 0;
}
