/**
 * The provider's socket to the relay: opening it, the handshake (hello → challenge → auth; the
 * provider verifies the membership named in `welcome`), decoding frames, close codes that end
 * reconnecting, and reconnecting with backoff. It knows nothing about documents: decoded frames
 * and drops go to the provider through `ConnectionHooks`.
 *
 *   const connection = new RelayConnection({ url, WS, keys, maxBackoffTime, flags: provider, hooks });
 *   connection.start(queue.idle());              // open once local state is loaded
 *   connection.send(conn, { type: 'subscribe', docId, afterSeq });
 *   connection.fail(new SecureBaseError('update-gap')); // report, drop, fetch again on a new socket
 */
import {
  CLOSE,
  PROTOCOL_VERSION,
  SecureBaseError,
  decodeFrame,
  encodeFrame,
  type Frame,
  type FrameOf,
} from '@securebase/protocol';
import { signAuthChallenge } from '@securebase/crypto';
import { reconnectDelay } from './backoff.js';
import type { ProviderKeys } from './provider-keys.js';
import { FATAL_CLOSE, asSecureBaseError } from './relay-socket.js';

/** handshake: until `welcome`; verifying: checking the membership it names; ready: syncing. */
export type Phase = 'handshake' | 'verifying' | 'ready';

/** One socket and what the provider tracks per socket. */
export interface Connection {
  socket: WebSocket;
  phase: Phase;
  /** Highest seq delivered on this socket: the relay's stream must strictly increase. */
  lastDeliveredSeq: number;
  /** Devices whose presence arrived on this socket; a newcomer gets ours back at once. */
  presencePeers: Set<string>;
}

/** What the connection tells the provider. */
export interface ConnectionHooks {
  /** False once sockets must not open any more (destroyed, or local state failed to load). */
  mayOpen(): boolean;
  /** A socket is being opened. */
  opening(): void;
  /** A decoded frame arrived on the current socket `conn`. */
  frame(conn: Connection, frame: Frame): void;
  /** The socket reported an error (a close follows). */
  socketError(event: Event): void;
  /** The current socket is gone (`event` is null when this side dropped it); whatever was in flight on it is void. */
  dropped(event: CloseEvent | null): void;
  /** Report one incident (the provider's `error` event). */
  report(error: SecureBaseError): void;
}

export interface RelayConnectionOptions {
  url: string;
  WS: typeof WebSocket;
  keys: ProviderKeys;
  /** Longest wait between reconnect attempts, in ms. */
  maxBackoffTime: number;
  /** The provider's public `shouldConnect` flag: read before (re)connecting, cleared by fatal incidents. */
  flags: { shouldConnect: boolean };
  hooks: ConnectionHooks;
}

/** One relay socket at a time, reconnected with backoff until told to stop. */
export class RelayConnection {
  private readonly opts: RelayConnectionOptions;
  private connection: Connection | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectAttempts = 0;
  private stoppedBy: SecureBaseError | undefined;
  private lastRef = 0;

  constructor(opts: RelayConnectionOptions) {
    this.opts = opts;
  }

  /** The socket in use, if any. */
  get current(): Connection | undefined {
    return this.connection;
  }

  /** The current socket when it has passed the handshake and may carry document frames. */
  get ready(): Connection | undefined {
    return this.connection?.phase === 'ready' ? this.connection : undefined;
  }

  /** Is `conn` still the socket in use (checked after every await)? */
  isCurrent(conn: Connection): boolean {
    return this.connection === conn;
  }

  /** A fresh request ref for push / put-snapshot (acks and errors name it). */
  nextRef(): number {
    return ++this.lastRef;
  }

  /** (Re)start connecting, once `after` settles (so clocks and lastSeq are loaded before the first frame is sent). */
  start(after: Promise<void>): void {
    this.stoppedBy = undefined;
    if (!this.connection && !this.reconnectTimer) void after.then(() => this.open());
  }

  /** Cancel a scheduled reconnect. */
  cancelReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  /** The relay confirmed a complete catch-up: the next reconnect starts from the shortest delay. */
  resetBackoff(): void {
    this.reconnectAttempts = 0;
  }

  /** Answer the relay's challenge by signing it with this device's key. */
  answerChallenge(conn: Connection, frame: FrameOf<'challenge'>): void {
    if (frame.protocolVersion !== PROTOCOL_VERSION) {
      this.fail(new SecureBaseError('unsupported-version', `relay speaks ${frame.protocolVersion}`));
      return;
    }
    const { device, spaceId } = this.opts.keys;
    this.send(conn, { type: 'auth', signature: signAuthChallenge(device, { spaceId, nonce: frame.nonce }) });
  }

  /** Send `frame` if `conn` is still the open socket in use (otherwise it is dropped: a reconnect re-sends). */
  send(conn: Connection, frame: Frame): void {
    if (this.connection !== conn || conn.socket.readyState !== conn.socket.OPEN) return;
    conn.socket.send(encodeFrame(frame));
  }

  /** Report one incident; fatal ones stop reconnecting, recoverable ones fetch again on a fresh connection. */
  fail(error: SecureBaseError): void {
    this.opts.hooks.report(error);
    if (error.fatal) {
      this.stoppedBy = error;
      this.opts.flags.shouldConnect = false;
    }
    this.drop(null);
  }

  /** A lookup made for `conn` threw: report it and reconnect, unless `conn` was dropped meanwhile. */
  failOn(conn: Connection, err: unknown): void {
    if (this.connection === conn) this.fail(asSecureBaseError(err));
  }

  /** Forget the current socket (closing it) and schedule a reconnect if still wanted. */
  drop(event: CloseEvent | null): void {
    const conn = this.connection;
    if (!conn) return;
    this.connection = undefined;
    conn.socket.onopen = conn.socket.onmessage = conn.socket.onerror = conn.socket.onclose = null;
    if (conn.socket.readyState === conn.socket.OPEN || conn.socket.readyState === conn.socket.CONNECTING) {
      conn.socket.close(CLOSE.NORMAL);
    }
    this.opts.hooks.dropped(event);
    if (this.opts.flags.shouldConnect && this.opts.hooks.mayOpen()) {
      const delay = reconnectDelay(this.reconnectAttempts++, this.opts.maxBackoffTime);
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = undefined;
        this.open();
      }, delay);
    }
  }

  private open(): void {
    const { flags, hooks, keys } = this.opts;
    if (!flags.shouldConnect || this.connection || !hooks.mayOpen()) return;
    hooks.opening();
    const socket = new this.opts.WS(this.opts.url);
    socket.binaryType = 'arraybuffer';
    const conn: Connection = { socket, phase: 'handshake', lastDeliveredSeq: 0, presencePeers: new Set() };
    this.connection = conn;
    socket.onopen = () => {
      if (this.connection !== conn) return;
      this.send(conn, { type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: keys.spaceId, deviceKey: keys.device.signPublicKey });
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
      hooks.frame(conn, frame);
    };
    socket.onerror = (event: Event) => {
      if (this.connection !== conn) return;
      hooks.socketError(event);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.connection !== conn) return;
      const code = FATAL_CLOSE[event.code];
      if (code && !this.stoppedBy) {
        this.stoppedBy = new SecureBaseError(code, `relay closed the connection (${event.code})`);
        flags.shouldConnect = false;
        hooks.report(this.stoppedBy);
      }
      this.drop(event);
    };
  }
}
