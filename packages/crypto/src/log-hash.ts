/**
 * The per-document log hash chain: each client folds every entry it accepts into
 * H_seq = BLAKE2b-256(H_prev ‖ uint64be(seq) ‖ BLAKE2b-256(envelope)), starting from 32 zero
 * bytes. Two devices that accepted the same entries at the same seqs hold the same H, so a
 * signed head `{seq, H}` inside an update lets a partner detect a forked history.
 *
 *   let h = LOG_HASH_GENESIS;
 *   for (const { seq, envelope } of entries) h = foldLogHash(h, seq, envelope);
 */
import { HASH_BYTES } from '@securebase/protocol';
import { sodiumReady } from './sodium.js';

/** H before any entry: 32 zero bytes. */
export const LOG_HASH_GENESIS: Uint8Array = new Uint8Array(HASH_BYTES);

/** BLAKE2b-256 of `bytes` (unkeyed). */
export function hashBytes(bytes: Uint8Array): Uint8Array {
  return sodiumReady().crypto_generichash(HASH_BYTES, bytes, null);
}

/** Fold one accepted log entry into the running hash. */
export function foldLogHash(prev: Uint8Array, seq: number, envelope: Uint8Array): Uint8Array {
  return foldLogHashOfDigest(prev, seq, hashBytes(envelope));
}

/** foldLogHash for an entry whose `hashBytes(envelope)` is already at hand (openEnvelopeChain's `digest`). */
export function foldLogHashOfDigest(prev: Uint8Array, seq: number, envelopeDigest: Uint8Array): Uint8Array {
  if (prev.length !== HASH_BYTES || envelopeDigest.length !== HASH_BYTES) throw new RangeError('log hash: expected 32 bytes');
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError('seq: not a safe unsigned integer');
  // prev ‖ uint64be(seq) ‖ digest, written in place (this runs for every entry opened).
  const input = new Uint8Array(HASH_BYTES + 8 + HASH_BYTES);
  input.set(prev, 0);
  const view = new DataView(input.buffer);
  view.setUint32(HASH_BYTES, Math.floor(seq / 2 ** 32));
  view.setUint32(HASH_BYTES + 4, seq >>> 0);
  input.set(envelopeDigest, HASH_BYTES + 8);
  return hashBytes(input);
}
