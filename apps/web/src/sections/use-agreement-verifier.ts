/**
 * The check behind every "affirmed" on the agreements screen: a signature counts only if it
 * verifies over the agreement's canonical bytes (crypto) *and* was made by a device that the
 * verified membership chain says belongs to that partner, so neither the relay nor a partner
 * can forge the other's affirmation by writing into the document.
 *
 *   const verifier = useAgreementVerifier(credentials, deviceKeysInSignatures);
 *   if (verifier.ready) signatureStatus(agreement, verifier.verify, { partners });
 */
import { useEffect, useState } from 'preact/hooks';
import type { AgreementVerifier, PartnerId } from '@securebase/model';
import { SecureBaseError, toBase64Url } from '@securebase/protocol';
import { verifyAgreementSignature, type MembershipState } from '@securebase/crypto';
import { fetchVerifiedMembership, type Credentials } from '@securebase/sync';

export interface AgreementVerifierState {
  /** False until the membership chain has been fetched and verified (or could not be). */
  ready: boolean;
  /** True when the chain could not be fetched (offline): only signatures were checked. */
  devicesUnchecked: boolean;
  verify: AgreementVerifier;
}

/**
 * Loads the verified membership once, and again whenever a signature names a device it does
 * not know yet (a partner's newly linked phone), so a fresh affirmation is not shown as void.
 */
export function useAgreementVerifier(credentials: Credentials, deviceKeys: readonly string[]): AgreementVerifierState {
  const [membership, setMembership] = useState<MembershipState>();
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const known = membership ? new Set(membership.devices.map((d) => keyText(d.deviceKey))) : undefined;
  const unknownKey = known ? deviceKeys.find((k) => !known.has(k)) : undefined;

  useEffect(() => {
    let live = true;
    fetchVerifiedMembership(credentials).then(
      (state) => {
        if (!live) return;
        setMembership(state);
        setFailed(false);
      },
      (err: unknown) => {
        if (!live) return;
        // Offline or relay trouble: fall back to checking signatures alone, and say so.
        console.warn('membership check failed:', err instanceof SecureBaseError ? err.code : String(err));
        setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [credentials, attempt]);

  useEffect(() => {
    // One refetch per unknown key: if the key still is not a member, the signature stays void.
    if (unknownKey !== undefined && !refetchedFor.has(unknownKey)) {
      refetchedFor.add(unknownKey);
      setAttempt((n) => n + 1);
    }
  }, [unknownKey]);

  const verify: AgreementVerifier = (deviceKey, canonical, signature, partnerId: PartnerId) => {
    if (!verifyAgreementSignature(deviceKey, canonical, signature)) return false;
    if (!membership) return failed;
    const device = membership.devices.find((d) => keyText(d.deviceKey) === keyText(deviceKey));
    return device !== undefined && device.partnerId === partnerId;
  };

  return { ready: membership !== undefined || failed, devicesUnchecked: membership === undefined && failed, verify };
}

/** Device keys already refetched for, across mounts (the chain does not un-add devices). */
const refetchedFor = new Set<string>();

/** Keys as the agreement signatures store them: unpadded base64url. */
function keyText(key: Uint8Array): string {
  return toBase64Url(key);
}
