/**
 * One run of the mutual reveal: Diffie–Hellman private set intersection over ristretto255 with
 * commit-then-reveal at both steps, so each partner learns which of their own items the other
 * also holds (and the size of the other's list), and nothing about any other item.
 *
 * Each side holds a fresh random scalar (a for side a, b for side b) used in this round only and
 * wiped when the round ends. In the order each side sends (docs/PROTOCOL.md, "Mutual reveal"):
 *   set-commit     H(round, side, sorted {a·P(x)})            before anything else
 *   blinded-set    sorted {a·P(x)}, checked against the set-commit
 *   answer-commit  H(round, side, T2, {a·(b·P(y))})           before seeing the other's answer
 *   answer         {a·(b·P(y))} in the order of the other's blinded set, checked against it
 * Side a then knows x matched exactly when b·(a·P(x)) appears among a·(b·P(y)). Every message
 * carries the transcript hash of the steps before it, so a message from another round, or one
 * made after seeing a different message than this side sent, is refused.
 *
 *   const session = PsiSession.start({ roundId, side: 'a', items: ['slow kissing', 'a bath together'] });
 *   send(session.opening);
 *   const step = session.receive(bytesFromPartner); // Result<Uint8Array[]>: messages to send
 *   if (step.ok) step.value.forEach(send);
 *   session.result?.matches; // once the phase is 'done'
 */
import { bytesEqual, fail, ok, SecureBaseError, type Result } from '@securebase/protocol';
import { concatBytes, utf8 } from './bytes.js';
import { canonicalPsiItem, psiItemPoint, PSI_ROUND_ID_BYTES } from './psi-items.js';
import {
  decodePsiMessage,
  encodePsiMessage,
  otherPsiSide,
  psiSideByte,
  PSI_HASH_BYTES,
  PSI_MAX_ITEMS,
  PSI_MESSAGE_TYPES,
  PSI_POINT_BYTES,
  PSI_VERSION,
  type PsiCommitMessage,
  type PsiMessage,
  type PsiPointsMessage,
  type PsiSide,
} from './psi-messages.js';
import { sodiumReady } from './sodium.js';

const TRANSCRIPT_PREFIX = 'securebase/psi/transcript/v1';
const SET_PREFIX = 'securebase/psi/set/v1';
const ANSWER_PREFIX = 'securebase/psi/answer/v1';

/**
 * Where a round stands: `waiting-<type>` names the partner message expected next; `done` once
 * the result is known; `stopped` after a refused message ended the round (or `stop()`).
 */
export type PsiPhase = 'waiting-set-commit' | 'waiting-blinded-set' | 'waiting-answer-commit' | 'waiting-answer' | 'done' | 'stopped';

/** What a finished round tells this side. */
export interface PsiResult {
  /** This side's own items (as given, first spelling) that the partner also brought. */
  matches: string[];
  /** How many distinct items this side brought. */
  ownCount: number;
  /** How many distinct items the partner brought: always learned, and shown to both. */
  partnerCount: number;
}

/** What starts a round: both sides use the same round id and opposite sides. */
export interface PsiStartOptions {
  roundId: Uint8Array;
  side: PsiSide;
  /** This side's items (yes or maybe), in any spelling; duplicates after canonicalising count once. */
  items: readonly string[];
}

interface OwnEntry {
  item: string;
  blinded: Uint8Array;
}

function hash(...parts: Uint8Array[]): Uint8Array {
  return sodiumReady().crypto_generichash(PSI_HASH_BYTES, concatBytes(...parts), null);
}

function u16(value: number): Uint8Array {
  return new Uint8Array([value >> 8, value & 0xff]);
}

