/**
 * The plaintext of a mutual-reveal frame (docs/PROTOCOL.md, "Mutual reveal: transport"): what
 * travels, sealed as an `ephemeral` envelope on the shared document, between the two devices of
 * one round. One encoder, one decoder beside it.
 *
 *   reveal = varUint(0) · varString("sb/reveal") · varUint(version = 1) · varUint(kind) · body
 *            · zero bytes up to the next multiple of REVEAL_PAD_BYTES
 *   kind 1 hello  body = nonce[16] · varUint(heard)                  "I am in a round; I have `heard` of your steps"
 *   kind 2 step   body = from[16] · to[16] · varUint8Array(psi-message)
 *   kind 3 stop   body = from[16] · to[16]                           "I stopped this round"
 *
 * As for live signals, the leading varUint(0) reads as an awareness update with no clients, so
 * a client that predates the reveal applies it as nothing. The padding hides the size of a set
 * from the relay up to REVEAL_PAD_BYTES (about 120 items), so every frame of a usual round is one
 * size.
 *
 *   const bytes = encodeRevealFrame({ kind: 'hello', nonce });
 *   decodeRevealFrame(bytes); // { ok: true, frame } or { ok: false, detail }
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

const REVEAL_MAGIC = 'sb/reveal';
const REVEAL_VERSION = 1;
/** Every reveal plaintext is a multiple of this many bytes. */
export const REVEAL_PAD_BYTES = 4096;
/** Bytes of the random nonce that names one device's side of one round. */
export const REVEAL_NONCE_BYTES = 16;
/** Longest PSI message a frame carries (1000 points and the header, with room to spare). */
const MAX_PSI_MESSAGE_BYTES = 40_000;

const KIND_NUMBERS = { hello: 1, step: 2, stop: 3 } as const;

export type RevealFrame =
  /** `heard`: how many step messages the sender has taken from its round's partner (0 while waiting). */
  | { kind: 'hello'; nonce: Uint8Array; heard: number }
  | { kind: 'step'; from: Uint8Array; to: Uint8Array; message: Uint8Array }
  | { kind: 'stop'; from: Uint8Array; to: Uint8Array };

export type RevealFrameDecodeResult = { ok: true; frame: RevealFrame } | { ok: false; detail: string };

/** Encode one frame as its padded plaintext; throws a RangeError for values we never send. */
export function encodeRevealFrame(frame: RevealFrame): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  encoding.writeVarString(enc, REVEAL_MAGIC);
  encoding.writeVarUint(enc, REVEAL_VERSION);
  encoding.writeVarUint(enc, KIND_NUMBERS[frame.kind]);
  const nonce = (bytes: Uint8Array): void => {
    if (bytes.length !== REVEAL_NONCE_BYTES) throw new RangeError(`a reveal nonce has ${REVEAL_NONCE_BYTES} bytes`);
    encoding.writeUint8Array(enc, bytes);
  };
  if (frame.kind === 'hello') {
    nonce(frame.nonce);
    encoding.writeVarUint(enc, frame.heard);
  } else {
    nonce(frame.from);
    nonce(frame.to);
    if (frame.kind === 'step') {
      if (frame.message.length > MAX_PSI_MESSAGE_BYTES) throw new RangeError('a reveal message is too long');
      encoding.writeVarUint8Array(enc, frame.message);
    }
  }
  const body = encoding.toUint8Array(enc);
  const padded = new Uint8Array(Math.ceil(body.length / REVEAL_PAD_BYTES) * REVEAL_PAD_BYTES);
  padded.set(body);
  return padded;
}

/** True when an opened ephemeral's plaintext is a reveal frame (not presence, not a signal). */
export function isRevealPlaintext(plaintext: Uint8Array): boolean {
  const dec = decoding.createDecoder(plaintext);
  try {
    return decoding.readVarUint(dec) === 0 && decoding.readVarString(dec) === REVEAL_MAGIC;
  } catch (err) {
    // lib0 throws on bytes that end early: too short to be a reveal frame.
    if (err instanceof Error) return false;
    throw err;
  }
}

/** Decode and check a reveal plaintext, or say why it is refused. */
export function decodeRevealFrame(plaintext: Uint8Array): RevealFrameDecodeResult {
  const refuse = (detail: string): RevealFrameDecodeResult => ({ ok: false, detail });
  if (plaintext.length === 0 || plaintext.length % REVEAL_PAD_BYTES !== 0) return refuse('not padded');
  const dec = decoding.createDecoder(plaintext);
  let frame: RevealFrame;
  try {
    if (decoding.readVarUint(dec) !== 0 || decoding.readVarString(dec) !== REVEAL_MAGIC) return refuse('not a reveal frame');
    const version = decoding.readVarUint(dec);
    if (version !== REVEAL_VERSION) return refuse(`reveal frame version ${version}`);
    const kind = decoding.readVarUint(dec);
    // lib0 reads a view of the underlying buffer, so the length is checked here, not by it.
    const bytes = (length: number): Uint8Array => {
      if (dec.pos + length > plaintext.length) throw new RangeError('a field runs past the end');
      return decoding.readUint8Array(dec, length).slice();
    };
    const nonce = (): Uint8Array => bytes(REVEAL_NONCE_BYTES);
    switch (kind) {
      case KIND_NUMBERS.hello:
        frame = { kind: 'hello', nonce: nonce(), heard: decoding.readVarUint(dec) };
        break;
      case KIND_NUMBERS.step: {
        const from = nonce();
        const to = nonce();
        const length = decoding.readVarUint(dec);
        if (length > MAX_PSI_MESSAGE_BYTES) return refuse('a reveal message is too long');
        frame = { kind: 'step', from, to, message: bytes(length) };
        break;
      }
      case KIND_NUMBERS.stop:
        frame = { kind: 'stop', from: nonce(), to: nonce() };
        break;
      default:
        return refuse(`reveal frame kind ${kind}`);
    }
  } catch (err) {
    // lib0 throws when a field runs past the end: not a well-formed frame.
    return refuse(err instanceof Error ? err.message : 'unreadable reveal frame');
  }
  // Only zero padding may follow, and no more of it than one block.
  if (plaintext.length - dec.pos >= REVEAL_PAD_BYTES) return refuse('too much padding');
  for (let i = dec.pos; i < plaintext.length; i++) if (plaintext[i] !== 0) return refuse('bytes after the frame');
  return { ok: true, frame };
}
