/**
 * The mutual reveal of desires over the relay: one round of the private set intersection
 * (@securebase/crypto's PsiSession) between one device of each partner, its messages sealed as
 * `ephemeral` envelopes on the shared document like live signals, so the relay forwards them,
 * never stores them, and sees only same-sized sealed frames pass. Nothing is written to any
 * document: answers stay in each partner's private document, the result only in memory.
 *
 * A round, on each device (grammar in docs/PROTOCOL.md, "Mutual reveal: transport"):
 *   - start: draw a fresh random nonce; say `hello` every second until the round ends;
 *   - pair with the first device of the OTHER partner heard from (its hello, or a step addressed
 *     to this nonce); the round id is H(nonce of side a · nonce of side b), and side a is the
 *     partner whose id sorts first, so both devices agree without a further message, and two
 *     devices of one partner never pair with each other. Until a step from the paired device
 *     names this nonce, a newer nonce from it (or a step naming this nonce) replaces the
 *     pairing, so an old hello replayed by the relay cannot hold the round; a second device of
 *     the partner that comes too late is sent a `stop`;
 *   - exchange the four PSI messages each way as `step` frames naming both nonces; a hello from
 *     the paired device saying it heard fewer steps than were sent brings the missing ones again
 *     (an ephemeral is lost when a socket drops);
 *   - end: `done` with the matches and both counts, or stopped with a typed error (timeout,
 *     partner stopped, cancelled, a refused message that ends the round); a `stop` frame tells
 *     the partner. The round's secret scalar is wiped whichever way it ends.
 * Frames refused without ending the round (another round's, replayed, unreadable, not a member's)
 * are reported to `onRefused` with a typed error.
 *
 *   const round = provider.reveals.start({ items: answers.revealItems().map((r) => r.item), timeoutMs: 120_000 });
 *   round.onPhase((phase) => show(phase)); // 'waiting' → 'exchanging' → 'done' | 'stopped'
 *   const outcome = await round.outcome;  // never rejects
 *   if (outcome.ok) show(outcome.value.matches, outcome.value.ownCount, outcome.value.partnerCount);
 *   else say(outcome.error.message);
 *   round.cancel(); // the person closed the screen
 */
import { SecureBaseError, bytesEqual, fail, ok, toBase64Url, type ErrorCode, type Result } from '@securebase/protocol';
import { PsiSession, hashBytes, openEnvelope, randomBytes, type PsiSide } from '@securebase/crypto';
import { decodeRevealFrame, encodeRevealFrame, isRevealPlaintext, REVEAL_NONCE_BYTES, type RevealFrame } from './desire-reveal-frames.js';
import { EphemeralSealer, ReplayGuard, type OpenedEphemeral } from './ephemeral.js';
import type { MembershipView } from './membership-view.js';
import type { SyncContext } from './sync-context.js';

/** How often a device in a round says hello (and so asks for what it has not heard). */
export const REVEAL_HELLO_INTERVAL_MS = 1_000;
const ROUND_ID_PREFIX = new TextEncoder().encode('securebase/reveal/round/v1');
const ROUND_ID_BYTES = 16;

/** Where a round stands. */
export type DesireRevealPhase = 'waiting' | 'exchanging' | 'done' | 'stopped';

/** What a finished round tells this side (shown to the person as is). */
export interface DesireRevealResult {
  /** This side's own items (as given) that the partner also brought. */
  matches: string[];
  /** How many distinct items this side brought. */
  ownCount: number;
  /** How many distinct items the partner brought: always learned, and shown to both. */
  partnerCount: number;
}

export interface DesireRevealOptions {
  /** The items this partner answered yes or maybe (DesireAnswers.revealItems()'s `item`s). */
  items: readonly string[];
  /** How long to wait for the partner's device and the whole exchange, in ms. */
  timeoutMs: number;
  /** Cancels the round (the person left the screen, Ctrl-C). */
  signal?: AbortSignal;
}

