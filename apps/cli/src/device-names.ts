/**
 * Names of this partner's devices ("laptop", "work CLI"), kept in a Y.Map 'deviceNames' of the
 * partner's ENCRYPTED private document, keyed by the device key in base64url. The relay only
 * ever sees device public keys: a name never travels in the clear, and the other partner's
 * devices cannot read it.
 *
 *   setDeviceName(doc, toBase64Url(creds.device.signPublicKey), 'laptop');
 *   readDeviceNames(doc).get(deviceKeyText); // 'laptop'
 */
import type * as Y from 'yjs';
import { LIMITS } from '@securebase/model';

const MAP_NAME = 'deviceNames';

/** Every well-formed name, by device key (base64url). */
export function readDeviceNames(doc: Y.Doc): Map<string, string> {
  const names = new Map<string, string>();
  for (const [key, value] of doc.getMap<unknown>(MAP_NAME).entries()) {
    if (typeof value === 'string' && value.length > 0 && value.length <= LIMITS.name) names.set(key, value);
  }
  return names;
}

/** Name (or rename) a device; the name was checked with `checkName` by the command. */
export function setDeviceName(doc: Y.Doc, deviceKeyText: string, name: string): void {
  doc.getMap<unknown>(MAP_NAME).set(deviceKeyText, name);
}

/** Drop the name of a device that was removed. */
export function forgetDeviceName(doc: Y.Doc, deviceKeyText: string): void {
  const map = doc.getMap<unknown>(MAP_NAME);
  if (map.has(deviceKeyText)) map.delete(deviceKeyText);
}
