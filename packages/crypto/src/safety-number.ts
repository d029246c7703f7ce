/**
 * Safety number: a short authentication string both partners compare (aloud or side by side)
 * after joining, to be sure no one — the relay included — slipped in a key of their own.
 * Each partner's identity (partner id + first device key) gets a 30-digit fingerprint from an
 * iterated BLAKE2b-512 (iterations make a targeted collision search costly); the safety number
 * is both fingerprints in a fixed order, so both partners see the same 60 digits.
 *
 *   safetyNumber({ partnerId: a.partnerId, deviceKey: a.deviceKey }, { partnerId: b.partnerId, deviceKey: b.deviceKey });
 *   // '12345 67890 … (12 groups of 5 digits)'
 */
import { fromBase64Url } from '@securebase/protocol';
import { concatBytes, utf8 } from './bytes.js';
import { sodiumReady } from './sodium.js';

export interface SafetyIdentity {
  partnerId: string;
  deviceKey: Uint8Array;
}

const FINGERPRINT_CONTEXT = 'securebase/safety-number/v1';
const ITERATIONS = 5200;

function fingerprint(identity: SafetyIdentity): string {
  const sodium = sodiumReady();
  const id = concatBytes(fromBase64Url(identity.partnerId), identity.deviceKey);
  let hash = concatBytes(utf8(FINGERPRINT_CONTEXT), id);
  for (let i = 0; i < ITERATIONS; i++) hash = sodium.crypto_generichash(64, concatBytes(hash, id), null);
  const groups: string[] = [];
  // Six 5-digit groups, each from 5 bytes (40 bits) reduced mod 100000 as Signal does.
  for (let g = 0; g < 6; g++) {
    let value = 0;
    for (let b = 0; b < 5; b++) value = value * 256 + (hash[g * 5 + b] ?? 0);
    groups.push(String(value % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}

/** The 60-digit safety number of two partners; the same whichever side computes it. */
export function safetyNumber(a: SafetyIdentity, b: SafetyIdentity): string {
  const [first, second] = [fingerprint(a), fingerprint(b)].sort();
  return `${first} ${second}`;
}
