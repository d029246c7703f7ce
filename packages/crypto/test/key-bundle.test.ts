import { beforeAll, describe, expect, it } from 'vitest';
import { decodeKeyWrap, encodeKeyWrap, privateScope, type KeyEntry } from '@securebase/protocol';
import { generateDeviceKeys, generateSpaceKey, openKeyBundle, randomId, readyCrypto, sealKeyBundle, type DeviceKeys } from '@securebase/crypto';
import { codeOf } from './chain-helpers.js';

let wrapper: DeviceKeys;
let recipient: DeviceKeys;
let entries: KeyEntry[];

beforeAll(async () => {
  await readyCrypto();
  wrapper = generateDeviceKeys();
  recipient = generateDeviceKeys();
  entries = [
    { scope: 'space', epoch: 0, key: generateSpaceKey() },
    { scope: 'space', epoch: 1, key: generateSpaceKey() },
    { scope: privateScope(randomId()), epoch: 0, key: generateSpaceKey() },
  ];
});

const to = (device: DeviceKeys) => ({ deviceKey: device.signPublicKey, boxKey: device.boxPublicKey });

describe('key bundles', () => {
  it('open for the recipient with the wrapper named', () => {
    const wrap = sealKeyBundle({ entries, recipient: to(recipient), wrapper });
    expect(openKeyBundle(wrap, recipient)).toEqual({ ok: true, value: { entries, wrapper: wrapper.signPublicKey } });
    expect(decodeKeyWrap(wrap).wrapper).toEqual(wrapper.signPublicKey);
  });

  it('wrong recipient → decrypt-failed', () => {
    const wrap = sealKeyBundle({ entries, recipient: to(recipient), wrapper });
    expect(codeOf(openKeyBundle(wrap, generateDeviceKeys()))).toBe('decrypt-failed');
  });

  it('any flipped bit → rejected (never opens to other keys)', () => {
    const wrap = sealKeyBundle({ entries, recipient: to(recipient), wrapper });
    for (let i = 0; i < wrap.length; i++) {
      const tampered = wrap.slice();
      tampered[i] = (tampered[i] ?? 0) ^ 0x08;
      expect(['malformed-frame', 'decrypt-failed', 'bad-signature'], `byte ${i}`).toContain(codeOf(openKeyBundle(tampered, recipient)));
    }
    expect(codeOf(openKeyBundle(wrap.subarray(0, 20), recipient))).toBe('malformed-frame');
  });

  it('a substituted wrapper key in the clear → bad-signature', () => {
    const wrap = decodeKeyWrap(sealKeyBundle({ entries, recipient: to(recipient), wrapper }));
    const substituted = encodeKeyWrap({ ...wrap, wrapper: generateDeviceKeys().signPublicKey });
    expect(codeOf(openKeyBundle(substituted, recipient))).toBe('bad-signature');
  });

  it('a bundle sealed by an outsider claiming a member wrapper → bad-signature', () => {
    const outsider = generateDeviceKeys();
    const forged = decodeKeyWrap(sealKeyBundle({ entries, recipient: to(recipient), wrapper: outsider }));
    expect(codeOf(openKeyBundle(encodeKeyWrap({ ...forged, wrapper: wrapper.signPublicKey }), recipient))).toBe('bad-signature');
  });

  it('a wrap signed for another device, re-sealed to this one → bad-signature', () => {
    // The signature binds the recipient device key: a box key swapped under a device is caught.
    const wrap = sealKeyBundle({ entries, recipient: { deviceKey: generateDeviceKeys().signPublicKey, boxKey: recipient.boxPublicKey }, wrapper });
    expect(codeOf(openKeyBundle(wrap, recipient))).toBe('bad-signature');
  });
});
