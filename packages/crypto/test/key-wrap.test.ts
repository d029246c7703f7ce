import { beforeAll, describe, expect, it } from 'vitest';
import { generateDeviceKeys, generateSpaceKey, readyCrypto, unwrapKeyForDevice, wrapKeyForDevice } from '@securebase/crypto';

beforeAll(async () => {
  await readyCrypto();
});

describe('key wrapping', () => {
  it('round-trips for the addressed device only', () => {
    const device = generateDeviceKeys();
    const other = generateDeviceKeys();
    const key = generateSpaceKey();
    const sealed = wrapKeyForDevice(key, device.boxPublicKey);
    expect(unwrapKeyForDevice(sealed, device)).toEqual({ ok: true, value: key });
    const wrong = unwrapKeyForDevice(sealed, other);
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('decrypt-failed');
  });

  it('any flipped bit or truncation → decrypt-failed', () => {
    const device = generateDeviceKeys();
    const sealed = wrapKeyForDevice(generateSpaceKey(), device.boxPublicKey);
    for (let i = 0; i < sealed.length; i++) {
      const tampered = sealed.slice();
      tampered[i] = (tampered[i] ?? 0) ^ 0x04;
      const result = unwrapKeyForDevice(tampered, device);
      expect(result.ok ? 'ok' : result.error.code, `byte ${i}`).toBe('decrypt-failed');
    }
    const short = unwrapKeyForDevice(sealed.subarray(0, 20), device);
    expect(short.ok ? 'ok' : short.error.code).toBe('decrypt-failed');
  });
});
