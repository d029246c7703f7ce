/**
 * Key bundle codec: every key a device may use, as `{scope, epoch, key}` entries. Bundles travel
 * inside signed, sealed wraps (packages/crypto sealKeyBundle) and inside invite payloads.
 *
 *   bundle  = varUint(version = 1) · entries
 *   entries = varUint(count) · count × ( keyScope · varUint(epoch) · raw[32](key) )
 *
 * A (scope, epoch) pair appears at most once. Order is kept as given, so decode → encode gives
 * the same bytes.
 *
 *   const bytes = encodeKeyBundle([{ scope: 'space', epoch: 0, key }]);
 *   decodeKeyBundle(bytes)[0].epoch; // 0
 */
import * as encoding from 'lib0/encoding';
import { readKeyScope, writeKeyScope, type KeyScope } from './key-scope.js';
import { SPACE_KEY_BYTES } from './sizes.js';
import { createDecoder, expectEnd, malformed, readFixedBytes, readVarUintOneOf, readVarUintStrict, type Decoder } from './wire-decoding.js';
import { writeFixedBytes, writeVarUintChecked, type Encoder } from './wire-encoding.js';

/** Version byte at the start of a key bundle. */
export const KEY_BUNDLE_VERSION = 1;
/** Most entries one bundle (or invite payload) may hold. */
export const MAX_KEY_ENTRIES = 1024;

/** One key a device holds: the key of `scope` at `epoch`. */
export interface KeyEntry {
  scope: KeyScope;
  epoch: number;
  key: Uint8Array; // 32
}

const entryId = (entry: { scope: string; epoch: number }) => `${entry.scope}#${entry.epoch}`;

/** Write a list of key entries (shared by the key bundle and the invite payload). */
export function writeKeyEntries(e: Encoder, entries: readonly KeyEntry[]): void {
  if (entries.length > MAX_KEY_ENTRIES) throw new RangeError(`key entries: more than ${MAX_KEY_ENTRIES}`);
  const seen = new Set<string>();
  writeVarUintChecked(e, entries.length, 'key entries count');
  for (const entry of entries) {
    if (seen.has(entryId(entry))) throw new RangeError('key entries: duplicate scope and epoch');
    seen.add(entryId(entry));
    writeKeyScope(e, entry.scope);
    writeVarUintChecked(e, entry.epoch, 'epoch');
    writeFixedBytes(e, entry.key, SPACE_KEY_BYTES, 'key');
  }
}

/** Read a list of key entries; rejects duplicates and absurd counts. */
export function readKeyEntries(d: Decoder): KeyEntry[] {
  const count = readVarUintStrict(d, 'key entries count');
  // Each entry takes at least 34 bytes: refuse counts the input cannot hold before looping.
  if (count > MAX_KEY_ENTRIES || count * 34 > d.arr.length - d.pos) throw malformed('key entries count: more than the input holds');
  const seen = new Set<string>();
  const entries: KeyEntry[] = [];
  for (let i = 0; i < count; i++) {
    const entry = { scope: readKeyScope(d), epoch: readVarUintStrict(d, 'epoch'), key: readFixedBytes(d, SPACE_KEY_BYTES, 'key') };
    if (seen.has(entryId(entry))) throw malformed('key entries: duplicate scope and epoch');
    seen.add(entryId(entry));
    entries.push(entry);
  }
  return entries;
}

/** Encode a key bundle. */
export function encodeKeyBundle(entries: readonly KeyEntry[]): Uint8Array {
  return encoding.encode((e) => {
    writeVarUintChecked(e, KEY_BUNDLE_VERSION, 'version');
    writeKeyEntries(e, entries);
  });
}

/** Decode a key bundle; throws SecureBaseError('malformed-frame'). */
export function decodeKeyBundle(bytes: Uint8Array): KeyEntry[] {
  const d = createDecoder(bytes, 'key bundle');
  readVarUintOneOf(d, 'key bundle version', [KEY_BUNDLE_VERSION]);
  const entries = readKeyEntries(d);
  expectEnd(d, 'key bundle');
  return entries;
}
