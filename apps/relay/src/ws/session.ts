/**
 * One WebSocket session on the relay: the handshake (hello → challenge → auth → welcome), then
 * subscribe (catch-up from storage: newest snapshot first if the client is behind it, then
 * updates, then live updates), push (check, commit, ack, fan out), put-snapshot (check,
 * compare-and-swap, prune, ack) and ephemeral forwarding. The relay never looks inside
 * ciphertext; it reads only the public envelope header to check space, document, author, key
 * epoch and clock, and verifies the author's signature before it stores or forwards anything.
 * A private document (`private-<partnerId>`) is served only to that partner's devices. A device
 * that stops being a member is cut off the moment the op lands, on this node and (through the
 * SpaceHub's bus) on every other node serving the space.
 *
 * What one socket can cost the relay is bounded: every frame it sends spends from a token bucket
 * of frames and one of bytes (over either: `rate-limited`, RATE_LIMITED); every frame the relay
 * queues for it must fit `maxOutboundBytes` (else `slow-consumer`, SLOW_CONSUMER); catch-up reads
 * a batch from storage only once the socket has drained below a batch, waiting on the socket's
 * drain signal, so a client that stops reading holds no memory and burns no CPU. Before auth the
 * relay answers with codes only, and an unknown space looks like a space the device is not in.
 * docs/ARCHITECTURE.md describes the protocol.
 *
 * Storage is asynchronous, so frames go through a queue: each frame's work (its storage calls
 * included) finishes before the next frame of this session starts, so acks and errors leave in
 * the order the frames came, whatever each write costs. Only a catch-up runs beside the queue
 * (it waits on the reader, which must not hold up the session's pushes); see #catchUp for how
 * it hands over to live delivery without losing or repeating an update.
 *
 *   const session = new RelaySession(deps, socketFromWsContext(ws), spaceIdFromUrl);
 *   session.open();                 // starts the auth timer
 *   void session.receive(event.data); // every message, in order; resolves once it is handled
 *   session.closed();               // when the socket has closed
 */