/** One round on this device. */
export class DesireRevealRound {
  /** Resolves once when the round ends: the result, or the typed reason it stopped. */
  readonly outcome: Promise<Result<DesireRevealResult>>;
  /** This device's nonce in this round. */
  readonly nonce = randomBytes(REVEAL_NONCE_BYTES);

  private current: DesireRevealPhase = 'waiting';
  private session: PsiSession | undefined;
  private partner: { nonce: Uint8Array; device: string } | undefined;
  /** True once a step from the partner named this round's nonce. */
  private confirmed = false;
  private readonly sentSteps: Uint8Array[] = [];
  private readonly heardSteps: Uint8Array[] = [];
  private readonly phaseListeners = new Set<(phase: DesireRevealPhase) => void>();
  private readonly refusedListeners = new Set<(error: SecureBaseError) => void>();
  private resolve!: (outcome: Result<DesireRevealResult>) => void;
  private readonly timeout: ReturnType<typeof setTimeout>;
  private readonly hello: ReturnType<typeof setInterval>;
  private readonly onAbort = (): void => this.cancel();

  /** @internal Made by DesireReveals.start. */
  constructor(
    private readonly transport: RevealTransport,
    private readonly options: DesireRevealOptions,
  ) {
    this.outcome = new Promise((resolve) => {
      this.resolve = resolve;
    });
    // Checked here so a bad item is the caller's error, before anything is sent.
    PsiSession.start({ roundId: new Uint8Array(ROUND_ID_BYTES), side: 'a', items: options.items }).stop();
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) throw new RangeError('A reveal needs a positive timeout.');
    this.timeout = setTimeout(() => this.end(fail('reveal-timeout', 'the round did not finish in time')), options.timeoutMs);
    this.hello = setInterval(() => this.sayHello(), REVEAL_HELLO_INTERVAL_MS);
    options.signal?.addEventListener('abort', this.onAbort);
    if (options.signal?.aborted) queueMicrotask(this.onAbort);
    this.sayHello();
  }

  get phase(): DesireRevealPhase {
    return this.current;
  }

  /** Listen for phase changes. */
  onPhase(listener: (phase: DesireRevealPhase) => void): () => void {
    this.phaseListeners.add(listener);
    return () => this.phaseListeners.delete(listener);
  }

  /** Listen for frames refused without ending the round (for tests and diagnostics). */
  onRefused(listener: (error: SecureBaseError) => void): () => void {
    this.refusedListeners.add(listener);
    return () => this.refusedListeners.delete(listener);
  }

  /** Stop the round now; the partner's device is told. */
  cancel(): void {
    this.end(fail('reveal-cancelled', 'stopped on this device'));
  }

  /** @internal A reveal frame from a member device of the space (`author` base64url, `partnerId` its partner). */
  take(frame: RevealFrame, author: string, partnerId: string): void {
    if (this.current === 'done' || this.current === 'stopped') return;
    const fromOwnPartner = partnerId === this.transport.partnerId;
    switch (frame.kind) {
      case 'hello': {
        // Own other devices are never a partner; a second device of the partner is simply not this round's.
        if (fromOwnPartner) return;
        // Until a step proves the pairing, the paired device's newer nonce wins: a hello the relay
        // kept from an earlier round cannot hold this round hostage.
        const newerNonce = !this.confirmed && this.partner?.device === author && !bytesEqual(this.partner.nonce, frame.nonce);
        if (!this.partner || newerNonce) this.pair(frame.nonce, author, partnerId);
        else if (this.isPartner(frame.nonce, author)) this.resendFrom(frame.heard);
        return;
      }
      case 'step':
        if (!bytesEqual(frame.to, this.nonce) || fromOwnPartner) return this.refuse('reveal-wrong-round', 'a step for another round');
        // A step naming this round's nonce proves the sender heard it now: it settles the pairing.
        if (!this.confirmed && !this.isPartner(frame.from, author)) this.pair(frame.from, author, partnerId);
        if (!this.isPartner(frame.from, author)) {
          // Another device of the partner started too and was too late: tell it at once rather than let it wait out its timeout.
          this.transport.send({ kind: 'stop', from: this.nonce, to: frame.from });
          return this.refuse('reveal-wrong-round', 'a step from another device than this round’s');
        }
        this.confirmed = true;
        return this.step(frame.message);
      case 'stop':
        if (!bytesEqual(frame.to, this.nonce) || fromOwnPartner) return this.refuse('reveal-wrong-round', 'a stop for another round');
        if (this.confirmed && !this.isPartner(frame.from, author)) return this.refuse('reveal-wrong-round', 'a stop from another device');
        this.end(fail('reveal-partner-stopped', 'the partner stopped'), false);
        return;
    }
  }

  /** @internal A frame that reached this device and was refused before it could be read. */
  refuse(code: ErrorCode, detail: string): void {
    this.report(new SecureBaseError(code, detail));
  }

  /** @internal Tell the refusal listeners. */
  report(error: SecureBaseError): void {
    for (const listener of this.refusedListeners) listener(error);
  }

  /** @internal An unreadable frame from `author`: it ends the round only when it is the partner's. */
  unreadable(author: string, detail: string): void {
    if (this.partner?.device === author) this.end(fail('reveal-malformed', detail));
    else this.refuse('reveal-malformed', detail);
  }

  private isPartner(nonce: Uint8Array, author: string): boolean {
    return this.partner !== undefined && this.partner.device === author && bytesEqual(this.partner.nonce, nonce);
  }

  private pair(nonce: Uint8Array, author: string, partnerId: string): void {
    if (bytesEqual(nonce, this.nonce)) return;
    const side: PsiSide = this.transport.partnerId < partnerId ? 'a' : 'b';
    const [first, second] = side === 'a' ? [this.nonce, nonce] : [nonce, this.nonce];
    const roundId = hashBytes(new Uint8Array([...ROUND_ID_PREFIX, ...first, ...second])).slice(0, ROUND_ID_BYTES);
    this.partner = { nonce: nonce.slice(), device: author };
    // Pairing again (before confirmation) drops the earlier attempt, its scalar wiped.
    this.session?.stop();
    this.sentSteps.length = 0;
    this.heardSteps.length = 0;
    this.session = PsiSession.start({ roundId, side, items: this.options.items });
    if (this.current !== 'exchanging') this.setPhase('exchanging');
    this.sendStep(this.session.opening);
  }

  private step(message: Uint8Array): void {
    const session = this.session;
    if (!session) return;
    // A copy re-sent after a lost one: already taken, not a refusal.
    if (this.heardSteps.some((heard) => bytesEqual(heard, message))) return;
    const reply = session.receive(message);
    if (!reply.ok) {
      if (reply.error.fatal) this.end(reply);
      else this.report(reply.error);
      return;
    }
    this.heardSteps.push(message.slice());
    for (const next of reply.value) this.sendStep(next);
    const result = session.result;
    if (session.phase === 'done' && result) this.end(ok({ ...result }), false);
  }

  private sendStep(message: Uint8Array): void {
    this.sentSteps.push(message);
    const partner = this.partner;
    if (partner) this.transport.send({ kind: 'step', from: this.nonce, to: partner.nonce, message });
  }

  private resendFrom(heard: number): void {
    const partner = this.partner;
    if (!partner) return;
    for (const message of this.sentSteps.slice(heard)) this.transport.send({ kind: 'step', from: this.nonce, to: partner.nonce, message });
  }

  private sayHello(): void {
    if (this.current === 'waiting' || this.current === 'exchanging') {
      this.transport.send({ kind: 'hello', nonce: this.nonce, heard: this.heardSteps.length });
    }
  }

  private setPhase(phase: DesireRevealPhase): void {
    this.current = phase;
    for (const listener of this.phaseListeners) listener(phase);
  }

  /** End once: wipe the scalar, tell the partner unless it ended there, settle the outcome. */
  private end(outcome: Result<DesireRevealResult>, tellPartner = true): void {
    if (this.current === 'done' || this.current === 'stopped') return;
    clearTimeout(this.timeout);
    clearInterval(this.hello);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    // PsiSession wipes its scalar when done; stop() wipes it on every other way out.
    if (this.session && this.session.phase !== 'done') this.session.stop();
    const partner = this.partner;
    if (tellPartner && partner) this.transport.send({ kind: 'stop', from: this.nonce, to: partner.nonce });
    this.transport.ended(this);
    this.setPhase(outcome.ok ? 'done' : 'stopped');
    this.resolve(outcome);
  }
}

