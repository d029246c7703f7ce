import { beforeAll, describe, expect, it } from 'vitest';
import { encodeAuthChallengeMessage } from '@securebase/protocol';
import { generateDeviceKeys, randomBytes, randomId, readyCrypto, signAuthChallenge, verifyAuthChallenge, type DeviceKeys } from '@securebase/crypto';
import { CONTEXT, signWithContext } from '../src/signing.js';

let device: DeviceKeys;
let other: DeviceKeys;
let spaceId: string;
let nonce: Uint8Array;

beforeAll(async () => {
  await readyCrypto();
  device = generateDeviceKeys();
  other = generateDeviceKeys();
  spaceId = randomId();
  nonce = randomBytes(32);
});

const flipped = (bytes: Uint8Array, index: number) => {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ 1;
  return copy;
};

describe('auth challenge', () => {
  it('a fresh answer verifies', () => {
    const signature = signAuthChallenge(device, { spaceId, nonce });
    expect(verifyAuthChallenge({ spaceId, nonce, deviceKey: device.signPublicKey, signature })).toBe(true);
  });

  it('fails for another nonce, space, device, or any flipped signature bit', () => {
    const signature = signAuthChallenge(device, { spaceId, nonce });
    const deviceKey = device.signPublicKey;
    expect(verifyAuthChallenge({ spaceId, nonce: flipped(nonce, 5), deviceKey, signature })).toBe(false);
    expect(verifyAuthChallenge({ spaceId: randomId(), nonce, deviceKey, signature })).toBe(false);
    expect(verifyAuthChallenge({ spaceId, nonce, deviceKey: other.signPublicKey, signature })).toBe(false);
    for (let i = 0; i < 64; i++) expect(verifyAuthChallenge({ spaceId, nonce, deviceKey, signature: flipped(signature, i) })).toBe(false);
  });

  it('fails for a signature over the same bytes under another context', () => {
    const message = encodeAuthChallengeMessage({ spaceId, nonce, deviceKey: device.signPublicKey });
    const signature = signWithContext(CONTEXT.membership, message, device.signSecretKey);
    expect(verifyAuthChallenge({ spaceId, nonce, deviceKey: device.signPublicKey, signature })).toBe(false);
  });

  it('returns false (never throws) for malformed inputs', () => {
    const signature = signAuthChallenge(device, { spaceId, nonce });
    const deviceKey = device.signPublicKey;
    expect(verifyAuthChallenge({ spaceId, nonce, deviceKey, signature: signature.subarray(0, 63) })).toBe(false);
    expect(verifyAuthChallenge({ spaceId, nonce: nonce.subarray(0, 31), deviceKey, signature })).toBe(false);
    expect(verifyAuthChallenge({ spaceId, nonce, deviceKey: deviceKey.subarray(0, 31), signature })).toBe(false);
    expect(verifyAuthChallenge({ spaceId: 'not-an-id', nonce, deviceKey, signature })).toBe(false);
  });
});
