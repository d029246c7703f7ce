/**
 * EncryptedProvider: syncs one Y.Doc through the zero-knowledge relay, y-websocket style, so
 * Yjs editor bindings work unchanged. Local changes are merged over a short window, sealed into
 * signed envelopes with the next own clock, kept in a persisted outbox until the relay acks
 * them, and re-sent verbatim after a reconnect. Remote envelopes are opened, their author checked
 * against the verified membership chain and their per-author clock checked for drops and replays
 * before Yjs ever sees them. Every rejected frame or envelope is reported as an `error` event.
 *
 *   const provider = new EncryptedProvider(creds.relayUrl, SHARED_DOC_ID, doc, { credentials: creds, store });
 *   provider.on('status', ({ status }) => show(status));
 *   provider.on('error', (e) => { if (e.fatal) tellThePerson(e.message); });
 *   await provider.whenSynced();
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
  toBase64Url,
  type ErrorCode,
  type Frame,
  type FrameOf,
  type SequencedEnvelope,
} from '@securebase/protocol';
import {
  isMemberDevice,
  openEnvelope,
  readyCrypto,
  sealEnvelope,
  signAuthChallenge,
  type MembershipState,
} from '@securebase/crypto';
import { reconnectDelay } from './backoff.js';
import type { Credentials } from './credentials.js';
import { fetchVerifiedMembershipFrom } from './membership.js';
import {
  decodeInbox,
  decodeOutbox,
  encodeInbox,
  encodeOutbox,
  stateKeys,
  type InboxState,
  type OutboxState,
  type PendingEnvelope,
} from './provider-state.js';
import { SpaceClient } from './space-client.js';
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
  /** Share presence through this awareness; without it nothing ephemeral is ever sent. */
  awareness?: awarenessProtocol.Awareness;
  /** Local updates within this many ms become one envelope (default 30). */
  mergeWindowMs?: number;
  /** fetch for the membership calls; defaults to globalThis.fetch. */
  fetch?: typeof fetch;
  /** Debounce of the doc-state write to the store, in ms (default 200). */
  persistDebounceMs?: number;
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

// Close codes after which reconnecting cannot help: the person must act.
const FATAL_CLOSE: Partial<Record<number, ErrorCode>> = {
  [CLOSE.PROTOCOL_ERROR]: 'malformed-frame',
  [CLOSE.UNSUPPORTED_VERSION]: 'unsupported-version',
  [CLOSE.AUTH_FAILED]: 'auth-failed',
  [CLOSE.UNKNOWN_SPACE]: 'unknown-space',
  [CLOSE.NOT_A_MEMBER]: 'not-a-member',
  [CLOSE.QUOTA_EXCEEDED]: 'quota-exceeded',
};

// How many recent (author, clock) signatures to remember per author, to tell an identical
// duplicate (ignored) from a replay of different bytes under an old clock (reported).
const RECENT_SIGNATURES = 256;

type Phase = 'handshake' | 'verifying' | 'ready';

