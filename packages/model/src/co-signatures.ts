/**
 * Co-signatures over canonical bytes, shared by everything both partners affirm: agreements and
 * a trigger's agreed response. Each partner's device signs the item's canonical bytes; the item
 * keeps a `revision` that every edit replaces, so a signature of an older revision reads 'void'
 * until that partner signs again. The signed words are kept with the signature, so after an edit
 * both can see what changed since, from words the signature still vouches for. The model never
 * touches crypto: the caller signs, and passes the verifier (packages/sync agreement-trust.ts:
 * signature verifies *and* the device is that partner's in the verified membership) in.
 *
 *   const signatures = readCoSignatures(item.get('responseSignatures'));
 *   coSignatureStatus({ revision, signatures }, canonical, verify, { partners: [me, partner] });
 *   verifiedSignedContent(signatures[partner], revision, verify); // the words they agreed to, if earlier
 */
import { tryFromBase64Url } from '@securebase/protocol';
import * as Y from 'yjs';
import { asRecord } from './collection.js';
import type { AgreementSignature, AgreementSignatureStatus, AgreementVerifier, PartnerId } from './sections.js';
import { isBase64url, isId, isTime, validBase64url, validId } from './validation.js';

/** Canonical content is bounded by the field limits; anything longer is not a real signature's. */
export const MAX_SIGNED_CONTENT = 200_000;

/** What a signing device hands over (binary values as base64url). */
export interface CoSignatureInput {
  /** The revision the signer read and signed; refused as 'stale' if the item changed since. */
  revision: string;
  deviceKey: string;
  signature: string;
  contentHash: string;
}

/** What is signed: the current revision and every partner's stored signature. */
export interface CoSigned {
  revision: string;
  signatures: Record<PartnerId, AgreementSignature>;
}

/** Options of `coSignatureStatus`. */
export interface CoSignatureStatusOptions {
  /** Partners to report even without a signature ('unsigned'); default: those who signed. */
  partners?: readonly PartnerId[];
  /** Hash of canonical bytes (crypto's hashBytes): also compares each signature's contentHash. */
  hash?: (canonical: Uint8Array) => Uint8Array;
}

/** One stored signature, or undefined when anything in it is malformed. */
export function parseCoSignature(partnerId: string, raw: unknown): AgreementSignature | undefined {
  const r = asRecord(raw);
  if (!r || !isBase64url(r['deviceKey']) || !isBase64url(r['signature']) || !isBase64url(r['contentHash'])) return undefined;
  if (!isId(r['revision']) || !isTime(r['signedAt'])) return undefined;
  const content = typeof r['content'] === 'string' && r['content'].length <= MAX_SIGNED_CONTENT ? { content: r['content'] } : {};
  return {
    ...content,
    partnerId,
    deviceKey: r['deviceKey'],
    signature: r['signature'],
    contentHash: r['contentHash'],
    revision: r['revision'],
    signedAt: r['signedAt'],
  };
}

/** Every well-formed signature in a stored signatures map (missing map: none). */
export function readCoSignatures(stored: unknown): Record<PartnerId, AgreementSignature> {
  const signatures: Record<PartnerId, AgreementSignature> = {};
  if (!(stored instanceof Y.Map)) return signatures;
  for (const [partnerId, raw] of (stored as Y.Map<unknown>).entries()) {
    const sig = isId(partnerId) ? parseCoSignature(partnerId, raw) : undefined;
    if (sig) signatures[partnerId] = sig;
  }
  return signatures;
}

/** The value to store for a signature, validated (throws before anything is written). */
export function coSignatureRecord(input: CoSignatureInput, signedAt: number): Omit<AgreementSignature, 'partnerId' | 'content'> {
  return {
    deviceKey: validBase64url('deviceKey', input.deviceKey),
    signature: validBase64url('signature', input.signature),
    contentHash: validBase64url('contentHash', input.contentHash),
    revision: validId('revision', input.revision),
    signedAt,
  };
}

/**
 * Each partner's state: 'signed' when their signature is for the current revision and verifies
 * over the current canonical bytes, 'void' when the content changed since (or it does not
 * verify), 'unsigned' when they never signed. Sorted by partnerId.
 */
export function coSignatureStatus(
  item: CoSigned,
  canonical: Uint8Array,
  verify: AgreementVerifier,
  opts: CoSignatureStatusOptions = {},
): AgreementSignatureStatus[] {
  const currentHash = opts.hash ? toHex(opts.hash(canonical)) : undefined;
  const partners = new Set<PartnerId>([...(opts.partners ?? []), ...Object.keys(item.signatures)]);
  return [...partners].sort().map((partnerId) => {
    const sig = item.signatures[partnerId];
    if (!sig) return { partnerId, state: 'unsigned' };
    return { partnerId, state: signatureHolds(sig, item.revision, canonical, currentHash, verify) ? 'signed' : 'void', signedAt: sig.signedAt };
  });
}

function signatureHolds(sig: AgreementSignature, revision: string, canonical: Uint8Array, currentHash: string | undefined, verify: AgreementVerifier): boolean {
  if (sig.revision !== revision) return false;
  const deviceKey = tryFromBase64Url(sig.deviceKey);
  const signature = tryFromBase64Url(sig.signature);
  if (!deviceKey || !signature) return false;
  if (currentHash !== undefined) {
    const stored = tryFromBase64Url(sig.contentHash);
    if (!stored || toHex(stored) !== currentHash) return false;
  }
  return verify(deviceKey, canonical, signature, sig.partnerId);
}

/**
 * The canonical words a partner signed for an earlier revision, when their signature verifies
 * over them; undefined when they signed the current revision, never signed, or it does not
 * verify (then nothing trustworthy can be said about what they agreed to).
 */
export function verifiedSignedContent(sig: AgreementSignature | undefined, revision: string, verify: AgreementVerifier): string | undefined {
  if (!sig || sig.revision === revision || sig.content === undefined) return undefined;
  const deviceKey = tryFromBase64Url(sig.deviceKey);
  const signature = tryFromBase64Url(sig.signature);
  if (!deviceKey || !signature) return undefined;
  return verify(deviceKey, new TextEncoder().encode(sig.content), signature, sig.partnerId) ? sig.content : undefined;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
