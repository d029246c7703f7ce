/**
 * One look at the space's verified membership chain from this device's point of view: is this
 * device still a member, does it hold every current key (fetching new wraps if not), did the
 * other partner leave (then the key is rotated here, before anything new is written), and who
 * is the partner now: their safety number and whether this person verified them.
 *
 *   const { view, credentials } = await checkMembership(creds, store);
 *   if (credentials !== creds) useTheNewKeys(credentials);   // already saved to the store
 *   if (view.removed) showRemovedScreen();
 */
import { SPACE_SCOPE, decodeMembershipOp, privateScope } from '@securebase/protocol';
import { isMemberDevice, readyCrypto, safetyNumber } from '@securebase/crypto';
import {
  SpaceClient,
  TrustStore,
  chainHistory,
  fetchVerifiedChainFrom,
  keyForEpoch,
  refreshKeys,
  rotateAfterLeave,
  type Credentials,
  type LocalStateStore,
  type TrustStatus,
} from '@securebase/sync';
import { saveCredentials } from '../credentials-storage.js';

/** The partner as the chain names them, with the number both of you compare. */
export interface PartnerTrust {
  identityKey: Uint8Array;
  /** Twelve groups of five digits, space-separated. */
  digits: string;
  words: string[];
  status: TrustStatus;
}

/** What the chain says, in the terms the screens need. */
export interface MembershipView {
  /** Set when this device may no longer take part: removed by another of your devices, or you left. */
  removed?: 'removed' | 'left';
  /** The current partner, once they have joined. */
  partner?: PartnerTrust;
  /** Chain seq of the latest `leave` by the other partner, if they ever left. */
  partnerLeftAt?: number;
}

/** The trust mark store of this space (shared by every trust screen). */
export function trustStoreFor(store: LocalStateStore, creds: Credentials): TrustStore {
  return new TrustStore(store, creds.spaceId);
}

/**
 * Check the chain and act on it: fetch missing keys, rotate after the other partner left.
 * Returns the view and the credentials to use from now on (saved when they changed).
 */
export async function checkMembership(
  creds: Credentials,
  store: LocalStateStore,
): Promise<{ view: MembershipView; credentials: Credentials }> {
  await readyCrypto();
  const { ops, state } = await fetchVerifiedChainFrom(new SpaceClient(creds.relayUrl), creds.spaceId);
  if (!isMemberDevice(state, creds.device.signPublicKey)) {
    const removed = state.departedPartners.includes(creds.partnerId) ? 'left' : 'removed';
    return { view: { removed }, credentials: creds };
  }

  let next = creds;
  const scopes = [SPACE_SCOPE, privateScope(creds.partnerId)];
  // A rotation by another device (a removal, the partner's leave) left this device a new wrap.
  if (scopes.some((scope) => !keyForEpoch(next, scope, state.epochs[scope] ?? 0))) next = await refreshKeys(next, store);

  const partnerLeftAt = lastLeaveOfOtherPartner(ops, creds.partnerId);
  if (partnerLeftAt !== undefined) {
    const rotated = chainHistory(ops).rotations.some((r) => r.scope === SPACE_SCOPE && r.seq > partnerLeftAt);
    // Nothing new may be readable with keys the leaver held: rotate before this device writes.
    if (!rotated) next = await rotateAfterLeave(next);
  }
  if (next !== creds) await saveCredentials(store, next);

  const present = state.identities.filter((identity) => !state.departedPartners.includes(identity.partnerId));
  const mine = present.find((identity) => identity.partnerId === creds.partnerId);
  const theirs = present.find((identity) => identity.partnerId !== creds.partnerId);
  const view: MembershipView = partnerLeftAt === undefined ? {} : { partnerLeftAt };
  if (mine && theirs) {
    const number = safetyNumber(mine.identityKey, theirs.identityKey);
    const status = await trustStoreFor(store, creds).status(theirs.identityKey);
    view.partner = { identityKey: theirs.identityKey, digits: number.digits, words: number.words, status };
  }
  return { view, credentials: next };
}

/** Seq of the newest `leave` op by someone other than `partnerId` (ops are verified, index = seq). */
function lastLeaveOfOtherPartner(ops: Uint8Array[], partnerId: string): number | undefined {
  let found: number | undefined;
  for (const encoded of ops) {
    const op = decodeMembershipOp(encoded);
    if (op.body.kind === 'leave' && op.body.partnerId !== partnerId) found = op.seq;
  }
  return found;
}
