/**
 * Opening a run of envelopes from one log with one signature per author chain instead of one per
 * envelope. An envelope may name (inside its plaintext, read by the caller's `prevOf`) the hash
 * of its author's previous envelope; once that later envelope is authentic, its author's
 * signature covers the hash, so the earlier one's bytes are authentic too and its own signature
 * need not be checked. Everything else openEnvelope checks (space, document, key, commitment,
 * AEAD) still runs for every envelope, and every failure keeps openEnvelope's code.
 *
 * The rule that keeps this sound: a hash vouches for an envelope only when the envelope names the
 * SAME author as the envelope that vouched for it. One device (or partner) can never vouch for
 * bytes attributed to another; an envelope nobody authentic vouches for has its signature checked.
 *
 *   const read = (o) => { const payload = decodeUpdatePayload(o.plaintext); return { prev: payload.prev, read: payload }; };
 *   const opened = openEnvelopeChain(envelopes, { spaceId, docId, keyForEpoch }, read);
 *   opened[i].ok && opened[i].value.authenticity; // 'signature' | 'vouched'; .read is what `read` returned
 */
import { bytesEqual, ok, type EnvelopeHeader, type Result } from '@securebase/protocol';
import { openEnvelopeChecked, type OpenEnvelopeContext } from './envelope.js';
import { hashBytes } from './log-hash.js';

export interface ChainOpenedEnvelope<T> {
  header: EnvelopeHeader;
  plaintext: Uint8Array;
  /** How the author was proven: its own signature, or a later envelope of the same author. */
  authenticity: 'signature' | 'vouched';
  /** What the caller's reader made of the plaintext (read once). */
  read: T;
  /** hashBytes of the envelope, computed here anyway: what foldLogHashOfDigest takes. */
  digest: Uint8Array;
}

/**
 * Reads an authentic envelope's plaintext once: the previous envelope's hash it names (undefined
 * for none or unreadable) and whatever the caller wants kept. Must not throw.
 */
export type ReadChained<T> = (opened: { header: EnvelopeHeader; plaintext: Uint8Array }) => { prev: Uint8Array | undefined; read: T };

/**
 * A map key for a 32-byte hash: its first 30 bits, a small integer, which a Map hashes far more
 * cheaply than a 32-char string (and this runs for every entry opened). Every hit is confirmed on
 * all 32 bytes, since a vouch is only as strong as the full hash; keys that share a prefix only
 * share a list.
 */
const shortKey = (hash: Uint8Array): number => (hash[0]! << 22) | (hash[1]! << 14) | (hash[2]! << 6) | (hash[3]! >> 2);

/** An authentic envelope's word for an earlier one: "my author's previous envelope hashed to prev". */
interface Vouch {
  prev: Uint8Array;
  author: Uint8Array;
}

interface Authentic {
  opened: { header: EnvelopeHeader; plaintext: Uint8Array };
  authenticity: ChainOpenedEnvelope<unknown>['authenticity'];
}

/** The vouches naming exactly `digest` (undefined if none). */
function vouchesFor(vouches: Map<number, Vouch[]>, digest: Uint8Array): Vouch[] | undefined {
  const candidates = vouches.get(shortKey(digest));
  if (!candidates) return undefined;
  const exact = candidates.filter((vouch) => bytesEqual(vouch.prev, digest));
  return exact.length > 0 ? exact : undefined;
}

/** Open one envelope: by the vouch when its own author is among `claimed`, else by its signature. */
function openOne(bytes: Uint8Array, context: OpenEnvelopeContext, claimed: Vouch[] | undefined): Result<Authentic> {
  if (claimed) {
    const opened = openEnvelopeChecked(bytes, context, 'vouched');
    // Vouched for only by its own author; bytes another author names stay unproven.
    if (opened.ok && claimed.some((vouch) => bytesEqual(vouch.author, opened.value.header.author))) {
      return ok({ opened: opened.value, authenticity: 'vouched' });
    }
  }
  const opened = openEnvelopeChecked(bytes, context, 'signature');
  if (!opened.ok) return opened;
  return ok({ opened: opened.value, authenticity: 'signature' });
}

/**
 * Open `envelopes` (in log order) as openEnvelope would, one result per envelope. Works from the
 * newest back, so every envelope that could vouch for one is settled before it.
 */
export function openEnvelopeChain<T>(envelopes: readonly Uint8Array[], context: OpenEnvelopeContext, readChained: ReadChained<T>): Result<ChainOpenedEnvelope<T>>[] {
  // shortKey(hash of an envelope) → what authentic envelopes said about the one with that hash.
  const vouches = new Map<number, Vouch[]>();
  const results: Result<ChainOpenedEnvelope<T>>[] = new Array<Result<ChainOpenedEnvelope<T>>>(envelopes.length);
  for (let i = envelopes.length - 1; i >= 0; i--) {
    const bytes = envelopes[i]!;
    const digest = hashBytes(bytes);
    const one = openOne(bytes, context, vouchesFor(vouches, digest));
    if (!one.ok) {
      results[i] = one;
      continue;
    }
    const { opened, authenticity } = one.value;
    const { prev, read } = readChained(opened);
    results[i] = ok({ header: opened.header, plaintext: opened.plaintext, authenticity, read, digest });
    if (prev === undefined) continue;
    const key = shortKey(prev);
    const vouch = { prev, author: opened.header.author };
    const list = vouches.get(key);
    if (list) list.push(vouch);
    else vouches.set(key, [vouch]);
  }
  return results;
}
