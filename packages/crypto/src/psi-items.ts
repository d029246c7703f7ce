/**
 * Items of the mutual reveal (private set intersection): their canonical form, and their
 * per-round encoding as a ristretto255 point.
 *
 * Both partners must turn "Slow  Kissing " and "slow kissing" into the same bytes, or a shared
 * wish would not match: `canonicalPsiItem` applies NFKC, a case fold and whitespace collapsing.
 * Each round hashes the canonical item together with the round id, so the same item is a
 * different, unlinkable point in every round (an encoding seen once says nothing later).
 *
 *   const roundId = newPsiRoundId();
 *   const point = psiItemPoint(roundId, canonicalPsiItem('Slow kissing'));
 */
import { concatBytes, utf8 } from './bytes.js';
import { sodiumReady } from './sodium.js';
import { randomBytes } from './random.js';

/** Bytes of a round id: fresh and random for every run of the protocol. */
export const PSI_ROUND_ID_BYTES = 16;
/** Longest canonical item, in characters (custom items are short phrases). */
export const PSI_MAX_ITEM_CHARS = 500;

const ITEM_PREFIX = 'securebase/psi/item/v1';
const ITEM_HASH_BYTES = 64;

/** A fresh random round id (never reuse one: the transcript binds every message to it). */
export function newPsiRoundId(): Uint8Array {
  return randomBytes(PSI_ROUND_ID_BYTES);
}

/**
 * The canonical form both partners hash: NFKC; a full case fold (upper- then lower-casing, so
 * "ß" and "SS" agree, and a final sigma folded to σ); every run of whitespace one space; trimmed.
 * Throws a RangeError for an item that is empty or longer than PSI_MAX_ITEM_CHARS.
 */
export function canonicalPsiItem(text: string): string {
  const folded = text.normalize('NFKC').toUpperCase().toLowerCase().replace(/ς/gu, 'σ').normalize('NFKC');
  const canonical = folded.replace(/\s+/gu, ' ').trim();
  if (canonical.length === 0) throw new RangeError('A reveal item is empty: write a few words, or leave it out.');
  if (canonical.length > PSI_MAX_ITEM_CHARS) {
    throw new RangeError(`A reveal item is longer than ${PSI_MAX_ITEM_CHARS} characters: shorten it.`);
  }
  return canonical;
}

/**
 * The item's point for this round: ristretto255 from_hash of
 * BLAKE2b-512("securebase/psi/item/v1" · roundId · UTF-8 canonical item). The round id has a
 * fixed length, so prefix, round and item cannot run into each other.
 */
export function psiItemPoint(roundId: Uint8Array, canonicalItem: string): Uint8Array {
  if (roundId.length !== PSI_ROUND_ID_BYTES) throw new RangeError(`A reveal round id has ${PSI_ROUND_ID_BYTES} bytes.`);
  const sodium = sodiumReady();
  const digest = sodium.crypto_generichash(ITEM_HASH_BYTES, concatBytes(utf8(ITEM_PREFIX), roundId, utf8(canonicalItem)), null);
  return sodium.crypto_core_ristretto255_from_hash(digest);
}
