import { beforeAll, describe, expect, it } from 'vitest';
import { decodeLinkCertificate, decodeLinkRequest, encodeLinkRequest, fromBase64Url, isValidInviteId, SecureBaseError, toBase64Url } from '@securebase/protocol';
import {
  createDeviceLink,
  createLinkRequest,
  deriveDeviceLinkKeys,
  generateDeviceKeys,
  randomId,
  readyCrypto,
  verifyLinkRequest,
  type DeviceKeys,
} from '@securebase/crypto';
import { codeOf, NOW } from './chain-helpers.js';

let issuer: DeviceKeys;
let newDevice: DeviceKeys;
let spaceId: string;
let partnerId: string;

beforeAll(async () => {
  await readyCrypto();
  issuer = generateDeviceKeys();
  newDevice = generateDeviceKeys();
  spaceId = randomId();
  partnerId = randomId();
});

describe('device links', () => {
  it('createDeviceLink: the secret derives the id and verifier; 10-minute default lifetime', () => {
    const link = createDeviceLink({ spaceId, partnerId, issuer, now: NOW });
    expect(fromBase64Url(link.secret)).toHaveLength(32);
    expect(isValidInviteId(link.linkId)).toBe(true);
    const keys = deriveDeviceLinkKeys(link.secret);
    expect(keys.linkId).toBe(link.linkId);
    expect(link.certificate).toMatchObject({ spaceId, partnerId, linkId: link.linkId, expiresAt: NOW + 600_000, issuer: issuer.signPublicKey });
    expect(link.certificate.verifierKey).toEqual(keys.verifier.publicKey);
    expect(decodeLinkCertificate(link.encodedCertificate)).toEqual(link.certificate);
    expect(createDeviceLink({ spaceId, partnerId, issuer, ttlMs: 5, now: NOW }).certificate.expiresAt).toBe(NOW + 5);
  });

  it('derivation is deterministic and differs from the invite derivation of the same secret', () => {
    const secret = toBase64Url(new Uint8Array(32).fill(4));
    expect(deriveDeviceLinkKeys(secret)).toEqual(deriveDeviceLinkKeys(secret));
    expect(() => deriveDeviceLinkKeys('short')).toThrow(SecureBaseError);
    let code = '';
    try {
      deriveDeviceLinkKeys(toBase64Url(new Uint8Array(31)));
    } catch (error) {
      code = (error as SecureBaseError).code;
    }
    expect(code).toBe('link-not-found');
  });

  it('verifyLinkRequest accepts a request made with the secret and returns the device', () => {
    const link = createDeviceLink({ spaceId, partnerId, issuer, now: NOW });
    const request = createLinkRequest({ secret: link.secret, spaceId, device: newDevice });
    const checked = verifyLinkRequest(request, link.certificate);
    if (!checked.ok) throw checked.error;
    expect(checked.value.deviceKey).toEqual(newDevice.signPublicKey);
    expect(checked.value.boxKey).toEqual(newDevice.boxPublicKey);
    expect(checked.value.deviceSignature).toEqual(decodeLinkRequest(request).deviceSignature);
  });

  it('tampering: any flipped bit → rejected', () => {
    const link = createDeviceLink({ spaceId, partnerId, issuer, now: NOW });
    const request = createLinkRequest({ secret: link.secret, spaceId, device: newDevice });
    for (let i = 0; i < request.length; i++) {
      const tampered = request.slice();
      tampered[i] = (tampered[i] ?? 0) ^ 0x02;
      expect(['malformed-frame', 'link-not-found', 'bad-signature'], `byte ${i}`).toContain(codeOf(verifyLinkRequest(tampered, link.certificate)));
    }
    expect(codeOf(verifyLinkRequest(request.subarray(1), link.certificate))).toBe('malformed-frame');
  });

  it('a request for another link, without the secret, or with a substituted device key → rejected', () => {
    const link = createDeviceLink({ spaceId, partnerId, issuer, now: NOW });
    const other = createDeviceLink({ spaceId, partnerId, issuer, now: NOW });
    const forOther = createLinkRequest({ secret: other.secret, spaceId, device: newDevice });
    expect(codeOf(verifyLinkRequest(forOther, link.certificate))).toBe('link-not-found');
    // Someone without the secret: signs with a verifier of their own, but names this link.
    const guessed = decodeLinkRequest(createLinkRequest({ secret: other.secret, spaceId, device: newDevice }));
    const withoutSecret = encodeLinkRequest({ ...guessed, linkId: link.linkId });
    expect(codeOf(verifyLinkRequest(withoutSecret, link.certificate))).toBe('bad-signature');
    // A relay that swaps in its own device key keeps the verifier signature but breaks it.
    const genuine = decodeLinkRequest(createLinkRequest({ secret: link.secret, spaceId, device: newDevice }));
    const swapped = encodeLinkRequest({ ...genuine, deviceKey: generateDeviceKeys().signPublicKey });
    expect(codeOf(verifyLinkRequest(swapped, link.certificate))).toBe('bad-signature');
    const wrongSpace = createLinkRequest({ secret: link.secret, spaceId: randomId(), device: newDevice });
    expect(codeOf(verifyLinkRequest(wrongSpace, link.certificate))).toBe('link-not-found');
  });
});
