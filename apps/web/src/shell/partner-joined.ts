/**
 * Is the other partner in the space? Decides whether the invite panel is offered. True as soon
 * as the workbook names another member who has not left, or the verified membership chain lists
 * two current partners (looked up after each full sync and whenever the credentials change, e.g.
 * the key rotation after a partner left: then the panel comes back, so a new invite can be made).
 * Until that rotation has landed the panel stays hidden, since an invite would carry a stale key.
 *
 *   const joined = usePartnerJoined(credentials, workbook, sync.kind === 'synced', revision);
 */
import { useEffect, useState } from 'preact/hooks';
import type { Workbook } from '@securebase/model';
import { SecureBaseError } from '@securebase/protocol';
import { fetchVerifiedMembership, type Credentials } from '@securebase/sync';

/** What the chain said last: whether two partners are in, and who left. */
interface ChainView {
  full: boolean;
  departed: readonly string[];
  /** A key rotation is due (the partner just left): no invite until it has landed. */
  rotationDue: boolean;
}

/** Whether a second partner is in the space, by the workbook or the membership chain. */
export function usePartnerJoined(
  credentials: Credentials,
  workbook: Workbook | undefined,
  synced: boolean,
  revision: number,
): boolean {
  const [chain, setChain] = useState<ChainView>();
  useEffect(() => {
    if (!synced) return;
    let live = true;
    fetchVerifiedMembership(credentials).then(
      (membership) => {
        if (!live) return;
        setChain({
          full: membership.partners.length >= 2,
          departed: membership.departedPartners,
          rotationDue: membership.pendingRotations.length > 0,
        });
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
  }, [credentials, synced]);
  const departed = chain?.departed ?? [];
  // `revision` is read so a name arriving from the partner re-evaluates this on the next render.
  const named =
    revision >= 0 &&
    workbook !== undefined &&
    Object.keys(workbook.members.all()).some((id) => id !== credentials.partnerId && !departed.includes(id));
  // While a rotation is due, report the partner as present so no invite is offered yet.
  return (chain?.full ?? false) || (chain?.rotationDue ?? false) || named;
}
