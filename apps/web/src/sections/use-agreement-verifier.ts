/**
 * Loads the verified membership for the agreements screen; the trust rule itself (signature
 * verifies *and* the device belongs to that partner in the verified chain) is
 * `agreementVerifier` in @securebase/sync, the same one the CLI and the extension use.
 *
 *   const verifier = useAgreementVerifier(credentials, deviceKeysInSignatures);
 *   if (verifier.ready) signatureStatus(agreement, verifier.verify, { partners });
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AgreementVerifier } from '@securebase/model';
import { SecureBaseError } from '@securebase/protocol';
import type { MembershipState } from '@securebase/crypto';
import { agreementVerifier, fetchVerifiedMembership, unknownSigningKeys, type Credentials } from '@securebase/sync';

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
  const unknownKey = membership ? unknownSigningKeys(membership, deviceKeys)[0] : undefined;

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

  const verify = useMemo(() => agreementVerifier(membership ?? (failed ? 'unavailable' : undefined)), [membership, failed]);
  return { ready: membership !== undefined || failed, devicesUnchecked: membership === undefined && failed, verify };
}

/** Device keys already refetched for, across mounts (the chain does not un-add devices). */
const refetchedFor = new Set<string>();
