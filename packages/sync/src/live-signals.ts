/**
 * Live signals between partners (pause, gentle checks, breathing together, rehearsing a script): a tiny typed message sealed as an
 * `ephemeral` envelope, like presence, so the relay forwards it, never stores it, and learns only
 * that a small message passed. Every signal is padded to one size, so a pause and a check look
 * alike on the wire.
 *
 * Plaintext (inside the sealed envelope):
 *
 *   signal = varUint(0) · varString("sb/signal") · varUint(version = 1) · varUint(kind) · body
 *            · zero bytes up to SIGNAL_PADDED_BYTES
 *
 * A field added to a kind goes at the end of its body and reads as 0 (the padding) when absent, so
 * the version stays 1 and what older devices send still reads. (An older receiver refuses the new
 * bytes as `malformed`: it needs the update to hear a copy that carries them.)
 *
 * The leading varUint(0) is why signals and presence can share the ephemeral stream: read as a
 * y-protocols awareness update it is "no clients changed", so a client that predates signals
 * applies it as nothing at all.
 *
 *   const channel = new LiveSignalChannel({ spaceId, docId, device });
 *   socket.send(channel.seal({ kind: 'pause-end', id }, { epoch, key }));
 *   const got = channel.open(envelope, { keyForEpoch, isMember });
 *   if (got.kind === 'signal') show(got.signal);
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { toBase64Url, type SecureBaseError } from '@securebase/protocol';
import { openEnvelope } from '@securebase/crypto';
import { EphemeralSealer, ReplayGuard, type EphemeralContext, type EphemeralOpenContext, type OpenedEphemeral } from './ephemeral.js';
import { BREATHE_MAX_MS, BREATHE_PATTERN_IDS, type BreathePatternId } from './breathe-pacer.js';

/** What a gentle check asks; the receiver shows it in its own words. */
export const CHECK_QUESTIONS = ['are-you-okay', 'pause-help'] as const;
export type CheckQuestion = (typeof CHECK_QUESTIONS)[number];

/** The one-tap answers to a check ('pause' also starts a pause on the answering side). */
export const CHECK_ANSWERS = ['okay', 'moment', 'closer', 'pause'] as const;
export type CheckAnswer = (typeof CHECK_ANSWERS)[number];

/** Bounds of a pause's length in minutes (the time-out agreement allows 5-240). */
export const PAUSE_MINUTES = { min: 1, max: 240 } as const;
/** Longest signal word, in characters (the agreement's own field allows more; it is cut for the card). */
export const SIGNAL_WORD_MAX = 80;

export type LiveSignal =
  /**
   * A pause: `startedAt` is when it began and `sentAt` when this copy was sealed, both on the
   * sender's clock, so the receiver places the end on its own clock as for breathing. `sentAt` is
   * stamped by the channel at sealing; a copy from a device that predates it has none (the field
   * reads as 0, the padding), and the receiver falls back to reading `startedAt` as it is.
   */
  | { kind: 'pause-start'; id: string; signalWord: string; minutes: number; startedAt: number; sentAt?: number }
  | { kind: 'pause-end'; id: string }
  | { kind: 'check'; id: string; question: CheckQuestion }
  | { kind: 'check-answer'; id: string; answer: CheckAnswer }
  /**
   * A shared breathing pacer: `startAt` is when it started and `sentAt` when this copy was sealed,
   * both on the sender's clock. The receiver needs only their difference (see breathe-pacer.ts),
   * so the two clocks never have to agree. `sentAt` is stamped by the channel at sealing.
   */
  | { kind: 'breathe-start'; id: string; pattern: BreathePatternId; startAt: number; sentAt: number }
  | { kind: 'breathe-end'; id: string }
  /**
   * A rehearsal's whole state, sent on every change and repeated while it lasts (rehearse-together.ts):
   * `senderRole` is the role of the partner who sealed it (0 opens, 1 answers), so the receiver
   * reads its own; `revision` and then `nonce` order the changes, so a stale copy never wins.
   */
  | { kind: 'rehearse-state'; id: string; scriptId: string; senderRole: 0 | 1; step: number; paused: boolean; revision: number; nonce: number }
  | { kind: 'rehearse-end'; id: string };

/** Wire numbers of the kinds; a number not listed here is `unknown-kind`. */
const KIND_NUMBERS = { 'pause-start': 1, 'pause-end': 2, check: 3, 'check-answer': 4, 'breathe-start': 5, 'breathe-end': 6, 'rehearse-state': 7, 'rehearse-end': 8 } as const;
const SIGNAL_MAGIC = 'sb/signal';
const SIGNAL_VERSION = 1;
/** Every signal plaintext is exactly this long: 80 four-byte characters still fit. */
export const SIGNAL_PADDED_BYTES = 512;