import {
  findDevice,
  hashBytes,
  isMemberDevice,
  isRemovedDevice,
  randomBytes,
  verifyAuthChallenge,
  verifyEnvelopeSignature,
  type MembershipState,
} from '@securebase/crypto';
import {
  bytesEqual,
  CHALLENGE_NONCE_BYTES,
  CLOSE,
  ERRORS,
  PROTOCOL_VERSION,
  SecureBaseError,
  TokenBucket,
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
import { failpoint } from '../failpoint.js';
import type { RelayLimits } from '../limits.js';
import type { RelayLog } from '../log.js';
import type { MembershipCache } from '../membership.js';
import type { RelayMetrics } from '../metrics.js';
import type { RelayStorage } from '../storage/types.js';
import { closeCodeFor, INTERNAL_ERROR_CLOSE } from './close-codes.js';
import { DocSubscription } from './doc-subscription.js';
import type { SessionSocket } from './session-socket.js';
import type { HubMember, ReconcileRound, SpaceHub } from './space-hub.js';

/** What every session of one relay shares. */
export interface SessionDeps {
  storage: RelayStorage;
  limits: RelayLimits;
  hub: SpaceHub<RelaySession>;
  membership: MembershipCache;
  now: () => number;
  log: RelayLog;
  metrics: RelayMetrics;
}

/** Documents one session may follow at once; bounds the work one socket can ask for. */
export const MAX_SUBSCRIPTIONS_PER_SESSION = 64;

/** Live updates queue in memory up to this many catch-up batches before falling back to storage. */
const SLOW_READER_BUFFER_BATCHES = 4;

const NO_SUBSCRIPTIONS: readonly DocSubscription[] = Object.freeze([]);

type Phase = 'awaiting-hello' | 'awaiting-auth' | 'ready' | 'closed';

// Yield to the event loop once per catch-up batch so one long catch-up cannot starve others.
// Waiting for a slow reader is not done here but on the socket's drain signal.
const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Seconds since `started` (a performance.now() reading). */
const secondsSince = (started: number): number => (performance.now() - started) / 1000;

export class RelaySession implements HubMember {
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
  /**
   * The documents followed, at most MAX_SUBSCRIPTIONS_PER_SESSION and mostly one or two: an array
   * replaced (never changed) on subscribe costs an idle socket a few words where a Map costs a
   * table, and a loop over it may go on while a subscribe replaces it.
   */
  #subscriptions: readonly DocSubscription[] = NO_SUBSCRIPTIONS;
  /** Frames and bytes the client may still send now (refilled at the limits' rates). */
  readonly #frameTokens: TokenBucket;
  readonly #byteTokens: TokenBucket;
  /** True while this session counts as an authenticated connection (joined the hub). */
  #joined = false;
  /** The frame queue: resolves once every frame received so far has been handled. Never rejects. */
  #inbox: Promise<void> = Promise.resolve();
  /** A frame went over the rate: the session reads nothing more and closes once the queue is answered. */
  #overRate = false;

  constructor(deps: SessionDeps, socket: SessionSocket, spaceId: string) {
    this.#deps = deps;
    this.#socket = socket;
    this.#spaceId = spaceId;
    const { limits } = deps;
    this.#frameTokens = new TokenBucket(limits.maxFramesPerSecond, limits.frameBurst);
    this.#byteTokens = new TokenBucket(limits.maxInboundBytesPerSecond, limits.inboundBytesBurst);
  }

  /** Start the session: the client now has `authTimeoutMs` to authenticate. */
  open(): void {
    this.#authTimer = setTimeout(() => {
      this.#deps.metrics.authFailure();
      this.#fail('not-authenticated', undefined, 0, CLOSE.AUTH_TIMEOUT);
    }, this.#deps.limits.authTimeoutMs);
  }

  /**
   * Take one incoming WebSocket message. The rate limits are spent now, as it arrives (they also
   * bound how much can wait in the queue); its work runs after every earlier frame's. The promise
   * resolves once this frame has been handled and never rejects.
   */
  receive(data: unknown): Promise<void> {
    if (this.#phase === 'closed') return this.#inbox;
    const bytes = data instanceof ArrayBuffer ? data.byteLength : typeof data === 'string' ? data.length : 0;
    this.#deps.metrics.frame('in', bytes);
    if (this.#overRate) return this.#inbox;
    if (!this.#withinRate(bytes)) {
      // Nothing more is read; the frames taken before this one are answered first (their acks
      // mean committed: with group commit they may still wait for the turn's COMMIT), then the
      // refusal closes.
      this.#overRate = true;
      this.#inbox = this.#inbox.then(() => this.#fail('rate-limited', 'this connection sent more frames or bytes per second than the relay allows'));
      return this.#inbox;
    }
    this.#inbox = this.#inbox.then(() => this.#handle(data));
    return this.#inbox;
  }

  /** One frame's work, answered in words if it fails; never rejects (the queue goes on). */
  async #handle(data: unknown): Promise<void> {
    if (this.#phase === 'closed') return;
    try {
      if (!(data instanceof ArrayBuffer)) throw new SecureBaseError('malformed-frame', 'frames are binary messages');
      await this.#dispatch(decodeFrame(new Uint8Array(data)));
    } catch (error) {
      this.#failWith(error, 0);
    }
  }

  /** The socket has closed (by either side): release everything the session holds. */
  closed(): void {
    this.#phase = 'closed';
    clearTimeout(this.#authTimer);
    this.#subscriptions = NO_SUBSCRIPTIONS;
    this.#deps.hub.leave(this.#spaceId, this);
    if (this.#joined) this.#deps.metrics.connectionDelta(-1);
    this.#joined = false;
  }

  /** A live update committed by another session of this space. */
  deliverUpdate(docId: string, entry: SequencedEnvelope): void {
    if (this.#phase !== 'ready') return;
    const subscription = this.#subscription(docId);
    if (!subscription) return;
    const decision = subscription.acceptLive(entry.seq);
    if (decision === 'skip') return;
    // A slow reader: stop queueing in memory and let the catch-up loop feed it from storage at
    // the pace its socket drains. Either way the update is not held here.
    // A gap happens when commits finish out of order (another connection's commit returned
    // first): storage has both, so the catch-up reads them in order.
    if (decision === 'gap' || this.#socket.bufferedAmount > this.#liveBufferBytes()) return this.#startCatchUp(subscription);
    if (this.#send({ type: 'updates', docId, entries: [entry] })) subscription.sentSeq = entry.seq;
  }

  /**
   * A commit on another node whose envelope did not travel with the hint: anything new is read
   * from storage by the catch-up loop (which sends it in order, then `synced`).
   */
  deliverHint(docId: string, seq: number): void {
    if (this.#phase !== 'ready') return;
    const subscription = this.#subscription(docId);
    if (!subscription || subscription.acceptLive(seq) === 'skip') return;
    this.#startCatchUp(subscription);
  }

  /**
   * The bus may have lost messages (it reconnected, went silent, or this is the periodic check):
   * a live document whose stored head is past what was sent catches up from storage, and the
   * membership is applied again (a lost membership message must not keep a removed device on).
   * Each head and the membership are read once per round for all sessions of the space.
   */
  reconcile(round: ReconcileRound): void {
    if (this.#phase !== 'ready') return;
    const { storage, membership, now, log } = this.#deps;
    // The database is away: the next round tries again; the session itself goes on.
    const failed = (error: unknown): void => log.internalError('reconciling a session with storage', error);
    round.membership ??= membership.load(this.#spaceId, now());
    round.membership.then((loaded) => {
      if (loaded) this.membershipChanged(loaded.state);
    }, failed);
    for (const subscription of this.#subscriptions) {
      if (subscription.catchingUp) continue;
      const { docId } = subscription;
      let head = round.heads.get(docId);
      if (!head) {
        head = storage.headSeq(this.#spaceId, docId);
        round.heads.set(docId, head);
      }
      head.then((headSeq) => {
        if (this.#isCurrent(subscription) && !subscription.catchingUp && headSeq > subscription.sentSeq) this.#startCatchUp(subscription);
      }, failed);
    }
  }

  /** Another node changed the membership: load it (the cache reads the new ops) and apply it. */
  recheckMembership(): void {
    if (this.#phase !== 'ready') return;
    this.#deps.membership.load(this.#spaceId, this.#deps.now()).then(
      (membership) => {
        if (membership) this.membershipChanged(membership.state);
        else this.#fail('unknown-space');
      },
      // Cannot tell whether this device is still a member: end the session; its reconnect re-checks.
      (error: unknown) => this.#failWith(error, 0),
    );
  }

  /** Bytes a socket may hold before live updates fall back to catch-up: well inside the outbound budget. */
  #liveBufferBytes(): number {
    const { catchUpBatchBytes, maxOutboundBytes, maxFrameBytes } = this.#deps.limits;
    return Math.min(SLOW_READER_BUFFER_BATCHES * catchUpBatchBytes, maxOutboundBytes - maxFrameBytes);
  }

  /** Membership of the space changed: a device that is no longer a member is cut off now. */
  membershipChanged(state: MembershipState): void {
    if (this.#phase !== 'ready' || !this.#deviceKey) return;
    if (!isMemberDevice(state, this.#deviceKey)) this.#fail('device-removed');
  }

  /** An ephemeral envelope from another session of this space. */
  deliverEphemeral(docId: string, envelope: Uint8Array): void {
    if (this.#phase !== 'ready' || !this.#subscription(docId)) return;
    // Presence is lossy by design: a reader that is behind skips it rather than queueing it.
    if (this.#socket.bufferedAmount > this.#deps.limits.catchUpBatchBytes) return;
    this.#send({ type: 'ephemeral', docId, envelope });
  }

  /** Spend one frame and `bytes` from the session's buckets; false (counted) when over either. */
  #withinRate(bytes: number): boolean {
    const now = performance.now();
    // A frame larger than the byte burst needs a full bucket, not an impossible one.
    if (this.#frameTokens.take(1, now) && this.#byteTokens.take(Math.min(bytes, this.#byteTokens.capacity), now)) return true;
    const { metrics } = this.#deps;
    metrics.rateLimited('ws-frames');
    metrics.limitHit('frame-rate');
    return false;
  }

  #dispatch(frame: Frame): Promise<void> | void {
    switch (this.#phase) {
      case 'awaiting-hello':
        if (frame.type !== 'hello') return this.#fail('not-authenticated');
        return this.#onHello(frame);
      case 'awaiting-auth':
        if (frame.type !== 'auth') return this.#fail('not-authenticated');
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
    if (frame.protocolVersion !== PROTOCOL_VERSION) return this.#fail('unsupported-version');
    if (frame.spaceId !== this.#spaceId) return this.#fail('wrong-space');
    // Known or not, every space gets a challenge: whether it exists is told only after auth,
    // and then only as "not a member" (below), so space ids cannot be probed.
    this.#deviceKey = frame.deviceKey;
    this.#nonce = randomBytes(CHALLENGE_NONCE_BYTES);
    this.#phase = 'awaiting-auth';
    this.#send({ type: 'challenge', protocolVersion: PROTOCOL_VERSION, nonce: this.#nonce });
  }

  async #onAuth(frame: FrameOf<'auth'>): Promise<void> {
    const deviceKey = this.#deviceKey;
    const nonce = this.#nonce;
    // A challenge is answered once (a failed auth closes the session): it is not kept for the socket's life.
    this.#nonce = undefined;
    const { metrics, limits } = this.#deps;
    if (!deviceKey || !nonce) return this.#fail('not-authenticated');
    const proven = verifyAuthChallenge({ spaceId: this.#spaceId, nonce, deviceKey, signature: frame.signature });
    if (!proven) {
      metrics.authFailure();
      return this.#fail('auth-failed');
    }
    const membership = await this.#deps.membership.load(this.#spaceId, this.#deps.now());
    // The auth timer may have fired (or the socket closed) while the membership loaded.
    if (this.#phase !== 'awaiting-auth') return;
    const device = membership && findDevice(membership.state, deviceKey);
    if (!membership || !device) {
      metrics.authFailure();
      // A removed device (or one whose partner left) has just proven it holds that key, so it is
      // told so; a stranger gets the same answer whether or not the space exists.
      return this.#fail(membership && isRemovedDevice(membership.state, deviceKey) ? 'device-removed' : 'not-a-member');
    }
    this.#partnerId = device.partnerId;
    // The same bytes (just proven), held by the cached membership: the device's sockets served from
    // one cached state share them rather than each keeping the copy its hello was decoded into.
    this.#deviceKey = device.deviceKey;
    // The limit counts this space's sessions on every node (the bus keeps the count).
    const joined = await this.#deps.hub.join(this.#spaceId, this, limits.maxConnectionsPerSpace);
    if (this.#phase !== 'awaiting-auth') {
      // Closed (or timed out) while joining: closed() ran before the join, so leave here.
      this.#deps.hub.leave(this.#spaceId, this);
      return;
    }
    if (!joined) {
      metrics.limitHit('connections-per-space');
      return this.#fail('too-many-connections');
    }
    this.#joined = true;
    metrics.connectionDelta(1);
    clearTimeout(this.#authTimer);
    this.#authTimer = undefined;
    this.#phase = 'ready';
    this.#send({ type: 'welcome', membershipHead: membership.head });
  }

  #onSubscribe(frame: FrameOf<'subscribe'>): void {
    if (!this.#mayUse(frame.docId, 0)) return;
    const current = this.#subscription(frame.docId);
    // Already catching up: that catch-up delivers everything after the first afterSeq, then
    // synced, so this one restarts nothing and reads nothing (doc-subscription.ts).
    if (current?.looping) return;
    if (!current && this.#subscriptions.length >= MAX_SUBSCRIPTIONS_PER_SESSION) {
      this.#deps.metrics.limitHit('subscriptions');
      return this.#fail('invalid-request', `at most ${MAX_SUBSCRIPTIONS_PER_SESSION} documents per connection`);
    }
    // A subscription that is live (synced) starts over from the afterSeq asked for now.
    const subscription = new DocSubscription(frame.docId, frame.afterSeq);
    // concat, not a spread: it allocates exactly the new length, a spread leaves room to grow.
    this.#subscriptions = current ? this.#subscriptions.map((s) => (s === current ? subscription : s)) : this.#subscriptions.concat(subscription);
    this.#startCatchUp(subscription);
  }

  /** Catch up from storage; at most one loop per subscription (a running one reads on). */
  #startCatchUp(subscription: DocSubscription): void {
    subscription.catchingUp = true;
    if (subscription.looping) return;
    subscription.looping = true;
    this.#catchUp(subscription).catch((error: unknown) => this.#failWith(error, 0));
  }

  #subscription(docId: string): DocSubscription | undefined {
    for (const subscription of this.#subscriptions) if (subscription.docId === docId) return subscription;
    return undefined;
  }

  #isCurrent(subscription: DocSubscription): boolean {
    return this.#phase === 'ready' && this.#subscription(subscription.docId) === subscription;
  }

  /**
   * Send what the client lacks after `sentSeq` in budgeted batches, then `synced`: the newest
   * snapshot if it covers more than the client has (its covered updates are pruned), then the
   * updates after it. Checked on every turn, because a snapshot may land mid-catch-up. Each
   * batch is read only once the socket has room for it, so a reader that has stopped costs one
   * pending promise, not a batch in memory.
   *
   * The hand-over to live delivery: once a read finds nothing after `sentSeq` (the last seq
   * actually sent), the subscription goes live FIRST and only then reads the head. A commit that
   * lands while catching up was skipped by live delivery (catchingUp), so it is either found by
   * that head read (head > sentSeq: read on) or it commits after the switch and arrives live
   * (seq sentSeq + 1: sent; further on: a gap, read on). Either way exactly once, in order.
   * Taking the head as sent (`sentSeq = headSeq`) would skip a commit that slipped in between.
   */
  async #catchUp(subscription: DocSubscription): Promise<void> {
    const { storage, limits } = this.#deps;
    const { docId } = subscription;
    try {
      for (;;) {
        if (!(await this.#roomForBatch(subscription))) return;
        // One consistent read per turn (snapshot, updates after it, head): a prune committed
        // meanwhile, on any node, is wholly seen or not at all.
        const read = await storage.readCatchUp(this.#spaceId, docId, subscription.sentSeq, limits.catchUpBatchBytes);
        if (!this.#isCurrent(subscription)) return;
        const { snapshot } = read;
        if (snapshot && snapshot.coversSeq > subscription.sentSeq) {
          if (!this.#sendCatchUp({ type: 'snapshot', docId, coversSeq: snapshot.coversSeq, envelope: snapshot.envelope })) return;
          subscription.sentSeq = snapshot.coversSeq;
          // The updates after it go next turn, once the socket has room for them.
          await nextTurn();
          continue;
        }
        // Live delivery sent more meanwhile (a gap asked for this read): drop what it has sent.
        const fresh = read.updates.filter((entry) => entry.seq > subscription.sentSeq);
        const next = fresh[0];
        const last = fresh.at(-1);
        if (next && last) {
          // In one consistent state the updates start right after what the client has: anything
          // else is a log no snapshot explains.
          if (next.seq !== subscription.sentSeq + 1) throw new Error('stored updates have a gap that no snapshot covers');
          if (!this.#sendCatchUp({ type: 'updates', docId, entries: fresh })) return;
          subscription.sentSeq = last.seq;
          await nextTurn();
          continue;
        }
        if (read.updates.length > 0) continue;
        // Nothing after sentSeq: go live, then look at the head (see above).
        subscription.catchingUp = false;
        const sentBefore = subscription.sentSeq;
        const storedHead = await storage.headSeq(this.#spaceId, docId);
        if (!this.#isCurrent(subscription)) return;
        if (subscription.catchingUp) continue;
        // Live delivery may have sent newer entries while the head was read (its answer can be
        // older than they are): what was sent is stored, so the head is at least that far. A
        // synced head below an entry already sent would read as a relay rolling the log back.
        const headSeq = subscription.sentSeq > sentBefore ? Math.max(storedHead, subscription.sentSeq) : storedHead;
        if (headSeq > subscription.sentSeq) {
          subscription.catchingUp = true;
          continue;
        }
        // The head as stored, not sentSeq: a client that asked from beyond it (afterSeq > head)
        // must hear the lower head, which is how it detects a relay serving an older copy.
        this.#send({ type: 'synced', docId, headSeq });
        return;
      }
    } finally {
      // In the same turn as the loop's end, so a gap seen right after starts a new loop.
      subscription.looping = false;
    }
  }

  /**
   * Wait, on the socket's drain signal, until it holds at most one batch (the client reads
   * slowly); false if the subscription ended or the socket closed meanwhile. Re-checked after
   * every wake, because several documents' catch-ups may wait on one socket: the first to wake
   * queues its batch and the others wait again.
   */
  async #roomForBatch(subscription: DocSubscription): Promise<boolean> {
    const { catchUpBatchBytes } = this.#deps.limits;
    while (this.#isCurrent(subscription) && this.#socket.bufferedAmount > catchUpBatchBytes) {
      if (!(await this.#socket.whenDrained(catchUpBatchBytes))) return false;
    }
    return this.#isCurrent(subscription);
  }

  async #onPush(frame: FrameOf<'push'>): Promise<void> {
    const { docId, ref, envelope } = frame;
    if (!this.#mayUse(docId, ref)) return;
    const header = this.#checkEnvelope(docId, ref, envelope, 'update');
    if (!header || !(await this.#hasCurrentEpoch(docId, header, ref)) || !(await this.#relayHasRoom(envelope.byteLength, ref))) return;
    // Closed while checking: write nothing that could never be acked (the client sends it again).
    if (this.#phase !== 'ready') return;
    const { storage, limits, hub, metrics } = this.#deps;
    failpoint('before-commit');
    const started = performance.now();
    const result = await storage.appendUpdate({
      spaceId: this.#spaceId,
      docId,
      author: header.author,
      clock: header.clock,
      envelope,
      // Set at auth; only 'ready' sessions push. '' would be the unattributed share, still bounded.
      partnerId: this.#partnerId ?? '',
      partnerQuotaBytes: limits.maxBytesPerPartner,
      maxDocuments: limits.maxDocumentsPerSpace,
    });
    metrics.commitSeconds(secondsSince(started));
    switch (result.status) {
      case 'committed': {
        // Only now, after the commit returned: an ack promises the update is stored. The fan-out
        // below runs even if this socket closed meanwhile: the update is stored either way.
        failpoint('after-commit');
        this.#send({ type: 'ack', docId, ref, seq: result.seq });
        failpoint('after-ack');
        // The pusher already has its own update: count it as sent so it is not echoed back.
        const own = this.#subscription(docId);
        if (own && own.acceptLive(result.seq) === 'send') own.sentSeq = result.seq;
        // One publish per commit: this node's sessions at once, the other nodes through the bus.
        hub.publishUpdate(this.#spaceId, this, docId, { seq: result.seq, envelope });
        return;
      }
      case 'duplicate':
        // An identical retry: same seq as before, and it was fanned out the first time.
        this.#send({ type: 'ack', docId, ref, seq: result.seq });
        return;
      case 'clock-conflict':
        return this.#fail('clock-conflict', `expected clock ${result.expectedClock}`, ref);
      case 'partner-quota-exceeded':
        this.#deps.metrics.limitHit('partner-quota');
        return this.#fail('quota-exceeded', `your share of this space's storage is full (${limits.maxBytesPerPartner} bytes)`, ref);
      case 'too-many-documents':
        this.#deps.metrics.limitHit('space-quota');
        return this.#fail('quota-exceeded', `a space may hold at most ${limits.maxDocumentsPerSpace} documents`, ref);
      case 'unknown-space':
        return this.#fail('unknown-space', undefined, ref);
    }
  }

  async #onPutSnapshot(frame: FrameOf<'put-snapshot'>): Promise<void> {
    // The frame decoder has already held parentHash to empty or 32 bytes.
    const { docId, ref, envelope, parentHash, coversSeq } = frame;
    if (!this.#mayUse(docId, ref)) return;
    const header = this.#checkEnvelope(docId, ref, envelope, 'snapshot');
    // Under the current epoch only: after a rotation, the next snapshot is what a removed device cannot read.
    if (!header || !(await this.#hasCurrentEpoch(docId, header, ref)) || !(await this.#relayHasRoom(envelope.byteLength, ref))) return;
    if (this.#phase !== 'ready') return;
    const { storage, limits, metrics } = this.#deps;
    const started = performance.now();
    const result = await storage.putSnapshot({
      spaceId: this.#spaceId,
      docId,
      parentHash,
      coversSeq,
      hash: hashBytes(envelope),
      envelope,
      now: this.#deps.now(),
      partnerId: this.#partnerId ?? '',
      partnerQuotaBytes: limits.maxBytesPerPartner,
    });
    metrics.commitSeconds(secondsSince(started));
    switch (result.status) {
      case 'stored':
        this.#send({ type: 'ack', docId, ref, seq: coversSeq });
        return;
      case 'conflict':
        return this.#fail('snapshot-conflict', result.detail, ref);
      case 'partner-quota-exceeded':
        this.#deps.metrics.limitHit('partner-quota');
        return this.#fail('quota-exceeded', `your share of this space's storage is full (${limits.maxBytesPerPartner} bytes)`, ref);
      case 'unknown-space':
        return this.#fail('unknown-space', undefined, ref);
    }
  }

  #onEphemeral(frame: FrameOf<'ephemeral'>): void {
    const { docId, envelope } = frame;
    if (!this.#mayUse(docId, 0)) return;
    if (!this.#checkEnvelope(docId, 0, envelope, 'ephemeral')) return;
    this.#deps.hub.publishEphemeral(this.#spaceId, this, docId, envelope);
  }

  /**
   * The relay-wide cap on stored bytes (maxTotalBytes): a write that would pass it is refused with
   * `relay-full`, which is recoverable, so the client keeps it in its outbox and sends it again later.
   */
  async #relayHasRoom(bytes: number, ref: number): Promise<boolean> {
    const { storage, limits, metrics } = this.#deps;
    if ((await storage.totals()).bytes + bytes <= limits.maxTotalBytes) return true;
    metrics.limitHit('bytes-total');
    this.#fail('relay-full', undefined, ref);
    return false;
  }

  /** A private document only for its partner's devices; answers 'forbidden-document' (fatal) otherwise. */
  #mayUse(docId: string, ref: number): boolean {
    const owner = partnerOfPrivateDoc(docId);
    const forbidden = isMalformedPrivateDocId(docId) || (owner !== undefined && owner !== this.#partnerId);
    if (forbidden) this.#fail('forbidden-document', 'a private document is open only to its partner’s devices', ref);
    return !forbidden;
  }

  /** The envelope must be sealed under the current epoch of its document's key scope ('stale-epoch' otherwise). */
  async #hasCurrentEpoch(docId: string, header: EnvelopeHeader, ref: number): Promise<boolean> {
    const membership = await this.#deps.membership.load(this.#spaceId, this.#deps.now());
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

  /**
   * Check size, public header and the author's signature of an incoming envelope; answers the
   * error and returns undefined if bad. The cheap header checks run first; the signature, by the
   * authenticated device itself, last ('bad-signature': nothing is stored, acked or forwarded).
   */
  #checkEnvelope(docId: string, ref: number, envelope: Uint8Array, kind: EnvelopeKind): EnvelopeHeader | undefined {
    const { maxEnvelopeBytes } = this.#deps.limits;
    if (envelope.byteLength > maxEnvelopeBytes) {
      this.#deps.metrics.limitHit('frame-size');
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
    else if (!this.#deviceKey || !bytesEqual(header.author, this.#deviceKey)) problem = ['wrong-author', 'envelope author is not this device'];
    else if (header.kind !== kind) problem = ['invalid-request', `expected a ${kind} envelope`];
    else {
      const verified = verifyEnvelopeSignature(envelope);
      if (verified.ok) return header;
      problem = [verified.error.code, verified.error.detail ?? ''];
    }
    this.#fail(problem[0], problem[1], ref);
    return undefined;
  }

  /** Queue `bytes` if they fit the outbound budget (queued plus this frame); false, and nothing queued, if not. */
  #queue(bytes: Uint8Array, onWritten?: () => void): boolean {
    if (this.#socket.bufferedAmount + bytes.byteLength > this.#deps.limits.maxOutboundBytes) return false;
    this.#socket.send(bytes, onWritten);
    this.#deps.metrics.frame('out', bytes.byteLength);
    return true;
  }

  /** Send a frame within the outbound budget; true if queued. Over budget, the session ends as a slow consumer. */
  #send(frame: Frame): boolean {
    if (this.#phase === 'closed') return false;
    if (this.#queue(encodeFrame(frame))) return true;
    this.#slowConsumer();
    return false;
  }

  /** #send for a catch-up batch, counted in the backlog until the socket has written it (or closed). */
  #sendCatchUp(frame: FrameOf<'snapshot'> | FrameOf<'updates'>): boolean {
    if (this.#phase === 'closed') return false;
    const bytes = encodeFrame(frame);
    const { metrics } = this.#deps;
    metrics.catchUpBacklogDelta(bytes.byteLength);
    if (this.#queue(bytes, () => metrics.catchUpBacklogDelta(-bytes.byteLength))) return true;
    metrics.catchUpBacklogDelta(-bytes.byteLength);
    this.#slowConsumer();
    return false;
  }

  /** The client has left more unread than the outbound budget: end the session rather than hold more. */
  #slowConsumer(): void {
    const { metrics, limits } = this.#deps;
    metrics.limitHit('outbound-budget');
    this.#fail('slow-consumer', `more than ${limits.maxOutboundBytes} bytes were waiting for this device to read them`);
  }

  /** Answer a thrown error: peers' faults by code, anything else as an internal error. */
  #failWith(error: unknown, ref: number): void {
    if (error instanceof SecureBaseError) return this.#fail(error.code, error.detail, ref);
    this.#deps.log.internalError('websocket session', error);
    this.#fail('server-error', undefined, ref);
  }

  /**
   * Send an `error` frame (if it fits the outbound budget); close the socket too if the code ends
   * the session. Before auth the frame carries the code only: detail text is for members.
   */
  #fail(code: ErrorCode, detail?: string, ref = 0, close = closeCodeFor(code)): void {
    if (this.#phase === 'closed') return;
    const shown = this.#phase === 'ready' ? (detail ?? '') : '';
    const queued = this.#queue(encodeFrame({ type: 'error', code: ERRORS[code].wire, ref, detail: shown }));
    // A recoverable error that does not fit: the client is over its budget, which ends the session.
    if (!queued && close === undefined) return this.#slowConsumer();
    if (close === undefined) return;
    this.closed();
    this.#socket.close(close, close === INTERNAL_ERROR_CLOSE ? 'server-error' : code);
  }
}