interface Connection {
  socket: WebSocket;
  phase: Phase;
}

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

  private readonly creds: Credentials;
  private readonly store: LocalStateStore | undefined;
  private readonly keys: ReturnType<typeof stateKeys>;
  private readonly WS: typeof WebSocket;
  private readonly maxBackoffTime: number;
  private readonly mergeWindowMs: number;
  private readonly persistDebounceMs: number;
  private readonly client: SpaceClient;
  private readonly sharesAwareness: boolean;
  private readonly deviceKeyText: string;

  private connection: Connection | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectAttempts = 0;
  private stoppedBy: SecureBaseError | undefined;
  private destroyed = false;

  private outbox: OutboxState = { ownClock: 0, pending: [] };
  private inbox: InboxState = { lastSeq: 0, authorClocks: new Map(), membershipHead: undefined };
  private membership: MembershipState | undefined;
  private readonly recentSignatures = new Map<string, Map<number, string>>();
  private readonly refs = new Map<number, number>(); // push ref → clock
  private nextRef = 1;
  private ephemeralClock = 0;

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
    this.store = opts.store;
    this.keys = stateKeys(this.creds.spaceId, docId);
    const WS = opts.WebSocketPolyfill ?? globalThis.WebSocket;
    if (!WS) throw new TypeError('No WebSocket class: pass opts.WebSocketPolyfill (for example `ws` in Node)');
    this.WS = WS;
    this.maxBackoffTime = opts.maxBackoffTime ?? 2500;
    this.mergeWindowMs = opts.mergeWindowMs ?? 30;
    this.persistDebounceMs = opts.persistDebounceMs ?? 200;
    this.client = new SpaceClient(serverUrl, opts.fetch ? { fetch: opts.fetch } : {});
    this.url = websocketUrl(serverUrl, this.creds.spaceId, opts.params ?? {});
    this.sharesAwareness = opts.awareness !== undefined;
    // A local-only awareness keeps bindings that expect `provider.awareness` working; it is never sent.
    this.awareness = opts.awareness ?? new awarenessProtocol.Awareness(doc);
    this.deviceKeyText = toBase64Url(this.creds.device.signPublicKey);
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

  /** Highest relay sequence number applied with nothing missing before it. */
  get lastSeq(): number {
    return this.inbox.lastSeq;
  }

  /** Sealed local changes the relay has not acknowledged yet. */
  get pendingCount(): number {
    return this.outbox.pending.length;
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
    const plaintext = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    const clock = this.outbox.ownClock + 1;
    const envelope = sealEnvelope({
      header: {
        spaceId: this.creds.spaceId,
        docId: this.docId,
        epoch: this.creds.currentEpoch,
        author: this.creds.device.signPublicKey,
        clock,
        kind: 'update',
      },
      plaintext,
      epochKey: this.epochKey(this.creds.currentEpoch),
      device: this.creds.device,
    });
    const pending: PendingEnvelope = { clock, envelope };
    this.outbox = { ownClock: clock, pending: [...this.outbox.pending, pending] };
    // Persisted before sending: a crash after the send must not reuse this clock for other bytes.
    await this.persistOutbox();
    if (this.connection?.phase === 'ready') this.sendPush(this.connection, pending);
  }

  private sendPush(conn: Connection, pending: PendingEnvelope): void {
    const ref = this.nextRef++;
    this.refs.set(ref, pending.clock);
    this.send(conn, { type: 'push', docId: this.docId, ref, envelope: pending.envelope });
  }

  private handleAck(frame: FrameOf<'ack'>): void {
    if (frame.docId !== this.docId) return;
    const clock = this.refs.get(frame.ref);
    if (clock === undefined) return;
    this.refs.delete(frame.ref);
    // The relay commits one author's envelopes in clock order, so an ack covers every lower clock.
    this.outbox = { ...this.outbox, pending: this.outbox.pending.filter((p) => p.clock > clock) };
    // Own updates are not echoed back; counting this seq is safe only when nothing precedes it unseen.
    if (frame.seq === this.inbox.lastSeq + 1) this.inbox.lastSeq = frame.seq;
    this.enqueue(() => this.persistOutbox());
    this.schedulePersist();
    this.resolveAckWaiters();
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
    const conn: Connection = { socket, phase: 'handshake' };
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
    this.refs.clear();
    const remote = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, remote, this);
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

  /** Report an error; fatal ones stop reconnecting, recoverable ones start a fresh connection. */
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
      case 'updates':
        if (conn.phase === 'ready' && frame.docId === this.docId) await this.handleUpdates(conn, frame.entries);
        return;
      case 'synced':
        if (conn.phase === 'ready' && frame.docId === this.docId) {
          this.reconnectAttempts = 0;
          this.synced = true;
        }
        return;
      case 'ack':
        this.handleAck(frame);
        return;
      case 'error':
        this.handleErrorFrame(frame);
        return;
      case 'ephemeral':
        if (conn.phase === 'ready' && frame.docId === this.docId) this.handleEphemeral(frame.envelope);
        return;
      default:
        // hello, auth, subscribe and push only travel client → relay.
        this.fail(new SecureBaseError('malformed-frame', `unexpected ${frame.type} frame from relay`));
    }
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
    this.send(conn, { type: 'subscribe', docId: this.docId, afterSeq: this.inbox.lastSeq });
    this.refs.clear();
    for (const pending of this.outbox.pending) this.sendPush(conn, pending);
    if (this.sharesAwareness && this.awareness.getLocalState() !== null) {
      this.sendAwareness(conn, [this.doc.clientID]);
    }
  }

  private async refreshMembership(): Promise<MembershipState> {
    const state = await fetchVerifiedMembershipFrom(this.client, this.creds.spaceId, {
      known: this.inbox.membershipHead,
    });
    if (!isMemberDevice(state, this.creds.device.signPublicKey)) {
      throw new SecureBaseError('not-a-member', 'this device is not in the verified membership');
    }
    this.membership = state;
    this.inbox.membershipHead = { seq: state.head.seq, hash: state.head.hash };
    this.schedulePersist();
    return state;
  }

  private async handleUpdates(conn: Connection, entries: SequencedEnvelope[]): Promise<void> {
    let refreshed = false;
    for (const entry of entries) {
      if (this.connection !== conn) return;
      if (entry.seq <= this.inbox.lastSeq) continue;
      const opened = openEnvelope(entry.envelope, {
        spaceId: this.creds.spaceId,
        docId: this.docId,
        keyForEpoch: (epoch: number) => this.creds.epochKeys[epoch],
      });
      if (!opened.ok) {
        // Tampered or undecryptable: never applied. Skipped for good, or every reconnect would stall here.
        this.emit('error', [opened.error]);
        this.inbox.lastSeq = entry.seq;
        continue;
      }
      const { header, plaintext } = opened.value;
      if (header.kind !== 'update') {
        this.emit('error', [new SecureBaseError('invalid-update', `unexpected ${header.kind} envelope in the update stream`)]);
        this.inbox.lastSeq = entry.seq;
        continue;
      }
      const author = toBase64Url(header.author);
      if (author === this.deviceKeyText) {
        // Our own change coming back in a catch-up: already in the doc, unless local state was
        // lost before it was written; applying it again is a no-op for Yjs either way.
        this.applyRemote(plaintext);
        this.dropPendingUpTo(header.clock, entry.envelope);
        this.inbox.lastSeq = entry.seq;
        continue;
      }
      if (!this.isMember(header.author)) {
        // A partner who joined after we last looked is a member we do not know yet: look once.
        if (!refreshed) {
          refreshed = true;
          try {
            await this.refreshMembership();
          } catch (err) {
            this.fail(asSecureBaseError(err));
            return;
          }
        }
        if (!this.isMember(header.author)) {
          this.emit('error', [new SecureBaseError('unknown-author', `seq ${entry.seq}`)]);
          this.inbox.lastSeq = entry.seq;
          continue;
        }
      }
      const last = this.inbox.authorClocks.get(author) ?? 0;
      const signature = toBase64Url(decodeEnvelope(entry.envelope).signature);
      if (header.clock <= last) {
        if (this.recentSignatures.get(author)?.get(header.clock) !== signature) {
          this.emit('error', [new SecureBaseError('replayed-update', `clock ${header.clock} after ${last}`)]);
        }
        this.inbox.lastSeq = entry.seq;
        continue;
      }
      if (header.clock > last + 1) {
        // Something from this author is missing: apply nothing more, fetch again from lastSeq.
        this.fail(new SecureBaseError('update-gap', `clock ${header.clock} after ${last}`));
        return;
      }
      this.applyRemote(plaintext);
      this.inbox.authorClocks.set(author, header.clock);
      this.rememberSignature(author, header.clock, signature);
      this.inbox.lastSeq = entry.seq;
    }
    this.schedulePersist();
  }

  private applyRemote(update: Uint8Array): void {
    try {
      Y.applyUpdate(this.doc, update, this);
    } catch (err) {
      // Authentic but not a valid Yjs update (a buggy peer): report it; never throw into Yjs users.
      this.emit('error', [new SecureBaseError('invalid-update', (err as Error).message)]);
    }
  }

  private dropPendingUpTo(clock: number, envelope: Uint8Array): void {
    const match = this.outbox.pending.find((p) => p.clock === clock);
    if (!match || !sameBytes(match.envelope, envelope)) return;
    this.outbox = { ...this.outbox, pending: this.outbox.pending.filter((p) => p.clock > clock) };
    this.enqueue(() => this.persistOutbox());
    this.resolveAckWaiters();
  }

  private isMember(deviceKey: Uint8Array): boolean {
    return this.membership !== undefined && isMemberDevice(this.membership, deviceKey);
  }

  private rememberSignature(author: string, clock: number, signature: string): void {
    let recent = this.recentSignatures.get(author);
    if (!recent) this.recentSignatures.set(author, (recent = new Map()));
    recent.set(clock, signature);
    if (recent.size > RECENT_SIGNATURES) recent.delete(recent.keys().next().value as number);
  }

  private handleErrorFrame(frame: FrameOf<'error'>): void {
    const error = new SecureBaseError(errorCodeFromWire(frame.code), frame.detail);
    if (error.fatal) {
      this.fail(error);
      return;
    }
    this.emit('error', [error]);
    // A refused clock means the relay and this device disagree on what was sent: start over,
    // re-sending the outbox from the relay's point of view.
    if (error.code === 'clock-conflict') this.dropConnection(null);
  }

  // ---- awareness (only when the app passed one) -----------------------------------------------

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (!this.sharesAwareness || origin === this) return;
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    // Only our own state is ours to sign; partners' states come from their devices.
    if (!changed.includes(this.doc.clientID)) return;
    const conn = this.connection;
    if (conn?.phase === 'ready') this.sendAwareness(conn, [this.doc.clientID]);
  };

  private sendAwareness(conn: Connection, clients: number[]): void {
    const envelope = sealEnvelope({
      header: {
        spaceId: this.creds.spaceId,
        docId: this.docId,
        epoch: this.creds.currentEpoch,
        author: this.creds.device.signPublicKey,
        clock: ++this.ephemeralClock,
        kind: 'ephemeral',
      },
      plaintext: awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients),
      epochKey: this.epochKey(this.creds.currentEpoch),
      device: this.creds.device,
    });
    this.send(conn, { type: 'ephemeral', docId: this.docId, envelope });
  }

  private handleEphemeral(envelope: Uint8Array): void {
    if (!this.sharesAwareness) return;
    const opened = openEnvelope(envelope, {
      spaceId: this.creds.spaceId,
      docId: this.docId,
      keyForEpoch: (epoch: number) => this.creds.epochKeys[epoch],
    });
    if (!opened.ok) {
      this.emit('error', [opened.error]);
      return;
    }
    const { header, plaintext } = opened.value;
    if (header.kind !== 'ephemeral' || !this.isMember(header.author)) {
      this.emit('error', [new SecureBaseError(header.kind !== 'ephemeral' ? 'invalid-update' : 'unknown-author', 'ephemeral')]);
      return;
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, plaintext, this);
    } catch (err) {
      this.emit('error', [new SecureBaseError('invalid-update', `awareness: ${(err as Error).message}`)]);
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
    if (outboxBytes) this.outbox = decodeOutbox(outboxBytes);
    if (inboxBytes) this.inbox = decodeInbox(inboxBytes);
    if (docBytes) Y.applyUpdate(this.doc, docBytes, this);
    // The doc write is debounced, the outbox write is not: changes sealed just before a crash
    // may be in the outbox only, so put them back into the doc.
    for (const pending of this.outbox.pending) {
      const opened = openEnvelope(pending.envelope, {
        spaceId: this.creds.spaceId,
        docId: this.docId,
        keyForEpoch: (epoch: number) => this.creds.epochKeys[epoch],
      });
      if (!opened.ok) throw opened.error;
      Y.applyUpdate(this.doc, opened.value.plaintext, this);
    }
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
    await this.store.set(this.keys.inbox, encodeInbox(this.inbox));
  }

  private async persistOutbox(): Promise<void> {
    if (!this.store) return;
    await this.store.set(this.keys.outbox, encodeOutbox(this.outbox));
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

  private epochKey(epoch: number): Uint8Array {
    const key = this.creds.epochKeys[epoch];
    if (!key) throw new SecureBaseError('unknown-epoch', `no key for epoch ${epoch}`);
    return key;
  }
}

/** ws(s)://host/…/v1/spaces/:spaceId/ws?params from the relay's http(s) base URL. */
export function websocketUrl(serverUrl: string, spaceId: string, params: Record<string, string>): string {
  const base = serverUrl.replace(/\/+$/, '').replace(/^http/, 'ws');
  const query = new URLSearchParams(params).toString();
  return `${base}/v1/spaces/${encodeURIComponent(spaceId)}/ws${query ? `?${query}` : ''}`;
}

function hasChanges(update: Uint8Array): boolean {
  const decoded = Y.decodeUpdate(update);
  return decoded.structs.length > 0 || decoded.ds.clients.size > 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function asSecureBaseError(err: unknown): SecureBaseError {
  if (err instanceof SecureBaseError) return err;
  // Not caused by a peer (a failing local store, a bug); still reported through the one error type.
  const wrapped = new SecureBaseError('server-error', `local failure: ${err instanceof Error ? err.message : String(err)}`);
  (wrapped as Error).cause = err;
  return wrapped;
}
