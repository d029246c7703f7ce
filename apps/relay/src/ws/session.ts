/**
 * One WebSocket session on the relay: the handshake (hello → challenge → auth → welcome), then
 * subscribe (catch-up from storage: newest snapshot first if the client is behind it, then
 * updates, then live updates), push (check, commit, ack, fan out), put-snapshot (check,
 * compare-and-swap, prune, ack) and ephemeral forwarding. The relay never looks inside
 * ciphertext; it reads only the public envelope header to check space, document, author, key
 * epoch and clock. A private document (`private-<partnerId>`) is served only to that partner's
 * devices. A device that stops being a member is cut off the moment the op lands.
 * docs/ARCHITECTURE.md describes the protocol.
 *
 *   const session = new RelaySession(deps, socketFromWsContext(ws), spaceIdFromUrl);
 *   session.open();                 // starts the auth timer
 *   session.receive(event.data);    // every message, in order
 *   session.closed();               // when the socket has closed
 */
import { findDevice, hashBytes, isMemberDevice, isRemovedDevice, randomBytes, verifyAuthChallenge, type MembershipState } from '@securebase/crypto';
import {
  CHALLENGE_NONCE_BYTES,
  CLOSE,
  ERRORS,
  PROTOCOL_VERSION,
  SecureBaseError,
  decodeEnvelope,
  decodeFrame,
  encodeFrame,
  isMalformedPrivateDocId,
  partnerOfPrivateDoc,
  scopeForDoc,
  type EnvelopeHeader,
  type EnvelopeKind,
  type ErrorCode,
  type Frame,
  type FrameOf,
  type SequencedEnvelope,
} from '@securebase/protocol';
import type { RelayLimits } from '../limits.js';
import type { RelayLog } from '../log.js';
import type { MembershipCache } from '../membership.js';
import type { RelayStorage } from '../storage/types.js';
import { closeCodeFor, INTERNAL_ERROR_CLOSE } from './close-codes.js';
import { DocSubscription } from './doc-subscription.js';
import type { SessionSocket } from './session-socket.js';
import type { SpaceHub } from './space-hub.js';

/** What every session of one relay shares. */
export interface SessionDeps {
  storage: RelayStorage;
  limits: RelayLimits;
  hub: SpaceHub<RelaySession>;
  membership: MembershipCache;
  now: () => number;
  log: RelayLog;
}

/** Documents one session may follow at once; bounds the work one socket can ask for. */
export const MAX_SUBSCRIPTIONS_PER_SESSION = 64;

/** Live updates queue in memory up to this many catch-up batches before falling back to storage. */
const SLOW_READER_BUFFER_BATCHES = 4;

type Phase = 'awaiting-hello' | 'awaiting-auth' | 'ready' | 'closed';

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

