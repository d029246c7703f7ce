/**
 * Trust between the two partners: the safety number both compare (computed from the two
 * identity keys of the verified chain), and the "verified" mark a person sets on their own
 * device. The mark remembers the identity it was made for; when the partner's identity later
 * differs (a new partner after a leave, or a relay that slipped in a key), `status` says
 * 'changed' and clears the mark, and keeps saying so until the person verifies again or
 * acknowledges the change.
 *
 *   const { digits, words, partnerIdentity } = await getSafetyNumber(creds);
 *   const trust = new TrustStore(store, creds.spaceId);
 *   if ((await trust.status(partnerIdentity)) === 'changed') warn();
 *   await trust.markVerified(partnerIdentity);
 *   await trust.adoptCarried(markFromMyPrivateDocument, partnerIdentity); // a linked device
 */
import { bytesEqual, SecureBaseError } from '@securebase/protocol';
import { readyCrypto, safetyNumber } from '@securebase/crypto';
import type { Credentials } from './credentials.js';
import { clientsFor, type FlowOptions } from './flow-context.js';
import { fetchVerifiedChainFrom } from './membership.js';
import type { LocalStateStore } from './state-store.js';

/** This space's safety number and the partner identity it covers. */
export interface SafetyNumberInfo {
  /** Twelve groups of five digits, space-separated. */
  digits: string;
  /** Six words from the fixed list. */
  words: string[];
  /** The partner's identity key (their create/add-partner device key): what a verified mark is for. */
  partnerIdentity: Uint8Array;
}

/** The safety number of this device's partner and the other partner, from the verified chain. */
export async function getSafetyNumber(creds: Credentials, opts: FlowOptions = {}): Promise<SafetyNumberInfo> {
  await readyCrypto();
  const verifyOpts = opts.now === undefined ? {} : { now: opts.now };
  const { state } = await fetchVerifiedChainFrom(clientsFor(creds.relayUrl, opts).space, creds.spaceId, verifyOpts);
  const present = state.identities.filter((identity) => !state.departedPartners.includes(identity.partnerId));
  const mine = present.find((identity) => identity.partnerId === creds.partnerId);
  const partner = present.find((identity) => identity.partnerId !== creds.partnerId);
  if (!mine) throw new SecureBaseError('device-removed', 'this partner is no longer in the space');
  if (!partner) throw new SecureBaseError('invalid-request', 'your partner has not joined yet');
  const number = safetyNumber(mine.identityKey, partner.identityKey);
  return { digits: number.digits, words: number.words, partnerIdentity: partner.identityKey };
}

/** Whether the partner's identity is the one this person verified. */
export type TrustStatus = 'unverified' | 'verified' | 'changed';

/** The verified mark for one space, kept in this device's local store. */
export class TrustStore {
  private readonly verifiedKey: string;
  private readonly changedKey: string;
  private readonly carriedKey: string;

  constructor(
    private readonly store: LocalStateStore,
    spaceId = 'default',
  ) {
    this.verifiedKey = `trust/${spaceId}/verified`;
    this.changedKey = `trust/${spaceId}/changed`;
    this.carriedKey = `trust/${spaceId}/carried-seen`;
  }

  /** Mark `identityKey` as the partner this person checked (compared safety numbers with). */
  async markVerified(identityKey: Uint8Array): Promise<void> {
    await this.store.set(this.verifiedKey, identityKey);
    await this.store.delete(this.changedKey);
  }

  /** Status for the partner's current identity; a mismatch clears the mark and reports 'changed'. */
  async status(currentIdentity: Uint8Array): Promise<TrustStatus> {
    const marked = await this.store.get(this.verifiedKey);
    if (marked && bytesEqual(marked, currentIdentity)) return 'verified';
    if (marked) {
      await this.store.delete(this.verifiedKey);
      await this.store.set(this.changedKey, currentIdentity);
      return 'changed';
    }
    // Stay 'changed' for the identity that replaced a verified one until the person acts on it.
    const changed = await this.store.get(this.changedKey);
    return changed && bytesEqual(changed, currentIdentity) ? 'changed' : 'unverified';
  }

  /**
   * Takes in a verification this person made on another of their own devices (carried in their
   * private document, which only their devices can write), once per carried mark: for the
   * partner's current identity it marks them verified here too; for another identity it reports
   * the partner as 'changed', since the person compared numbers with someone else. Returns the
   * status after.
   */
  async adoptCarried(carriedIdentity: Uint8Array, currentIdentity: Uint8Array): Promise<TrustStatus> {
    const seen = await this.store.get(this.carriedKey);
    if (seen && bytesEqual(seen, carriedIdentity)) return this.status(currentIdentity);
    await this.store.set(this.carriedKey, carriedIdentity);
    const marked = await this.store.get(this.verifiedKey);
    if (bytesEqual(carriedIdentity, currentIdentity)) {
      if (!marked || !bytesEqual(marked, currentIdentity)) await this.markVerified(currentIdentity);
      return 'verified';
    }
    // Another identity than the one this person verified: unless this device itself verified
    // the current one, say so as prominently as a changed key.
    if (marked && bytesEqual(marked, currentIdentity)) return 'verified';
    await this.store.delete(this.verifiedKey);
    await this.store.set(this.changedKey, currentIdentity);
    return 'changed';
  }

  /** The person has seen the change warning; the partner is now simply unverified. */
  async acknowledgeChange(): Promise<void> {
    await this.store.delete(this.changedKey);
  }

  /** Forget the mark (e.g. when this device leaves the space). */
  async clear(): Promise<void> {
    await this.store.delete(this.verifiedKey);
    await this.store.delete(this.changedKey);
    await this.store.delete(this.carriedKey);
  }
}
