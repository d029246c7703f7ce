/**
 * Safety number: a short authentication string both partners compare (aloud or side by side)
 * after joining, to be sure no one — the relay included — slipped in a key of their own.
 * Each partner's identity key (the device key of their create / add-partner op) gets a 64-byte
 * fingerprint from an iterated BLAKE2b-512 (iterations make a targeted collision search
 * costly). Digits: 30 from each fingerprint, the two in a fixed (sorted) order, so both
 * partners see the same 60 digits. Words: six bytes of a hash over both fingerprints in the
 * same order, each picking one of 256 fixed words.
 *
 *   const { digits, words } = safetyNumber(myIdentityKey, partnerIdentityKey);
 *   // digits: '12345 67890 … (12 groups of 5 digits)'; words: ['otter', 'maple', …] (6)
 */
import { PUBLIC_KEY_BYTES } from '@securebase/protocol';
import { concatBytes, utf8 } from './bytes.js';
import { SAFETY_WORDS } from './safety-words.js';
import { sodiumReady } from './sodium.js';

const FINGERPRINT_CONTEXT = 'securebase/safety-number/v1';
const WORDS_CONTEXT = 'securebase/safety-words/v1';
const ITERATIONS = 5200;
const WORD_COUNT = 6;

export interface SafetyNumber {
  /** 12 groups of 5 digits joined by single spaces. */
  digits: string;
  /** 6 words from the fixed list. */
  words: string[];
}

function fingerprint(identityKey: Uint8Array): Uint8Array {
  const sodium = sodiumReady();
  let hash = concatBytes(utf8(FINGERPRINT_CONTEXT), identityKey);
  for (let i = 0; i < ITERATIONS; i++) hash = sodium.crypto_generichash(64, concatBytes(hash, identityKey), null);
  return hash;
}

function fingerprintDigits(hash: Uint8Array): string {
  const groups: string[] = [];
  // Six 5-digit groups, each from 5 bytes (40 bits) reduced mod 100000 as Signal does.
  for (let g = 0; g < 6; g++) {
    let value = 0;
    for (let b = 0; b < 5; b++) value = value * 256 + (hash[g * 5 + b] ?? 0);
    groups.push(String(value % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}

/** The safety number of two partners' identity keys; the same whichever side computes it. */
export function safetyNumber(identityA: Uint8Array, identityB: Uint8Array): SafetyNumber {
  if (identityA.length !== PUBLIC_KEY_BYTES || identityB.length !== PUBLIC_KEY_BYTES) {
    throw new RangeError('safetyNumber: identity keys are 32 bytes');
  }
  const sides = [fingerprint(identityA), fingerprint(identityB)]
    .map((hash) => ({ hash, digits: fingerprintDigits(hash) }))
    .sort((a, b) => (a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : compareBytes(a.hash, b.hash)));
  const [first, second] = sides as [(typeof sides)[number], (typeof sides)[number]];
  const wordHash = sodiumReady().crypto_generichash(32, concatBytes(utf8(WORDS_CONTEXT), first.hash, second.hash), null);
  const words = Array.from(wordHash.subarray(0, WORD_COUNT), (byte) => SAFETY_WORDS[byte] ?? '');
  return { digits: `${first.digits} ${second.digits}`, words };
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
