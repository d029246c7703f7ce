/**
 * The partner this person verified (compared safety numbers with), carried in their private
 * document so every one of their own devices knows it, a phone linked next year included. The
 * private document is sealed under a key only this partner's devices hold and is signed by
 * them, so neither the relay nor the other partner can write or read this mark. It names the
 * identity key the comparison was made for; what a device does with it (adopt it only for the
 * partner's current identity, warn otherwise) is `TrustStore.adoptCarried` in packages/sync.
 *
 *   mine.verifiedPartner.record(toBase64Url(identityKey));   // after "They match"
 *   const carried = mine.verifiedPartner.get();              // { identityKey, markedAt } | undefined
 */
import type * as Y from 'yjs';
import { asRecord, writeTransaction, type ModelContext } from './collection.js';
import { isBase64url, isTime, validBase64url } from './validation.js';

/** A verification made on one of this person's devices. */
export interface CarriedVerification {
  /** The partner's identity key (base64url) the safety number was compared for. */
  identityKey: string;
  markedAt: number;
}

/** The verified mark in the private document (top-level map `trust`, key `verifiedPartner`). */
export class VerifiedPartnerMark {
  private readonly map: Y.Map<unknown>;

  constructor(private readonly ctx: ModelContext) {
    this.map = ctx.doc.getMap('trust');
  }

  /** The latest verification from any of this person's devices, if one was made. */
  get(): CarriedVerification | undefined {
    const r = asRecord(this.map.get('verifiedPartner'));
    if (!r || !isBase64url(r['identityKey']) || !isTime(r['markedAt'])) return undefined;
    return { identityKey: r['identityKey'], markedAt: r['markedAt'] };
  }

  /** Records that the partner with this identity key was verified (replaces an older mark). */
  record(identityKey: string): void {
    const value = { identityKey: validBase64url('identityKey', identityKey), markedAt: this.ctx.now() };
    writeTransaction(this.ctx, () => this.map.set('verifiedPartner', value));
  }
}