function comparePoints(x: Uint8Array, y: Uint8Array): number {
  for (let i = 0; i < PSI_POINT_BYTES; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function hex(bytes: Uint8Array): string {
  return sodiumReady().to_hex(bytes);
}

/** A valid ristretto255 encoding other than the identity (which would cancel every scalar). */
function isUsablePoint(point: Uint8Array): boolean {
  return point.some((byte) => byte !== 0) && sodiumReady().crypto_core_ristretto255_is_valid_point(point);
}

/** Commitment to a list of points: binds round, side, step (via `bound`) and order. */
function pointsCommitment(prefix: string, roundId: Uint8Array, side: PsiSide, bound: Uint8Array, points: readonly Uint8Array[]): Uint8Array {
  return hash(utf8(prefix), roundId, new Uint8Array([psiSideByte(side)]), bound, u16(points.length), ...points);
}

/** A round of the mutual reveal for one side; feed it the partner's messages in order. */
export class PsiSession {
  /** The first message to send: this side's set-commit. */
  readonly opening: Uint8Array;
  readonly roundId: Uint8Array;
  readonly side: PsiSide;

  private scalar: Uint8Array;
  private readonly own: OwnEntry[];
  private transcript: Uint8Array;
  private readonly sent: Uint8Array[] = [];
  private readonly received: Uint8Array[] = [];
  private partnerSetCommit: PsiCommitMessage | undefined;
  private partnerAnswerCommit: PsiCommitMessage | undefined;
  private partnerCount = 0;
  private ownAnswer: Uint8Array[] = [];
  private afterBlindedSets: Uint8Array = new Uint8Array(0);
  private currentPhase: PsiPhase = 'waiting-set-commit';
  private stoppedBy: SecureBaseError | undefined;
  private finalResult: PsiResult | undefined;

  /** Start a round with a fresh random scalar. */
  static start(options: PsiStartOptions): PsiSession {
    return new PsiSession(options, sodiumReady().crypto_core_ristretto255_scalar_random());
  }

  private constructor(options: PsiStartOptions, scalar: Uint8Array) {
    if (options.roundId.length !== PSI_ROUND_ID_BYTES) throw new RangeError(`A reveal round id has ${PSI_ROUND_ID_BYTES} bytes.`);
    if (options.side !== 'a' && options.side !== 'b') throw new RangeError("A reveal side is 'a' or 'b'.");
    this.roundId = options.roundId.slice();
    this.side = options.side;
    this.scalar = scalar;
    const byCanonical = new Map<string, string>();
    for (const item of options.items) {
      const canonical = canonicalPsiItem(item);
      if (!byCanonical.has(canonical)) byCanonical.set(canonical, item);
    }
    if (byCanonical.size > PSI_MAX_ITEMS) throw new RangeError(`A reveal takes at most ${PSI_MAX_ITEMS} items; leave some out.`);
    const sodium = sodiumReady();
    this.own = [...byCanonical].map(([canonical, item]) => ({
      item,
      blinded: sodium.crypto_scalarmult_ristretto255(scalar, psiItemPoint(this.roundId, canonical)),
    }));
    this.own.sort((x, y) => comparePoints(x.blinded, y.blinded));
    this.transcript = hash(utf8(TRANSCRIPT_PREFIX), new Uint8Array([PSI_VERSION]), this.roundId);
    const points = this.own.map((entry) => entry.blinded);
    this.opening = this.send({
      type: 'set-commit',
      count: points.length,
      commitment: pointsCommitment(SET_PREFIX, this.roundId, this.side, new Uint8Array(0), points),
    });
  }

  /** The partner message expected next, or the end state. */
  get phase(): PsiPhase {
    return this.currentPhase;
  }

  /** The result once the phase is `done`. */
  get result(): PsiResult | undefined {
    return this.finalResult;
  }

  /**
   * Take one message from the partner. Returns the messages to send in reply (none, or one), or
   * a typed error: 'reveal-wrong-round' and 'reveal-out-of-order' leave the round as it was (the
   * message is ignored); 'reveal-malformed', 'reveal-tampered' and 'reveal-wrong-size' stop it.
   */
  receive(bytes: Uint8Array): Result<Uint8Array[]> {
    if (this.stoppedBy) return { ok: false, error: this.stoppedBy };
    if (this.currentPhase === 'done') return fail('reveal-out-of-order', 'the round is already done');
    try {
      return ok(this.accept(bytes));
    } catch (error) {
      if (!(error instanceof SecureBaseError)) throw error;
      if (error.fatal) this.halt(error);
      return { ok: false, error };
    }
  }

  /** End the round now (the person cancelled, or it timed out) and wipe the scalar. */
  stop(): void {
    this.halt(new SecureBaseError('reveal-out-of-order', 'the round was stopped on this device'));
  }

  private halt(error: SecureBaseError): void {
    this.stoppedBy = error;
    this.currentPhase = 'stopped';
    this.wipe();
  }

  private wipe(): void {
    sodiumReady().memzero(this.scalar);
    this.scalar = new Uint8Array(0);
  }

  private send(body: Omit<PsiCommitMessage, 'roundId' | 'side' | 'transcript'> | Omit<PsiPointsMessage, 'roundId' | 'side' | 'transcript'>): Uint8Array {
    const bytes = encodePsiMessage({ ...body, roundId: this.roundId, side: this.side, transcript: this.transcript } as PsiMessage);
    this.sent.push(bytes);
    return bytes;
  }

  /** Fold the step both sides just completed into the transcript (side a's message first). */
  private advanceTranscript(): void {
    const step = this.received.length - 1;
    const mine = this.sent[step] ?? new Uint8Array(0);
    const theirs = this.received[step] ?? new Uint8Array(0);
    const [first, second] = this.side === 'a' ? [mine, theirs] : [theirs, mine];
    this.transcript = hash(this.transcript, first, second);
  }

  private accept(bytes: Uint8Array): Uint8Array[] {
    const message = decodePsiMessage(bytes);
    if (!bytesEqual(message.roundId, this.roundId)) throw new SecureBaseError('reveal-wrong-round', 'message from another round');
    if (message.side !== otherPsiSide(this.side)) throw new SecureBaseError('reveal-tampered', "message claims this side's own role");
    const expected = this.received.length;
    const index = PSI_MESSAGE_TYPES.indexOf(message.type);
    if (index < expected) throw new SecureBaseError('reveal-out-of-order', `${message.type} arrived again`);
    if (index > expected) throw new SecureBaseError('reveal-out-of-order', `${message.type} arrived before ${PSI_MESSAGE_TYPES[expected] ?? 'end'}`);
    if (!sodiumReady().memcmp(message.transcript, this.transcript)) {
      throw new SecureBaseError('reveal-tampered', `${message.type} follows a different transcript`);
    }
    switch (message.type) {
      case 'set-commit':
        return this.onSetCommit(message, bytes);
      case 'blinded-set':
        return this.onBlindedSet(message, bytes);
      case 'answer-commit':
        return this.onAnswerCommit(message, bytes);
      case 'answer':
        return this.onAnswer(message, bytes);
    }
  }

  private record(bytes: Uint8Array, next: PsiPhase): void {
    this.received.push(bytes.slice());
    this.advanceTranscript();
    this.currentPhase = next;
  }

  private onSetCommit(message: PsiMessage, bytes: Uint8Array): Uint8Array[] {
    const commit = message as PsiCommitMessage;
    if (commit.count > PSI_MAX_ITEMS) throw new SecureBaseError('reveal-wrong-size', `more than ${PSI_MAX_ITEMS} items`);
    this.partnerSetCommit = commit;
    this.record(bytes, 'waiting-blinded-set');
    return [this.send({ type: 'blinded-set', points: this.own.map((entry) => entry.blinded) })];
  }

  private onBlindedSet(message: PsiMessage, bytes: Uint8Array): Uint8Array[] {
    const { points } = message as PsiPointsMessage;
    const committed = this.partnerSetCommit;
    if (!committed) throw new SecureBaseError('reveal-out-of-order', 'blinded-set before set-commit');
    if (points.length !== committed.count) throw new SecureBaseError('reveal-wrong-size', 'blinded set differs in size from its commitment');
    points.forEach((point, i) => {
      if (!isUsablePoint(point)) throw new SecureBaseError('reveal-malformed', 'blinded set holds an invalid point');
      const previous = points[i - 1];
      if (previous && comparePoints(previous, point) >= 0) throw new SecureBaseError('reveal-malformed', 'blinded set is not sorted and distinct');
    });
    const expected = pointsCommitment(SET_PREFIX, this.roundId, message.side, new Uint8Array(0), points);
    if (!sodiumReady().memcmp(expected, committed.commitment)) throw new SecureBaseError('reveal-tampered', 'blinded set does not open its commitment');
    const sodium = sodiumReady();
    this.partnerCount = points.length;
    this.ownAnswer = points.map((point) => sodium.crypto_scalarmult_ristretto255(this.scalar, point));
    this.record(bytes, 'waiting-answer-commit');
    // Both answer commitments bind T2, the transcript after both blinded sets: each side fixes
    // its answer before it sees anything computed from its own set.
    this.afterBlindedSets = this.transcript;
    const commitment = pointsCommitment(ANSWER_PREFIX, this.roundId, this.side, this.afterBlindedSets, this.ownAnswer);
    return [this.send({ type: 'answer-commit', count: this.ownAnswer.length, commitment })];
  }

  private onAnswerCommit(message: PsiMessage, bytes: Uint8Array): Uint8Array[] {
    const commit = message as PsiCommitMessage;
    if (commit.count !== this.own.length) throw new SecureBaseError('reveal-wrong-size', 'answer commitment covers a different number of items');
    this.partnerAnswerCommit = commit;
    this.record(bytes, 'waiting-answer');
    return [this.send({ type: 'answer', points: this.ownAnswer })];
  }

  private onAnswer(message: PsiMessage, bytes: Uint8Array): Uint8Array[] {
    const { points } = message as PsiPointsMessage;
    const committed = this.partnerAnswerCommit;
    if (!committed) throw new SecureBaseError('reveal-out-of-order', 'answer before answer-commit');
    if (points.length !== this.own.length) throw new SecureBaseError('reveal-wrong-size', 'answer differs in size from this side\'s blinded set');
    for (const point of points) {
      if (!isUsablePoint(point)) throw new SecureBaseError('reveal-malformed', 'answer holds an invalid point');
    }
    const expected = pointsCommitment(ANSWER_PREFIX, this.roundId, message.side, this.afterBlindedSets, points);
    if (!sodiumReady().memcmp(expected, committed.commitment)) throw new SecureBaseError('reveal-tampered', 'answer does not open its commitment');
    const partnerItems = new Set(this.ownAnswer.map(hex));
    const matches = this.own.filter((_, i) => partnerItems.has(hex(points[i] ?? new Uint8Array(0)))).map((entry) => entry.item);
    this.record(bytes, 'done');
    this.finalResult = { matches, ownCount: this.own.length, partnerCount: this.partnerCount };
    this.wipe();
    return [];
  }
}

/**
 * Internal seam for known-answer tests: a round with a fixed scalar. Not exported from the
 * package (index.ts), so no app can start a round whose scalar is known or reused.
 */
export function startPsiSessionWithScalar(options: PsiStartOptions, scalar: Uint8Array): PsiSession {
  // reason: the constructor is private so apps can only use start(); this seam is the one exception.
  const construct = PsiSession as unknown as new (options: PsiStartOptions, scalar: Uint8Array) => PsiSession;
  return new construct(options, scalar.slice());
}
