/**
 * Carries the person's "verified" mark between their own devices through their private
 * document: marking the partner verified here writes the partner's identity key there, and a
 * device that has not compared numbers itself (a newly linked phone) takes the mark in through
 * `TrustStore.adoptCarried` (packages/sync: only for the partner's current identity; a mark for
 * someone else reads as a changed partner). The private document is sealed under this partner's
 * own key and signed by their devices, so the relay can neither read the mark nor plant one.
 *
 * Why the private document and not the device-link payload: the link hands over keys once; the
 * document also brings a verification made later, on any device, to all the others.
 *
 *   <CarriedVerification onChecked={() => setCarryChecked(true)} />   // inside <TrustGate>'s provider
 */
import { useEffect, useState } from 'preact/hooks';
import { fromBase64Url, toBase64Url } from '@securebase/protocol';
import { usePrivateWorkbook } from '../sections/use-private-workbook.js';
import type { PartnerTrust } from './membership-check.js';
import { trustStoreFor } from './membership-check.js';
import { useTrust } from './trust-context.js';

interface Props {
  /** Called once the private document was read (or cannot be): the strip may offer comparing. */
  onChecked: () => void;
}

/** Keeps this device's verified mark and the one in the private document in step. */
export function CarriedVerification({ onChecked }: Props) {
  const { view } = useTrust();
  const partner = view?.partner;
  const key = partner ? toBase64Url(partner.identityKey) : undefined;
  // Once the document holds this device's verification, nothing is left to do: let it close.
  const [settledFor, setSettledFor] = useState<string>();
  if (!partner || key === undefined || (partner.status === 'verified' && settledFor === key)) return null;
  return (
    <CarryMark
      partner={partner}
      onChecked={onChecked}
      onSettled={() => {
        setSettledFor(key);
        onChecked();
      }}
    />
  );
}

function CarryMark({ partner, onChecked, onSettled }: { partner: PartnerTrust; onChecked: () => void; onSettled: () => void }) {
  const { credentials, store, recheck } = useTrust();
  const priv = usePrivateWorkbook(credentials, store);

  useEffect(() => {
    if (priv.kind === 'unavailable') {
      onChecked();
      return;
    }
    // Read only a synced document: before that, "no mark" may only mean "not arrived yet".
    if (priv.kind !== 'ready' || !priv.synced) return;
    const mine = toBase64Url(partner.identityKey);
    const carried = priv.workbook.verifiedPartner.get();
    if (partner.status === 'verified') {
      if (carried?.identityKey !== mine && !priv.workbook.isNewerSchema) priv.workbook.verifiedPartner.record(mine);
      onSettled();
      return;
    }
    if (!carried) {
      onChecked();
      return;
    }
    const carriedKey = fromBase64Url(carried.identityKey);
    void trustStoreFor(store, credentials)
      .adoptCarried(carriedKey, partner.identityKey)
      .then((status) => {
        onChecked();
        if (status !== partner.status) return recheck();
        return undefined;
      })
      .catch((err: unknown) => {
        // The mark stays as it was; the strip still offers to compare on this device.
        console.warn('taking in the verified mark failed:', err instanceof Error ? err.name : typeof err);
        onChecked();
      });
  }, [priv, partner, store, credentials, recheck, onChecked, onSettled]);

  return null;
}
