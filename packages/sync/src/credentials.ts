/**
 * Credentials: everything one device needs to reach its space: the relay, the ids, its own
 * device keys and its key bundle (every `{scope, epoch, key}` it may use: the shared `space`
 * scope and its own partner's `private:<partnerId>` scope). They contain secret keys, so they go
 * only into this device's local (encrypted) store, never over the network. Codec: lib0, versioned
 * (v2 holds scoped keys; v1 blobs, which held space keys by epoch, still decode).
 *
 *   await store.set('credentials', encodeCredentials(creds));
 *   const again = decodeCredentials(await store.get('credentials'));
 *   const { epoch, key } = currentKey(again, 'space');
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { SPACE_KEY_BYTES, SPACE_SCOPE, SecureBaseError, isValidKeyScope, type KeyEntry, type KeyScope } from '@securebase/protocol';
import { decodeDeviceKeys, encodeDeviceKeys, type DeviceKeys } from '@securebase/crypto';

const CREDENTIALS_V1 = 1;
const CREDENTIALS_V2 = 2;

/** What a device knows about its space; build with `makeCredentials` so derived fields agree. */
export interface Credentials {
  /** Relay base URL, http(s)://host[/path], without a trailing slash. */
  relayUrl: string;
  spaceId: string;
  partnerId: string;
  device: DeviceKeys;
  /** Every key this device holds, sorted by scope then epoch. */
  keys: KeyEntry[];
  /**
   * @deprecated Compatibility view for code that predates scoped keys: the `space` scope's keys
   * by epoch (for a private-doc view, that scope's). Use `keyForEpoch(creds, scope, epoch)`.
   */
  epochKeys: Record<number, Uint8Array>;
  /** @deprecated The newest epoch of the same scope as `epochKeys`. Use `currentKey(creds, scope)`. */
  currentEpoch: number;
}

/** The fields a caller provides; the compatibility view is derived from them. */
export interface CredentialsInput {
  relayUrl: string;
  spaceId: string;
  partnerId: string;
  device: DeviceKeys;
  keys: readonly KeyEntry[];
}

/** Build credentials from their parts; `viewScope` picks the scope of the deprecated epoch view. */
export function makeCredentials(input: CredentialsInput, viewScope: KeyScope = SPACE_SCOPE): Credentials {
  const keys = sortKeys(input.keys);
  const epochKeys: Record<number, Uint8Array> = {};
  let currentEpoch = -1;
  for (const entry of keys) {
    if (entry.scope !== viewScope) continue;
    epochKeys[entry.epoch] = entry.key;
    currentEpoch = Math.max(currentEpoch, entry.epoch);
  }
  return {
    relayUrl: input.relayUrl,
    spaceId: input.spaceId,
    partnerId: input.partnerId,
    device: input.device,
    keys,
    epochKeys,
    currentEpoch: Math.max(currentEpoch, 0),
  };
}

/** The newest key of `scope`; throws 'unknown-epoch' when this device holds none. */
export function currentKey(creds: Pick<Credentials, 'keys'>, scope: KeyScope): KeyEntry {
  let newest: KeyEntry | undefined;
  for (const entry of creds.keys) {
    if (entry.scope === scope && (!newest || entry.epoch > newest.epoch)) newest = entry;
  }
  if (!newest) throw new SecureBaseError('unknown-epoch', 'this device holds no key for that scope');
  return newest;
}

/** The key of `scope` at `epoch`, or undefined when this device does not hold it. */
export function keyForEpoch(creds: Pick<Credentials, 'keys'>, scope: KeyScope, epoch: number): Uint8Array | undefined {
  return creds.keys.find((entry) => entry.scope === scope && entry.epoch === epoch)?.key;
}

/**
 * Credentials with `entries` added. A (scope, epoch) this device already holds keeps its key:
 * a key once used must never be replaced, or everything sealed under it stops opening.
 */
export function mergeKeys(creds: Credentials, entries: readonly KeyEntry[]): Credentials {
  const merged = [...creds.keys];
  for (const entry of entries) {
    if (!merged.some((held) => held.scope === entry.scope && held.epoch === entry.epoch)) merged.push(entry);
  }
  return makeCredentials({ ...creds, keys: merged });
}