/** Why a received signal was dropped: stable, for tests and diagnostics; never shown as an error. */
export type SignalDropReason =
  | 'malformed'
  | 'unknown-version'
  | 'unknown-kind'
  | 'bad-field'
  | 'stale'
  | 'unknown-author'
  | 'wrong-kind-envelope';

export type SignalDecodeResult = { ok: true; signal: LiveSignal } | { ok: false; reason: SignalDropReason; detail: string };

const ID_PATTERN = /^[A-Za-z0-9_-]{8,32}$/;
const ITEM_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
// eslint-disable-next-line no-control-regex -- reason: control characters in a peer's text have no place on a calm card.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Encode one signal as its padded plaintext. Throws a TypeError on a signal we would not accept. */
export function encodeLiveSignal(signal: LiveSignal): Uint8Array {
  const problem = signalProblem(signal);
  if (problem) throw new TypeError(`not a valid ${signal.kind} signal: ${problem}`);
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  encoding.writeVarString(enc, SIGNAL_MAGIC);
  encoding.writeVarUint(enc, SIGNAL_VERSION);
  encoding.writeVarUint(enc, KIND_NUMBERS[signal.kind]);
  encoding.writeVarString(enc, signal.id);
  switch (signal.kind) {
    case 'pause-start':
      encoding.writeVarString(enc, signal.signalWord);
      encoding.writeVarUint(enc, signal.minutes);
      encoding.writeVarUint(enc, signal.startedAt);
      // Appended in place of padding: without it the bytes are exactly what older devices write.
      encoding.writeVarUint(enc, signal.sentAt ?? 0);
      break;
    case 'pause-end':
      break;
    case 'check':
      encoding.writeVarUint(enc, CHECK_QUESTIONS.indexOf(signal.question));
      break;
    case 'check-answer':
      encoding.writeVarUint(enc, CHECK_ANSWERS.indexOf(signal.answer));
      break;
    case 'breathe-start':
      encoding.writeVarUint(enc, BREATHE_PATTERN_IDS.indexOf(signal.pattern));
      encoding.writeVarUint(enc, signal.startAt);
      encoding.writeVarUint(enc, signal.sentAt);
      break;
    case 'breathe-end':
      break;
    case 'rehearse-state':
      encoding.writeVarString(enc, signal.scriptId);
      encoding.writeVarUint(enc, signal.senderRole);
      encoding.writeVarUint(enc, signal.step);
      encoding.writeVarUint(enc, signal.paused ? 1 : 0);
      encoding.writeVarUint(enc, signal.revision);
      encoding.writeVarUint(enc, signal.nonce);
      break;
    case 'rehearse-end':
      break;
  }
  const body = encoding.toUint8Array(enc);
  const padded = new Uint8Array(SIGNAL_PADDED_BYTES);
  padded.set(body);
  return padded;
}

/** True when `plaintext` is a signal at all (as opposed to a presence update in the same stream). */
export function isLiveSignalPlaintext(plaintext: Uint8Array): boolean {
  const dec = decoding.createDecoder(plaintext);
  try {
    return decoding.readVarUint(dec) === 0 && decoding.readVarString(dec) === SIGNAL_MAGIC;
  } catch (err) {
    // lib0 throws on bytes that end early: too short to be a signal (a presence update, say).
    if (err instanceof Error) return false;
    throw err;
  }
}

