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
import { ok, type EnvelopeHeader, type Result } from '@securebase/protocol';
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
 * A map key for 32 public bytes (a hash, a device key): one char per byte. Cheaper than base64url
 * on the open path, where it runs three times an entry; never shown or stored.
 */
const keyOf = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

interface Authentic {
  opened: { header: EnvelopeHeader; plaintext: Uint8Array };
  authenticity: ChainOpenedEnvelope<unknown>['authenticity'];
  /** header.author as a map key (keyOf). */
  author: string;
}

/** Open one envelope: by the vouch when its own author is among `claimed`, else by its signature. */
function openOne(bytes: Uint8Array, context: OpenEnvelopeContext, claimed: Set<string> | undefined): Result<Authentic> {
  if (claimed) {
    const opened = openEnvelopeChecked(bytes, context, 'vouched');
    if (opened.ok) {
      const author = keyOf(opened.value.header.author);
      // Vouched for only by its own author; bytes another author names stay unproven.
      if (claimed.has(author)) return ok({ opened: opened.value, authenticity: 'vouched', author });
    }
  }
  const opened = openEnvelopeChecked(bytes, context, 'signature');
  if (!opened.ok) return opened;
  return ok({ opened: opened.value, authenticity: 'signature', author: keyOf(opened.value.header.author) });
}

/**
 * Open `envelopes` (in log order) as openEnvelope would, one result per envelope. Works from the
 * newest back, so every envelope that could vouch for one is settled before it.
 */
export function openEnvelopeChain<T>(envelopes: readonly Uint8Array[], context: OpenEnvelopeContext, readChained: ReadChained<T>): Result<ChainOpenedEnvelope<T>>[] {
  // hash of an envelope (keyOf) → the authors whose authentic envelopes name it as previous.
  const vouchers = new Map<string, Set<string>>();
  const results: Result<ChainOpenedEnvelope<T>>[] = new Array<Result<ChainOpenedEnvelope<T>>>(envelopes.length);
  for (let i = envelopes.length - 1; i >= 0; i--) {
    const bytes = envelopes[i]!;
    const digest = hashBytes(bytes);
    const one = openOne(bytes, context, vouchers.get(keyOf(digest)));
    if (!one.ok) {
      results[i] = one;
      continue;
    }
    const { opened, authenticity, author } = one.value;
    const { prev, read } = readChained(opened);
    results[i] = ok({ ...opened, authenticity, read, digest });
    if (prev === undefined) continue;
    const key = keyOf(prev);
    const authors = vouchers.get(key);
    if (authors) authors.add(author);
    else vouchers.set(key, new Set([author]));
  }
  return results;
}
