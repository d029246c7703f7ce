import { describe, expect, it, beforeAll } from 'vitest';
import * as encoding from 'lib0/encoding';
import { SPACE_SCOPE, SecureBaseError, privateScope } from '@securebase/protocol';
import { encodeDeviceKeys, generateDeviceKeys, generateSpaceKey, randomId, readyCrypto } from '@securebase/crypto';
import {
  currentKey,
  decodeCredentials,
  encodeCredentials,
  keyForEpoch,
  makeCredentials,
  type Credentials,
} from '@securebase/sync';
import { mergeKeys } from '@securebase/sync/testing';

beforeAll(async () => {
  await readyCrypto();
});

function sampleCredentials(): Credentials {
  const partnerId = randomId();
  return makeCredentials({
    relayUrl: 'https://relay.example/base',
    spaceId: randomId(),
    partnerId,
    device: generateDeviceKeys(),
    keys: [
      { scope: SPACE_SCOPE, epoch: 3, key: generateSpaceKey() },
      { scope: privateScope(partnerId), epoch: 0, key: generateSpaceKey() },
      { scope: SPACE_SCOPE, epoch: 0, key: generateSpaceKey() },
    ],
  });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecureBaseError);
    return (err as SecureBaseError).code;
  }
  return undefined;
}

/** A v1 blob as the walking skeleton wrote it: space keys by epoch plus the current epoch. */
function v1Blob(c: Credentials, currentEpoch: number, epochKeys: Record<number, Uint8Array>): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, c.relayUrl);
    encoding.writeVarString(e, c.spaceId);
    encoding.writeVarString(e, c.partnerId);
    encoding.writeVarUint8Array(e, encodeDeviceKeys(c.device));
    encoding.writeVarUint(e, currentEpoch);
    const epochs = Object.keys(epochKeys).map(Number);
    encoding.writeVarUint(e, epochs.length);
    for (const epoch of epochs) {
      encoding.writeVarUint(e, epoch);
      encoding.writeVarUint8Array(e, epochKeys[epoch]!);
    }
  });
}

describe('credentials codec', () => {
  it('round-trips every field, keys sorted by scope and epoch', () => {
    const creds = sampleCredentials();
    const decoded = decodeCredentials(encodeCredentials(creds));
    expect(decoded).toEqual(creds);
    expect(encodeCredentials(decoded)).toEqual(encodeCredentials(creds));
    expect(decoded.keys.map((k) => `${k.scope}#${k.epoch}`)).toEqual([
      `private:${creds.partnerId}#0`,
      'space#0',
      'space#3',
    ]);
  });

  it('still reads v1 blobs: their keys become the space scope', () => {
    const creds = sampleCredentials();
    const k0 = generateSpaceKey();
    const k2 = generateSpaceKey();
    const decoded = decodeCredentials(v1Blob(creds, 2, { 0: k0, 2: k2 }));
    expect(decoded.keys).toEqual([
      { scope: SPACE_SCOPE, epoch: 0, key: k0 },
      { scope: SPACE_SCOPE, epoch: 2, key: k2 },
    ]);
    expect(currentKey(decoded, SPACE_SCOPE)).toEqual({ scope: SPACE_SCOPE, epoch: 2, key: k2 });
    // Re-encoding upgrades to v2.
    expect(encodeCredentials(decoded)[0]).toBe(2);
    expect(codeOf(() => decodeCredentials(v1Blob(creds, 7, { 0: k0 })))).toBe('invalid-request');
  });

  it('rejects corrupt, truncated, extended or unknown-version bytes', () => {
    const bytes = encodeCredentials(sampleCredentials());
    expect(codeOf(() => decodeCredentials(bytes.slice(0, bytes.length - 5)))).toBe('invalid-request');
    expect(codeOf(() => decodeCredentials(new Uint8Array([...bytes, 0])))).toBe('invalid-request');
    const otherVersion = bytes.slice();
    otherVersion[0] = 3;
    expect(codeOf(() => decodeCredentials(otherVersion))).toBe('invalid-request');
    expect(codeOf(() => decodeCredentials(new Uint8Array()))).toBe('invalid-request');
  });

  it('rejects device keys whose halves do not belong together', () => {
    const creds = sampleCredentials();
    const other = generateDeviceKeys();
    const mixed = { ...creds, device: { ...creds.device, signPublicKey: other.signPublicKey } };
    expect(codeOf(() => decodeCredentials(encodeCredentials(mixed)))).toBe('invalid-request');
  });

  it('rejects credentials without a space key, with a bad scope or a duplicate entry', () => {
    const creds = sampleCredentials();
    const onlyPrivate = { ...creds, keys: creds.keys.filter((k) => k.scope !== SPACE_SCOPE) };
    expect(codeOf(() => decodeCredentials(encodeCredentials(onlyPrivate)))).toBe('invalid-request');
    const badScope = { ...creds, keys: [...creds.keys, { scope: 'private:nope', epoch: 0, key: generateSpaceKey() }] };
    expect(codeOf(() => decodeCredentials(encodeCredentials(badScope)))).toBe('invalid-request');
    const duplicate = { ...creds, keys: [...creds.keys, { scope: SPACE_SCOPE, epoch: 3, key: generateSpaceKey() }] };
    expect(codeOf(() => decodeCredentials(encodeCredentials(duplicate)))).toBe('invalid-request');
  });
});

describe('credential key helpers', () => {
  it('finds the current key and keys by epoch per scope', () => {
    const creds = sampleCredentials();
    expect(currentKey(creds, SPACE_SCOPE).epoch).toBe(3);
    expect(currentKey(creds, privateScope(creds.partnerId)).epoch).toBe(0);
    expect(keyForEpoch(creds, SPACE_SCOPE, 0)).toBe(creds.keys.find((k) => k.scope === SPACE_SCOPE && k.epoch === 0)!.key);
    expect(keyForEpoch(creds, SPACE_SCOPE, 1)).toBeUndefined();
    expect(codeOf(() => currentKey(creds, privateScope(randomId())))).toBe('unknown-epoch');
  });

  it('merges new entries but never replaces a key already held', () => {
    const creds = sampleCredentials();
    const held = keyForEpoch(creds, SPACE_SCOPE, 3)!;
    const fresh = generateSpaceKey();
    const merged = mergeKeys(creds, [
      { scope: SPACE_SCOPE, epoch: 3, key: generateSpaceKey() },
      { scope: SPACE_SCOPE, epoch: 4, key: fresh },
    ]);
    expect(keyForEpoch(merged, SPACE_SCOPE, 3)).toBe(held);
    expect(currentKey(merged, SPACE_SCOPE).key).toBe(fresh);
    expect(merged.keys).toHaveLength(4);
    expect(creds.keys).toHaveLength(3);
  });

  it('keeps the deprecated epoch view in step with the keys of its scope', () => {
    const creds = sampleCredentials();
    expect(creds.currentEpoch).toBe(3);
    expect(Object.keys(creds.epochKeys).map(Number)).toEqual([0, 3]);
    const privateView = makeCredentials(creds, privateScope(creds.partnerId));
    expect(privateView.currentEpoch).toBe(0);
    expect(privateView.epochKeys[0]).toBe(currentKey(creds, privateScope(creds.partnerId)).key);
    expect(privateView.keys).toEqual(creds.keys);
  });
});