/** Serialise credentials for this device's local store (always the newest version). */
export function encodeCredentials(c: Credentials | CredentialsInput): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, CREDENTIALS_V2);
    encoding.writeVarString(e, c.relayUrl);
    encoding.writeVarString(e, c.spaceId);
    encoding.writeVarString(e, c.partnerId);
    encoding.writeVarUint8Array(e, encodeDeviceKeys(c.device));
    const keys = sortKeys(c.keys);
    encoding.writeVarUint(e, keys.length);
    for (const entry of keys) {
      encoding.writeVarString(e, entry.scope);
      encoding.writeVarUint(e, entry.epoch);
      encoding.writeVarUint8Array(e, entry.key);
    }
  });
}

/** Read credentials back (v1 or v2); throws SecureBaseError('invalid-request') if corrupt. Call readyCrypto() first. */
export function decodeCredentials(bytes: Uint8Array): Credentials {
  const d = decoding.createDecoder(bytes);
  let creds: Credentials;
  try {
    const version = decoding.readVarUint(d);
    if (version !== CREDENTIALS_V1 && version !== CREDENTIALS_V2) {
      throw new SecureBaseError('invalid-request', `credentials version ${version} is not supported`);
    }
    const relayUrl = decoding.readVarString(d);
    const spaceId = decoding.readVarString(d);
    const partnerId = decoding.readVarString(d);
    const device = decodeDeviceKeys(decoding.readVarUint8Array(d).slice());
    const keys = version === CREDENTIALS_V1 ? readV1Keys(d) : readV2Keys(d);
    if (!keys.some((entry) => entry.scope === SPACE_SCOPE)) {
      throw new SecureBaseError('invalid-request', 'credentials: no space key');
    }
    creds = makeCredentials({ relayUrl, spaceId, partnerId, device, keys });
  } catch (err) {
    if (err instanceof SecureBaseError) {
      if (err.code === 'invalid-request') throw err;
      throw new SecureBaseError('invalid-request', `credentials: ${err.detail ?? err.code}`);
    }
    // lib0 throws plain Errors on truncated input.
    throw new SecureBaseError('invalid-request', `credentials are corrupt: ${(err as Error).message}`);
  }
  if (decoding.hasContent(d)) throw new SecureBaseError('invalid-request', 'credentials have trailing bytes');
  return creds;
}

// v1: currentEpoch, then (epoch, key) pairs, all in the space scope.
function readV1Keys(d: decoding.Decoder): KeyEntry[] {
  const currentEpoch = decoding.readVarUint(d);
  const keys: KeyEntry[] = [];
  for (let n = decoding.readVarUint(d); n > 0; n--) {
    const epoch = decoding.readVarUint(d);
    keys.push({ scope: SPACE_SCOPE, epoch, key: readKey(d) });
  }
  if (!keys.some((entry) => entry.epoch === currentEpoch)) {
    throw new SecureBaseError('invalid-request', 'credentials: no key for the current epoch');
  }
  return keys;
}

function readV2Keys(d: decoding.Decoder): KeyEntry[] {
  const keys: KeyEntry[] = [];
  for (let n = decoding.readVarUint(d); n > 0; n--) {
    const scope = decoding.readVarString(d);
    if (!isValidKeyScope(scope)) throw new SecureBaseError('invalid-request', 'credentials: bad key scope');
    const epoch = decoding.readVarUint(d);
    const key = readKey(d);
    if (keys.some((entry) => entry.scope === scope && entry.epoch === epoch)) {
      throw new SecureBaseError('invalid-request', 'credentials: duplicate key entry');
    }
    keys.push({ scope, epoch, key });
  }
  return keys;
}

function readKey(d: decoding.Decoder): Uint8Array {
  const key = decoding.readVarUint8Array(d).slice();
  if (key.length !== SPACE_KEY_BYTES) throw new SecureBaseError('invalid-request', 'credentials: bad key length');
  return key;
}

function sortKeys(keys: readonly KeyEntry[]): KeyEntry[] {
  return [...keys].sort((a, b) => (a.scope === b.scope ? a.epoch - b.epoch : a.scope < b.scope ? -1 : 1));
}