// Yield to the event loop between catch-up batches so one long catch-up cannot starve others.
const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export class RelaySession {
  readonly #deps: SessionDeps;
  readonly #socket: SessionSocket;
  /** The space named in the socket URL; `hello` must name the same one. */
  readonly #spaceId: string;
  #phase: Phase = 'awaiting-hello';
  #deviceKey: Uint8Array | undefined;
  /** The authenticated device's partner: decides which private document it may use. */
  #partnerId: string | undefined;
  #nonce: Uint8Array | undefined;
  #authTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #subscriptions = new Map<string, DocSubscription>();

  constructor(deps: SessionDeps, socket: SessionSocket, spaceId: string) {
    this.#deps = deps;
    this.#socket = socket;
    this.#spaceId = spaceId;
  }

  /** Start the session: the client now has `authTimeoutMs` to authenticate. */
  open(): void {
    this.#authTimer = setTimeout(() => {
      this.#fail('not-authenticated', 'authentication timed out', 0, CLOSE.AUTH_TIMEOUT);
    }, this.#deps.limits.authTimeoutMs);
  }

  /** Handle one incoming WebSocket message. */
  receive(data: unknown): void {
    if (this.#phase === 'closed') return;
    try {
      if (!(data instanceof ArrayBuffer)) throw new SecureBaseError('malformed-frame', 'frames are binary messages');
      this.#dispatch(decodeFrame(new Uint8Array(data)));
    } catch (error) {
      this.#failWith(error, 0);
    }
  }

  /** The socket has closed (by either side): release everything the session holds. */
  closed(): void {
    this.#phase = 'closed';
    clearTimeout(this.#authTimer);
    this.#subscriptions.clear();
    this.#deps.hub.leave(this.#spaceId, this);
  }

  /** A live update committed by another session of this space. */
  deliverUpdate(docId: string, entry: SequencedEnvelope): void {
    if (this.#phase !== 'ready') return;
    const subscription = this.#subscriptions.get(docId);
    if (!subscription) return;
    const decision = subscription.acceptLive(entry.seq);
    if (decision === 'send' && this.#socket.bufferedAmount > SLOW_READER_BUFFER_BATCHES * this.#deps.limits.catchUpBatchBytes) {
      // A slow reader: stop queueing in memory and let the catch-up loop feed it from storage
      // at the pace its socket drains.
      this.#startCatchUp(subscription);
    } else if (decision === 'send') {
      this.#send({ type: 'updates', docId, entries: [entry] });
      subscription.sentSeq = entry.seq;
    } else if (decision === 'gap') {
      // Cannot happen while commits and fan-out run in one turn; storage is the safe answer.
      this.#startCatchUp(subscription);
    }
  }

  /** Membership of the space changed: a device that is no longer a member is cut off now. */
  membershipChanged(state: MembershipState): void {
    if (this.#phase !== 'ready' || !this.#deviceKey) return;
    if (!isMemberDevice(state, this.#deviceKey)) this.#fail('device-removed');
  }

  /** An ephemeral envelope from another session of this space. */
  deliverEphemeral(docId: string, envelope: Uint8Array): void {
    if (this.#phase !== 'ready' || !this.#subscriptions.has(docId)) return;
    // Presence is lossy by design: a reader that is behind skips it rather than queueing it.
    if (this.#socket.bufferedAmount > this.#deps.limits.catchUpBatchBytes) return;
    this.#send({ type: 'ephemeral', docId, envelope });
  }

  #dispatch(frame: Frame): void {
    switch (this.#phase) {
      case 'awaiting-hello':
        if (frame.type !== 'hello') return this.#fail('not-authenticated', `expected hello, got ${frame.type}`);
        return this.#onHello(frame);
      case 'awaiting-auth':
        if (frame.type !== 'auth') return this.#fail('not-authenticated', `expected auth, got ${frame.type}`);
        return this.#onAuth(frame);
      case 'ready':
        switch (frame.type) {
          case 'subscribe':
            return this.#onSubscribe(frame);
          case 'push':
            return this.#onPush(frame);
          case 'ephemeral':
            return this.#onEphemeral(frame);
          case 'put-snapshot':
            return this.#onPutSnapshot(frame);
          default:
            return this.#fail('malformed-frame', `unexpected ${frame.type} frame`);
        }
      case 'closed':
        return;
    }
  }

  #onHello(frame: FrameOf<'hello'>): void {
    if (frame.protocolVersion !== PROTOCOL_VERSION) {
      return this.#fail('unsupported-version', `relay speaks protocol version ${PROTOCOL_VERSION}`);
    }
    if (frame.spaceId !== this.#spaceId) return this.#fail('wrong-space', 'hello names another space than the URL');
    if (!this.#deps.storage.hasSpace(this.#spaceId)) return this.#fail('unknown-space');
    this.#deviceKey = frame.deviceKey;
    this.#nonce = randomBytes(CHALLENGE_NONCE_BYTES);
    this.#phase = 'awaiting-auth';
    this.#send({ type: 'challenge', protocolVersion: PROTOCOL_VERSION, nonce: this.#nonce });
  }

  #onAuth(frame: FrameOf<'auth'>): void {
    const deviceKey = this.#deviceKey;
    const nonce = this.#nonce;
    if (!deviceKey || !nonce) return this.#fail('not-authenticated', 'auth before hello');
    const proven = verifyAuthChallenge({ spaceId: this.#spaceId, nonce, deviceKey, signature: frame.signature });
    if (!proven) return this.#fail('auth-failed', 'signature does not verify');
    const membership = this.#deps.membership.load(this.#spaceId, this.#deps.now());
    if (!membership) return this.#fail('unknown-space');
    const device = findDevice(membership.state, deviceKey);
    // A removed device (or one whose partner left) is told so, not mistaken for a stranger.
    if (!device) return this.#fail(isRemovedDevice(membership.state, deviceKey) ? 'device-removed' : 'not-a-member');
    this.#partnerId = device.partnerId;
    if (!this.#deps.hub.join(this.#spaceId, this, this.#deps.limits.maxConnectionsPerSpace)) {
      return this.#fail('too-many-connections', `at most ${this.#deps.limits.maxConnectionsPerSpace} connections per space`);
    }
    clearTimeout(this.#authTimer);
    this.#phase = 'ready';
    this.#send({ type: 'welcome', membershipHead: membership.head });
  }

  #onSubscribe(frame: FrameOf<'subscribe'>): void {
    if (!this.#mayUse(frame.docId, 0)) return;
    if (!this.#subscriptions.has(frame.docId) && this.#subscriptions.size >= MAX_SUBSCRIPTIONS_PER_SESSION) {
      return this.#fail('invalid-request', `at most ${MAX_SUBSCRIPTIONS_PER_SESSION} documents per connection`);
    }
    // A repeated subscribe replaces the old one; its catch-up loop notices and stops.
    const subscription = new DocSubscription(frame.docId, frame.afterSeq);
    this.#subscriptions.set(frame.docId, subscription);
    this.#startCatchUp(subscription);
  }

  #startCatchUp(subscription: DocSubscription): void {
    subscription.catchingUp = true;
    this.#catchUp(subscription).catch((error: unknown) => this.#failWith(error, 0));
  }

  #isCurrent(subscription: DocSubscription): boolean {
    return this.#phase === 'ready' && this.#subscriptions.get(subscription.docId) === subscription;
  }

  /**
   * Send what the client lacks after `sentSeq` in budgeted batches, then `synced`: the newest
   * snapshot if it covers more than the client has (its covered updates are pruned), then the
   * updates after it. Checked on every turn, because a snapshot may land mid-catch-up.
   */
  async #catchUp(subscription: DocSubscription): Promise<void> {
    const { storage, limits } = this.#deps;
    const { docId } = subscription;
    for (;;) {
      if (!this.#isCurrent(subscription)) return;
      if (storage.snapshotCoversSeq(this.#spaceId, docId) > subscription.sentSeq) {
        const snapshot = storage.getSnapshot(this.#spaceId, docId);
        if (snapshot) {
          this.#send({ type: 'snapshot', docId, coversSeq: snapshot.coversSeq, envelope: snapshot.envelope });
          subscription.sentSeq = snapshot.coversSeq;
          await this.#drain(subscription);
          continue;
        }
      }
      const entries = storage.listUpdates(this.#spaceId, docId, subscription.sentSeq, limits.catchUpBatchBytes);
      const last = entries.at(-1);
      if (!last) break;
      this.#send({ type: 'updates', docId, entries });
      subscription.sentSeq = last.seq;
      await this.#drain(subscription);
    }
    // From the empty read above to here nothing else runs, so no commit can slip between the
    // end of catch-up and the start of live delivery.
    const headSeq = storage.headSeq(this.#spaceId, docId);
    subscription.sentSeq = headSeq;
    subscription.catchingUp = false;
    this.#send({ type: 'synced', docId, headSeq });
  }

  /** Yield a turn, then wait while the socket holds more than a batch (the client reads slowly). */
  async #drain(subscription: DocSubscription): Promise<void> {
    await nextTurn();
    while (this.#isCurrent(subscription) && this.#socket.bufferedAmount > this.#deps.limits.catchUpBatchBytes) await nextTurn();
  }

  #onPush(frame: FrameOf<'push'>): void {
    const { docId, ref, envelope } = frame;
    if (!this.#mayUse(docId, ref)) return;
    const header = this.#checkEnvelope(docId, ref, envelope, 'update');
    if (!header || !this.#hasCurrentEpoch(docId, header, ref)) return;
    const { storage, limits, hub } = this.#deps;
    const result = storage.appendUpdate({
      spaceId: this.#spaceId,
      docId,
      author: header.author,
      clock: header.clock,
      envelope,
      quotaBytes: limits.maxBytesPerSpace,
    });
    switch (result.status) {
      case 'committed': {
        this.#send({ type: 'ack', docId, ref, seq: result.seq });
        // The pusher already has its own update: count it as sent so it is not echoed back.
        const own = this.#subscriptions.get(docId);
        if (own && own.acceptLive(result.seq) === 'send') own.sentSeq = result.seq;
        const entry = { seq: result.seq, envelope };
        for (const other of hub.others(this.#spaceId, this)) other.deliverUpdate(docId, entry);
        return;
      }
      case 'duplicate':
        // An identical retry: same seq as before, and it was fanned out the first time.
        return this.#send({ type: 'ack', docId, ref, seq: result.seq });
      case 'clock-conflict':
        return this.#fail('clock-conflict', `expected clock ${result.expectedClock}`, ref);
      case 'quota-exceeded':
        return this.#fail('quota-exceeded', `a space may hold at most ${limits.maxBytesPerSpace} bytes`, ref);
      case 'unknown-space':
        return this.#fail('unknown-space', undefined, ref);
    }
  }

  #onPutSnapshot(frame: FrameOf<'put-snapshot'>): void {
    // The frame decoder has already held parentHash to empty or 32 bytes.
    const { docId, ref, envelope, parentHash, coversSeq } = frame;
    if (!this.#mayUse(docId, ref)) return;
    const header = this.#checkEnvelope(docId, ref, envelope, 'snapshot');
    // Under the current epoch only: after a rotation, the next snapshot is what a removed device cannot read.
    if (!header || !this.#hasCurrentEpoch(docId, header, ref)) return;
    const { storage, limits } = this.#deps;
    const result = storage.putSnapshot({
      spaceId: this.#spaceId,
      docId,
      parentHash,
      coversSeq,
      hash: hashBytes(envelope),
      envelope,
      now: this.#deps.now(),
      quotaBytes: limits.maxBytesPerSpace,
    });
    switch (result.status) {
      case 'stored':
        return this.#send({ type: 'ack', docId, ref, seq: coversSeq });
      case 'conflict':
        return this.#fail('snapshot-conflict', result.detail, ref);
      case 'quota-exceeded':
        return this.#fail('quota-exceeded', `a space may hold at most ${limits.maxBytesPerSpace} bytes`, ref);
      case 'unknown-space':
        return this.#fail('unknown-space', undefined, ref);
    }
  }

  #onEphemeral(frame: FrameOf<'ephemeral'>): void {
    const { docId, envelope } = frame;
    if (!this.#mayUse(docId, 0)) return;
    if (!this.#checkEnvelope(docId, 0, envelope, 'ephemeral')) return;
    for (const other of this.#deps.hub.others(this.#spaceId, this)) other.deliverEphemeral(docId, envelope);
  }

  /** A private document only for its partner's devices; answers 'forbidden-document' (fatal) otherwise. */
  #mayUse(docId: string, ref: number): boolean {
    const owner = partnerOfPrivateDoc(docId);
    const forbidden = isMalformedPrivateDocId(docId) || (owner !== undefined && owner !== this.#partnerId);
    if (forbidden) this.#fail('forbidden-document', 'a private document is open only to its partner’s devices', ref);
    return !forbidden;
  }

  /** The envelope must be sealed under the current epoch of its document's key scope ('stale-epoch' otherwise). */
  #hasCurrentEpoch(docId: string, header: EnvelopeHeader, ref: number): boolean {
    const membership = this.#deps.membership.load(this.#spaceId, this.#deps.now());
    if (!membership) {
      this.#fail('unknown-space', undefined, ref);
      return false;
    }
    const current = membership.state.epochs[scopeForDoc(docId)];
    if (current === undefined) {
      // No such scope any more: the private document of a partner who left.
      this.#fail('forbidden-document', 'this document has no key', ref);
      return false;
    }
    if (header.epoch === current) return true;
    this.#fail('stale-epoch', `the current epoch is ${current}`, ref);
    return false;
  }

  /** Check size and public header of an incoming envelope; answers the error and returns undefined if bad. */
  #checkEnvelope(docId: string, ref: number, envelope: Uint8Array, kind: EnvelopeKind): EnvelopeHeader | undefined {
    const { maxEnvelopeBytes } = this.#deps.limits;
    if (envelope.byteLength > maxEnvelopeBytes) {
      this.#fail('frame-too-large', `an envelope may be at most ${maxEnvelopeBytes} bytes`, ref);
      return undefined;
    }
    let header: EnvelopeHeader;
    try {
      header = decodeEnvelope(envelope).header;
    } catch (error) {
      this.#failWith(error, ref);
      return undefined;
    }
    let problem: [ErrorCode, string] | undefined;
    if (header.spaceId !== this.#spaceId) problem = ['wrong-space', 'envelope is for another space'];
    else if (header.docId !== docId) problem = ['wrong-document', 'envelope is for another document'];
    else if (!this.#deviceKey || !sameBytes(header.author, this.#deviceKey)) problem = ['wrong-author', 'envelope author is not this device'];
    else if (header.kind !== kind) problem = ['invalid-request', `expected a ${kind} envelope`];
    if (!problem) return header;
    this.#fail(problem[0], problem[1], ref);
    return undefined;
  }

  #send(frame: Frame): void {
    if (this.#phase === 'closed') return;
    this.#socket.send(encodeFrame(frame));
  }

  /** Answer a thrown error: peers' faults by code, anything else as an internal error. */
  #failWith(error: unknown, ref: number): void {
    if (error instanceof SecureBaseError) return this.#fail(error.code, error.detail, ref);
    this.#deps.log.internalError('websocket session', error);
    this.#fail('server-error', undefined, ref);
  }

  /** Send an `error` frame; close the socket too if the code ends the session. */
  #fail(code: ErrorCode, detail?: string, ref = 0, close = closeCodeFor(code)): void {
    if (this.#phase === 'closed') return;
    this.#send({ type: 'error', code: ERRORS[code].wire, ref, detail: detail ?? '' });
    if (close === undefined) return;
    this.closed();
    this.#socket.close(close, close === INTERNAL_ERROR_CLOSE ? 'server-error' : code);
  }
}