/** What a round needs from its provider. */
interface RevealTransport {
  readonly partnerId: string;
  send(frame: RevealFrame): void;
  ended(round: DesireRevealRound): void;
}

/** The reveal for one provider (`provider.reveals`): starts rounds and routes their frames. */
export class DesireReveals {
  private readonly sealer: EphemeralSealer;
  private readonly replays = new ReplayGuard();
  private active: DesireRevealRound | undefined;

  constructor(
    private readonly ctx: SyncContext,
    private readonly members: MembershipView,
  ) {
    this.sealer = new EphemeralSealer({ spaceId: ctx.keys.spaceId, docId: ctx.docId, device: ctx.keys.device });
  }

  /**
   * Start a round: waits for a device of the partner to start one too. Call it on the shared
   * document's provider once it is connected (the partner cannot open a private document). One
   * round at a time on a provider; throws a RangeError for a round already running, a bad item
   * or timeout.
   */
  start(options: DesireRevealOptions): DesireRevealRound {
    if (this.active) throw new RangeError('A reveal is already running on this device.');
    const transport: RevealTransport = {
      partnerId: this.ctx.keys.credentials.partnerId,
      send: (frame) => this.send(frame),
      ended: (round) => {
        if (this.active === round) this.active = undefined;
      },
    };
    const round = new DesireRevealRound(transport, options);
    this.active = round;
    return round;
  }

