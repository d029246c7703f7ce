/**
 * A browser that joined by a device link belongs to the same person as the device that made the
 * link: it is their own new device, not the partner arriving. So it never shows "your partner is
 * here: compare your safety number" (that comparison is between partners, made once when they
 * paired), and once it says plainly that this is your new device.
 *
 *   await markAsLinkedDevice(store, credentials.spaceId);   // right after the link was approved
 *   const keys = trustFlagKeys(spaceId);                     // what TrustGate reads
 */
import type { LocalStateStore } from '@securebase/sync';

const encoder = new TextEncoder();

/** Small flags of this device kept beside the trust mark. */
export function trustFlagKeys(spaceId: string): { promptDone: string; leftSeen: string; linkedNotice: string } {
  return {
    promptDone: `web/trust/${spaceId}/prompt-done`,
    leftSeen: `web/trust/${spaceId}/left-seen`,
    linkedNotice: `web/trust/${spaceId}/linked-notice`,
  };
}

/** Remember that this device was linked by its owner: no pairing prompt, one welcome note. */
export async function markAsLinkedDevice(store: LocalStateStore, spaceId: string): Promise<void> {
  const keys = trustFlagKeys(spaceId);
  await store.set(keys.promptDone, encoder.encode('1'));
  await store.set(keys.linkedNotice, encoder.encode('1'));
}
