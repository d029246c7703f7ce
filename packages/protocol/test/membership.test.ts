import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeInviteCertificate,
  decodeMembershipOp,
  encodeInviteCertificate,
  encodeInviteCertificateUnsigned,
  encodeMembershipOp,
  encodeMembershipOpUnsigned,
  MEMBERSHIP_OP,
  toBase64Url,
  type InviteCertificate,
  type MembershipOp,
} from '@securebase/protocol';
import { arbCertificate, arbMembershipOp, SEED } from './arbitraries.js';
import { concat, expectMalformed } from './expect-malformed.js';

const id = (fill: number) => toBase64Url(new Uint8Array(16).fill(fill));
const certificate: InviteCertificate = {
  version: 1,
  spaceId: id(1),
  inviteId: id(2),
  verifierKey: new Uint8Array(32).fill(3),
  expiresAt: 1_700_000_000_000,
  issuer: new Uint8Array(32).fill(4),
  signature: new Uint8Array(64).fill(5),
};
const device = { partnerId: id(8), deviceKey: new Uint8Array(32).fill(7), boxKey: new Uint8Array(32).fill(9) };
const addPartner: MembershipOp = {
  version: 1,
  spaceId: id(1),
  seq: 1,
  prevHash: new Uint8Array(32).fill(6),
  timestamp: 1_700_000_000_001,
  signer: new Uint8Array(32).fill(7),
  body: { kind: 'add-partner', device, invite: certificate },
  signature: new Uint8Array(64).fill(10),
  inviteSignature: new Uint8Array(64).fill(11),
};

describe('membership op codec', () => {
  it('round-trips random ops of every kind byte-exactly; unsigned bytes are a prefix', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(arbMembershipOp, (op) => {
        kinds.add(op.body.kind);
        const encoded = encodeMembershipOp(op);
        const decoded = decodeMembershipOp(encoded);
        expect(decoded).toEqual(op);
        expect(encodeMembershipOp(decoded)).toEqual(encoded);
        const unsigned = encodeMembershipOpUnsigned(op);
        expect(encoded.subarray(0, unsigned.length)).toEqual(unsigned);
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect([...kinds].sort()).toEqual(Object.keys(MEMBERSHIP_OP).sort());
  });

  it('rejects truncation, trailing bytes, unknown version and kind', () => {
    const encoded = encodeMembershipOp(addPartner);
    for (let length = 0; length < encoded.length; length++) expectMalformed(() => decodeMembershipOp(encoded.subarray(0, length)));
    expectMalformed(() => decodeMembershipOp(concat(encoded, [0])), 'trailing');
    expectMalformed(() => decodeMembershipOp(concat([2], encoded.subarray(1))), 'version');
    expectMalformed(() => decodeMembershipOp(concat([1, 6], encoded.subarray(2))), 'kind');
  });

  it('requires inviteSignature exactly for add-partner', () => {
    const { inviteSignature: _omit, ...withoutInviteSignature } = addPartner;
    expect(() => encodeMembershipOp(withoutInviteSignature)).toThrow(TypeError);
    const create: MembershipOp = { ...withoutInviteSignature, seq: 0, body: { kind: 'create', device } };
    expect(() => encodeMembershipOp({ ...create, inviteSignature: new Uint8Array(64) })).toThrow(TypeError);
    // An add-partner op cut before its invite signature is truncated.
    const encoded = encodeMembershipOp(addPartner);
    expectMalformed(() => decodeMembershipOp(encoded.subarray(0, encoded.length - 64)), 'inviteSignature');
  });

  it('rejects a malformed embedded certificate', () => {
    const encoded = encodeMembershipOp(addPartner);
    const certBytes = encodeInviteCertificate(certificate);
    const start = indexOf(encoded, certBytes);
    const broken = encoded.slice();
    broken[start] = 9; // certificate version
    expectMalformed(() => decodeMembershipOp(broken), 'certificate version');
  });
});

describe('invite certificate codec', () => {
  it('round-trips random certificates; unsigned bytes are the signed prefix', () => {
    fc.assert(
      fc.property(arbCertificate, (cert) => {
        const encoded = encodeInviteCertificate(cert);
        expect(decodeInviteCertificate(encoded)).toEqual(cert);
        expect(encodeInviteCertificate(decodeInviteCertificate(encoded))).toEqual(encoded);
        expect(encoded.subarray(0, encoded.length - 64)).toEqual(encodeInviteCertificateUnsigned(cert));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('rejects truncation, trailing bytes and unknown version', () => {
    const encoded = encodeInviteCertificate(certificate);
    for (let length = 0; length < encoded.length; length++) expectMalformed(() => decodeInviteCertificate(encoded.subarray(0, length)));
    expectMalformed(() => decodeInviteCertificate(concat(encoded, [1])), 'trailing');
    expectMalformed(() => decodeInviteCertificate(concat([0], encoded.subarray(1))), 'version');
  });
});

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('needle not found');
}
