/**
 * Has the other partner joined yet? Decides whether the invite panel is still offered. True as
 * soon as the workbook names another member, or the verified membership chain lists two
 * partners (checked after each full sync, so a partner who has not written anything counts).
 *
 *   const joined = usePartnerJoined(credentials, workbook, sync.kind === 'synced', revision);
 */
import { useEffect, useState } from 'preact/hooks';
import type { Workbook } from '@securebase/model';
import { SecureBaseError } from '@securebase/protocol';
import { fetchVerifiedMembership, type Credentials } from '@securebase/sync';

/** Whether a second partner is in the space, by the workbook or the membership chain. */
export function usePartnerJoined(
  credentials: Credentials,
  workbook: Workbook | undefined,
  synced: boolean,
  revision: number,
): boolean {
  const [inChain, setInChain] = useState(false);
  useEffect(() => {
    if (!synced || inChain) return;
    let live = true;
    fetchVerifiedMembership(credentials).then(
      (membership) => {
        if (live && membership.partners.length >= 2) setInChain(true);
      },
      (err: unknown) => {
        // Only decides whether to offer an invite; the provider reports membership problems to
        // the person itself. Keep the code for developers, never the detail (it may hold ids).
        console.warn('membership check failed:', err instanceof SecureBaseError ? err.code : String(err));
      },
    );
    return () => {
      live = false;
    };
  }, [credentials, synced, inChain]);
  // `revision` is read so a name arriving from the partner re-evaluates this on the next render.
  const named = revision >= 0 && workbook !== undefined && Object.keys(workbook.members.all()).some((id) => id !== credentials.partnerId);
  return inChain || named;
}