/** Decode and validate a signal plaintext into a typed value, or say why it is dropped. */
export function decodeLiveSignal(plaintext: Uint8Array): SignalDecodeResult {
  const drop = (reason: SignalDropReason, detail: string): SignalDecodeResult => ({ ok: false, reason, detail });
  if (plaintext.length !== SIGNAL_PADDED_BYTES) return drop('malformed', `a signal is ${SIGNAL_PADDED_BYTES} bytes, got ${plaintext.length}`);
  const dec = decoding.createDecoder(plaintext);
  let signal: LiveSignal;
  try {
    if (decoding.readVarUint(dec) !== 0 || decoding.readVarString(dec) !== SIGNAL_MAGIC) return drop('malformed', 'not a signal');
    const version = decoding.readVarUint(dec);
    if (version !== SIGNAL_VERSION) return drop('unknown-version', `signal version ${version}`);
    const kindNumber = decoding.readVarUint(dec);
    const id = decoding.readVarString(dec);
    switch (kindNumber) {
      case KIND_NUMBERS['pause-start']: {
        const signalWord = decoding.readVarString(dec);
        const minutes = decoding.readVarUint(dec);
        const startedAt = decoding.readVarUint(dec);
        // 0 is padding: a copy from a device that does not stamp its sealing time.
        const sentAt = decoding.readVarUint(dec);
        signal = sentAt === 0 ? { kind: 'pause-start', id, signalWord, minutes, startedAt } : { kind: 'pause-start', id, signalWord, minutes, startedAt, sentAt };
        break;
      }
      case KIND_NUMBERS['pause-end']:
        signal = { kind: 'pause-end', id };
        break;
      case KIND_NUMBERS.check: {
        const question = CHECK_QUESTIONS[decoding.readVarUint(dec)];
        if (!question) return drop('bad-field', 'unknown check question');
        signal = { kind: 'check', id, question };
        break;
      }
      case KIND_NUMBERS['check-answer']: {
        const answer = CHECK_ANSWERS[decoding.readVarUint(dec)];
        if (!answer) return drop('bad-field', 'unknown check answer');
        signal = { kind: 'check-answer', id, answer };
        break;
      }
      case KIND_NUMBERS['breathe-start']: {
        const pattern = BREATHE_PATTERN_IDS[decoding.readVarUint(dec)];
        if (!pattern) return drop('bad-field', 'unknown breathing pattern');
        const startAt = decoding.readVarUint(dec);
        const sentAt = decoding.readVarUint(dec);
        signal = { kind: 'breathe-start', id, pattern, startAt, sentAt };
        break;
      }
      case KIND_NUMBERS['breathe-end']:
        signal = { kind: 'breathe-end', id };
        break;
      case KIND_NUMBERS['rehearse-state']: {
        const scriptId = decoding.readVarString(dec);
        const role = decoding.readVarUint(dec);
        const step = decoding.readVarUint(dec);
        const paused = decoding.readVarUint(dec);
        const revision = decoding.readVarUint(dec);
        const nonce = decoding.readVarUint(dec);
        if ((role !== 0 && role !== 1) || (paused !== 0 && paused !== 1)) return drop('bad-field', 'a role and a pause flag are 0 or 1');
        signal = { kind: 'rehearse-state', id, scriptId, senderRole: role, step, paused: paused === 1, revision, nonce };
        break;
      }
      case KIND_NUMBERS['rehearse-end']:
        signal = { kind: 'rehearse-end', id };
        break;
      default:
        return drop('unknown-kind', `signal kind ${kindNumber}`);
    }
  } catch (err) {
    // lib0 throws when a field runs past the end: the bytes are not a well-formed signal.
    return drop('malformed', err instanceof Error ? err.message : 'unreadable signal');
  }
  // Only zero padding may follow the body: anything else is not what an honest client wrote.
  for (let i = dec.pos; i < plaintext.length; i++) if (plaintext[i] !== 0) return drop('malformed', 'bytes after the signal');
  const problem = signalProblem(signal);
  return problem ? drop('bad-field', problem) : { ok: true, signal };
}

/** What is wrong with a signal's fields, or undefined when it is acceptable. */
function signalProblem(signal: LiveSignal): string | undefined {
  if (!ID_PATTERN.test(signal.id)) return 'the id must be 8-32 letters, digits, - or _';
  if (signal.kind === 'breathe-start') return breatheProblem(signal.startAt, signal.sentAt);
  if (signal.kind === 'rehearse-state') return rehearseProblem(signal);
  if (signal.kind !== 'pause-start') return undefined;
  const word = signal.signalWord;
  if (word.trim() === '' || [...word].length > SIGNAL_WORD_MAX || CONTROL.test(word)) {
    return `the signal word must be 1-${SIGNAL_WORD_MAX} characters of plain text`;
  }
  if (!Number.isSafeInteger(signal.minutes) || signal.minutes < PAUSE_MINUTES.min || signal.minutes > PAUSE_MINUTES.max) {
    return `a pause lasts ${PAUSE_MINUTES.min}-${PAUSE_MINUTES.max} minutes`;
  }
  if (!Number.isSafeInteger(signal.startedAt) || signal.startedAt <= 0) return 'the start time must be a positive number of ms';
  const { sentAt } = signal;
  // Nobody re-sends a pause that is over, and no copy is sealed before its pause began.
  if (sentAt !== undefined && (!Number.isSafeInteger(sentAt) || sentAt < signal.startedAt || sentAt - signal.startedAt > signal.minutes * 60_000)) {
    return 'a pause copy is sealed between its start and its end';
  }
  return undefined;
}

/** Longest script a rehearsal steps through, in turns (a de-escalation script has at most 20 steps). */
export const REHEARSE_MAX_STEPS = 200;

