import { describe, expect, it, beforeAll } from 'vitest';
import { SecureBaseError } from '@securebase/protocol';
import { generateDeviceKeys, generateSpaceKey, randomId, readyCrypto } from '@securebase/crypto';
import { decodeCredentials, encodeCredentials, type Credentials } from '@securebase/sync';

beforeAll(async () => {
  await readyCrypto();
});

function sampleCredentials(): Credentials {
  return {
    relayUrl: 'https://relay.example/base',
    spaceId: randomId(),
    partnerId: randomId(),
    device: generateDeviceKeys(),
    epochKeys: { 0: generateSpaceKey(), 3: generateSpaceKey() },
    currentEpoch: 3,
  };
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

describe('credentials codec', () => {
  it('round-trips every field', () => {
    const creds = sampleCredentials();
    const decoded = decodeCredentials(encodeCredentials(creds));
    expect(decoded).toEqual(creds);
    expect(encodeCredentials(decoded)).toEqual(encodeCredentials(creds));
  });

  it('rejects corrupt, truncated, extended or unknown-version bytes', () => {
    const bytes = encodeCredentials(sampleCredentials());
    expect(codeOf(() => decodeCredentials(bytes.slice(0, bytes.length - 5)))).toBe('invalid-request');
    expect(codeOf(() => decodeCredentials(new Uint8Array([...bytes, 0])))).toBe('invalid-request');
    const otherVersion = bytes.slice();
    otherVersion[0] = 2;
    expect(codeOf(() => decodeCredentials(otherVersion))).toBe('invalid-request');
    expect(codeOf(() => decodeCredentials(new Uint8Array()))).toBe('invalid-request');
  });

  it('rejects device keys whose halves do not belong together', () => {
    const creds = sampleCredentials();
    const other = generateDeviceKeys();
    const mixed = { ...creds, device: { ...creds.device, signPublicKey: other.signPublicKey } };
    expect(codeOf(() => decodeCredentials(encodeCredentials(mixed)))).toBe('invalid-request');
  });

  it('rejects credentials without a key for the current epoch', () => {
    const creds = { ...sampleCredentials(), currentEpoch: 7 };
    expect(codeOf(() => decodeCredentials(encodeCredentials(creds)))).toBe('invalid-request');
  });
});
