/**
 * The rule behind every "affirmed" on an agreement, for every app (web, CLI, extension): a
 * signature counts only if it verifies over the agreement's canonical bytes *and* was made by a
 * device the verified membership chain says belongs to that partner, so neither the relay nor
 * a partner can forge the other's affirmation by writing into the document.
 *
 *   const verify = agreementVerifier(await fetchVerifiedMembership(creds));
 *   signatureStatus(agreement, verify, { partners });
 *   agreementVerifier('unavailable'); // offline: signatures alone, and the screen says so
 */
import { verifyAgreementSignature, type MembershipState } from '@securebase/crypto';
import type { AgreementVerifier } from '@securebase/model';
import { toBase64Url } from '@securebase/protocol';

/**
 * The verifier for a verified membership. 'unavailable' (the chain could not be fetched) checks
 * signatures alone — callers must say that devices were not checked; undefined (still loading)
 * accepts nothing yet.
 */
export function agreementVerifier(membership: MembershipState | 'unavailable' | undefined): AgreementVerifier {
  const owners = new Map<string, string>();
  if (membership && membership !== 'unavailable') for (const d of membership.devices) owners.set(toBase64Url(d.deviceKey), d.partnerId);
  return (deviceKey, canonical, signature, partnerId) => {
    if (membership === undefined) return false;
    if (!verifyAgreementSignature(deviceKey, canonical, signature)) return false;
    if (membership === 'unavailable') return true;
    return owners.get(toBase64Url(deviceKey)) === partnerId;
  };
}

/** Device keys (as agreements store them) the membership does not list: a reason to refetch it. */
export function unknownSigningKeys(membership: MembershipState, deviceKeys: readonly string[]): string[] {
  const known = new Set(membership.devices.map((d) => toBase64Url(d.deviceKey)));
  return deviceKeys.filter((k) => !known.has(k));
}
