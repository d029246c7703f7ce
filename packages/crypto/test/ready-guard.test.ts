// Own file: the "not ready" state exists only before the first readyCrypto() in a module graph.
import { describe, expect, it } from 'vitest';
import { generateDeviceKeys, readyCrypto, verifyAuthChallenge } from '@securebase/crypto';

describe('readyCrypto', () => {
  it('functions throw before readyCrypto() and work after it', async () => {
    expect(() => generateDeviceKeys()).toThrow(/readyCrypto/);
    const spaceId = 'AAAAAAAAAAAAAAAAAAAAAA';
    expect(() => verifyAuthChallenge({ spaceId, nonce: new Uint8Array(32), deviceKey: new Uint8Array(32), signature: new Uint8Array(64) })).toThrow(/readyCrypto/);
    await readyCrypto();
    expect(generateDeviceKeys().signPublicKey).toHaveLength(32);
  });
});