  /**
   * An opened ephemeral that is not a live signal: true when it was a reveal frame (taken or
   * refused here), false when it is for presence.
   */
  received(opened: OpenedEphemeral): boolean {
    if (!isRevealPlaintext(opened.plaintext)) return false;
    const round = this.active;
    if (!round) return true;
    const { header, plaintext } = opened;
    const author = toBase64Url(header.author);
    const partnerId = this.members.isMember(header.author) ? this.members.partnerOf(author) : undefined;
    if (partnerId === undefined) {
      round.refuse('unknown-author', 'a reveal frame not from a member device');
      return true;
    }
    const decoded = header.kind === 'ephemeral' ? decodeRevealFrame(plaintext) : { ok: false as const, detail: `a reveal frame in a ${header.kind} envelope` };
    if (!decoded.ok) {
      round.unreadable(author, decoded.detail);
      return true;
    }
    // After decoding, so junk cannot push the clock past a real frame.
    if (!this.replays.fresh(author, header.clock)) {
      round.refuse('reveal-out-of-order', 'a replayed or late reveal frame');
      return true;
    }
    round.take(decoded.frame, author, partnerId);
    return true;
  }

  /**
   * An ephemeral that did not open (tampered in transit, another key): while a round runs it is
   * reported to the round, since it may have been one of its frames; the round goes on.
   */
  unopened(envelope: Uint8Array): void {
    const round = this.active;
    if (!round) return;
    const opened = openEnvelope(envelope, { spaceId: this.ctx.keys.spaceId, docId: this.ctx.docId, keyForEpoch: this.ctx.keys.keyForEpoch });
    if (!opened.ok) round.report(opened.error);
  }

  /** Cancel a running round (the provider is going away). */
  detach(): void {
    this.active?.cancel();
  }

  private send(frame: RevealFrame): void {
    const conn = this.ctx.connection.ready;
    // No socket: the hello repeats, and a hello of the partner's asks again for any lost step.
    if (!conn) return;
    const envelope = this.sealer.seal(encodeRevealFrame(frame), this.ctx.keys.current());
    this.ctx.connection.send(conn, { type: 'ephemeral', docId: this.ctx.docId, envelope });
  }
}