/** A rehearsal names a workbook item, stays within a script's length, and counts its changes. */
function rehearseProblem(signal: Extract<LiveSignal, { kind: 'rehearse-state' }>): string | undefined {
  if (!ITEM_ID_PATTERN.test(signal.scriptId)) return 'the script id must be 8-64 letters, digits, - or _';
  if (signal.senderRole !== 0 && signal.senderRole !== 1) return 'the role is 0 or 1';
  if (!Number.isSafeInteger(signal.step) || signal.step < 0 || signal.step >= REHEARSE_MAX_STEPS) return `the step is 0-${REHEARSE_MAX_STEPS - 1}`;
  if (!Number.isSafeInteger(signal.revision) || signal.revision < 1) return 'the revision counts from 1';
  if (!Number.isSafeInteger(signal.nonce) || signal.nonce < 0 || signal.nonce > 0xffff_ffff) return 'the nonce is a 32-bit number';
  return undefined;
}

/** A pacer copy is sealed after its start and within the longest session, on the sender's clock. */
function breatheProblem(startAt: number, sentAt: number): string | undefined {
  if (!Number.isSafeInteger(startAt) || startAt <= 0) return 'the start time must be a positive number of ms';
  if (!Number.isSafeInteger(sentAt) || sentAt < startAt || sentAt - startAt > BREATHE_MAX_MS) {
    return `a pacer copy is sent 0-${BREATHE_MAX_MS} ms after its start`;
  }
  return undefined;
}

export type LiveSignalContext = EphemeralContext;
export type LiveSignalOpenContext = EphemeralOpenContext;

/** What to do with one received ephemeral envelope. */
export type LiveSignalVerdict =
  | { kind: 'signal'; author: string; signal: LiveSignal }
  /** It opened and is not a signal: a presence update, handed on opened, for the presence stream. */
  | { kind: 'not-a-signal'; opened: OpenedEphemeral }
  /** It did not open (tampered, wrong document, unknown epoch): nobody can use it. */
  | { kind: 'unopened'; error: SecureBaseError }
  /** A signal, but one we do not act on (replayed, unknown kind, bad field, non-member). */
  | { kind: 'dropped'; reason: SignalDropReason; detail: string };

/** Seals and opens signals for one document; its own monotonic clock and replay check. */
export class LiveSignalChannel {
  private readonly ctx: LiveSignalContext;
  private readonly now: () => number;
  private readonly sealer: EphemeralSealer;
  private readonly replays = new ReplayGuard();

  constructor(ctx: LiveSignalContext) {
    this.ctx = ctx;
    this.now = ctx.now ?? Date.now;
    this.sealer = new EphemeralSealer(ctx);
  }

  /** Seal one signal under `key` with the next clock. */
  seal(signal: LiveSignal, key: { epoch: number; key: Uint8Array }): Uint8Array {
    const now = this.now();
    // A copy may have waited in the offline queue: its "sent" time is now, not when queued (and a
    // pause copy never later than the pause's end, which the receiver then finds already over).
    const stamped =
      signal.kind === 'breathe-start'
        ? { ...signal, sentAt: Math.max(now, signal.startAt) }
        : signal.kind === 'pause-start'
          ? { ...signal, sentAt: Math.min(Math.max(now, signal.startedAt), signal.startedAt + signal.minutes * 60_000) }
          : signal;
    return this.sealer.seal(encodeLiveSignal(stamped), key, now);
  }

  /** Verify, decrypt, validate and replay-check one received ephemeral envelope. */
  open(envelope: Uint8Array, ctx: LiveSignalOpenContext): LiveSignalVerdict {
    const opened = openEnvelope(envelope, { spaceId: this.ctx.spaceId, docId: this.ctx.docId, keyForEpoch: ctx.keyForEpoch });
    if (!opened.ok) return { kind: 'unopened', error: opened.error };
    const { header, plaintext } = opened.value;
    if (!isLiveSignalPlaintext(plaintext)) return { kind: 'not-a-signal', opened: opened.value };
    if (header.kind !== 'ephemeral') return { kind: 'dropped', reason: 'wrong-kind-envelope', detail: `a ${header.kind} envelope` };
    if (!ctx.isMember(header.author)) return { kind: 'dropped', reason: 'unknown-author', detail: 'not a member device' };
    const decoded = decodeLiveSignal(plaintext);
    if (!decoded.ok) return { kind: 'dropped', reason: decoded.reason, detail: decoded.detail };
    const author = toBase64Url(header.author);
    // Checked after validation, so a junk message cannot push the clock past a real one.
    if (!this.replays.fresh(author, header.clock)) return { kind: 'dropped', reason: 'stale', detail: 'replayed or late' };
    return { kind: 'signal', author, signal: decoded.signal };
  }
}
