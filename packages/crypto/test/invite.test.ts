import { beforeAll, describe, expect, it } from 'vitest';
import { decodeInviteCertificate, fromBase64Url, isValidInviteId, SecureBaseError, toBase64Url, type Result } from '@securebase/protocol';
import { createInvite, deriveInviteKeys, generateDeviceKeys, generateSpaceKey, openInvitePayload, randomId, readyCrypto, type DeviceKeys } from '@securebase/crypto';

let issuer: DeviceKeys;
let spaceId: string;
let spaceKey: Uint8Array;

beforeAll(async () => {
  await readyCrypto();
  issuer = generateDeviceKeys();
  spaceId = randomId();
  spaceKey = generateSpaceKey();
});

const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code);
const make = () => createInvite({ spaceId, keys: [{ scope: 'space', epoch: 2, key: spaceKey }], issuer, ttlMs: 60_000, now: 1_000 });

describe('invites', () => {
  it('createInvite: the secret derives the id and verifier; the payload opens to the space key', () => {
    const invite = make();
    expect(fromBase64Url(invite.secret)).toHaveLength(32);
    expect(isValidInviteId(invite.inviteId)).toBe(true);
    const keys = deriveInviteKeys(invite.secret);
    expect(keys.inviteId).toBe(invite.inviteId);
    expect(keys.verifier.publicKey).toEqual(invite.verifier.publicKey);
    expect(invite.certificate).toMatchObject({ spaceId, inviteId: invite.inviteId, expiresAt: 61_000, issuer: issuer.signPublicKey });
    expect(invite.certificate.verifierKey).toEqual(keys.verifier.publicKey);
    expect(decodeInviteCertificate(invite.encodedCertificate)).toEqual(invite.certificate);
    const opened = openInvitePayload(invite.secret, invite.payload);
    expect(opened).toEqual({ ok: true, value: { spaceId, keys: [{ scope: 'space', epoch: 2, key: spaceKey }] } });
  });

  it('derivation is deterministic and separates the three keys', () => {
    const secret = toBase64Url(new Uint8Array(32).fill(9));
    const a = deriveInviteKeys(secret);
    expect(deriveInviteKeys(secret)).toEqual(a);
    expect(a.wrapKey).not.toEqual(a.verifier.privateKey.subarray(0, 32));
    expect(fromBase64Url(a.inviteId)).not.toEqual(a.wrapKey.subarray(0, 16));
  });

  it('another secret → invite-not-found', () => {
    const invite = make();
    expect(codeOf(openInvitePayload(make().secret, invite.payload))).toBe('invite-not-found');
  });

  it('any flipped payload bit → invite-not-found; truncated too', () => {
    const invite = make();
    for (let i = 0; i < invite.payload.length; i++) {
      const tampered = invite.payload.slice();
      tampered[i] = (tampered[i] ?? 0) ^ 0x10;
      const result = openInvitePayload(invite.secret, tampered);
      expect(codeOf(result), `byte ${i}`).toBe('invite-not-found');
      expect(result.ok ? '' : result.error.detail).toContain('payload did not decrypt');
    }
    expect(codeOf(openInvitePayload(invite.secret, invite.payload.subarray(0, 39)))).toBe('invite-not-found');
  });

  it('a malformed secret → invite-not-found (Result) / SecureBaseError (derive)', () => {
    const invite = make();
    expect(codeOf(openInvitePayload('not base64!', invite.payload))).toBe('invite-not-found');
    expect(codeOf(openInvitePayload(toBase64Url(new Uint8Array(31)), invite.payload))).toBe('invite-not-found');
    expect(() => deriveInviteKeys('short')).toThrow(SecureBaseError);
  });
});
