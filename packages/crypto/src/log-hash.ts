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
import { concatBytes } from './bytes.js';
import { sodiumReady } from './sodium.js';

/** H before any entry: 32 zero bytes. */
export const LOG_HASH_GENESIS: Uint8Array = new Uint8Array(HASH_BYTES);

/** BLAKE2b-256 of `bytes` (unkeyed). */
export function hashBytes(bytes: Uint8Array): Uint8Array {
  return sodiumReady().crypto_generichash(HASH_BYTES, bytes, null);
}

function uint64be(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('seq: not a safe unsigned integer');
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

/** Fold one accepted log entry into the running hash. */
export function foldLogHash(prev: Uint8Array, seq: number, envelope: Uint8Array): Uint8Array {
  return foldLogHashOfDigest(prev, seq, hashBytes(envelope));
}

/** foldLogHash for an entry whose `hashBytes(envelope)` is already at hand (openEnvelopeChain's `digest`). */
export function foldLogHashOfDigest(prev: Uint8Array, seq: number, envelopeDigest: Uint8Array): Uint8Array {
  if (prev.length !== HASH_BYTES || envelopeDigest.length !== HASH_BYTES) throw new RangeError('log hash: expected 32 bytes');
  return hashBytes(concatBytes(prev, uint64be(seq), envelopeDigest));
}
