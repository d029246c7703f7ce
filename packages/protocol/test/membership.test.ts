import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeInviteCertificate,
  decodeLinkCertificate,
  decodeLinkRequest,
  decodeMembershipOp,
  encodeInviteCertificate,
  encodeLinkCertificate,
  encodeLinkCertificateUnsigned,
  encodeLinkRequest,
  encodeLinkRequestUnsigned,
  encodeInviteCertificateUnsigned,
  encodeMembershipOp,
  encodeMembershipOpUnsigned,
  MEMBERSHIP_OP,
  toBase64Url,
  type InviteCertificate,
  type LinkCertificate,
  type MembershipOp,
} from '@securebase/protocol';
import { arbCertificate, arbLinkCertificate, arbLinkRequest, arbMembershipOp, SEED } from './arbitraries.js';
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
const link: LinkCertificate = {
  version: 1,
  spaceId: id(1),
  linkId: id(12),
  verifierKey: new Uint8Array(32).fill(13),
  partnerId: id(8),
  expiresAt: 1_700_000_600_000,
  issuer: new Uint8Array(32).fill(14),
  signature: new Uint8Array(64).fill(15),
};
const addPartner: MembershipOp = {
  version: 1,
  spaceId: id(1),
  seq: 1,
  prevHash: new Uint8Array(32).fill(6),
  timestamp: 1_700_000_000_001,
  signer: new Uint8Array(32).fill(7),
  body: { kind: 'add-partner', device, invite: certificate },
  signature: new Uint8Array(64).fill(10),
  cosignature: new Uint8Array(64).fill(11),
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
    expectMalformed(() => decodeMembershipOp(concat([1, 7], encoded.subarray(2))), 'kind');
  });

  it('requires a cosignature exactly for add-partner and link-device', () => {
    const { cosignature: _omit, ...withoutCosignature } = addPartner;
    expect(() => encodeMembershipOp(withoutCosignature)).toThrow(TypeError);
    const linkDevice: MembershipOp = { ...withoutCosignature, body: { kind: 'link-device', device, link } };
    expect(() => encodeMembershipOp(linkDevice)).toThrow(TypeError);
    expect(decodeMembershipOp(encodeMembershipOp({ ...linkDevice, cosignature: new Uint8Array(64).fill(1) }))).toMatchObject({
      cosignature: new Uint8Array(64).fill(1),
    });
    const others: MembershipOp['body'][] = [
      { kind: 'create', device },
      { kind: 'remove-device', deviceKey: device.deviceKey },
      { kind: 'leave', partnerId: device.partnerId },
      { kind: 'rotate-key', scope: 'space', epoch: 1 },
    ];
    for (const body of others) {
      expect(() => encodeMembershipOp({ ...withoutCosignature, body, cosignature: new Uint8Array(64) }), body.kind).toThrow(TypeError);
    }
    // A cosigned op cut before its cosignature is truncated.
    const encoded = encodeMembershipOp(addPartner);
    expectMalformed(() => decodeMembershipOp(encoded.subarray(0, encoded.length - 64)), 'cosignature');
  });

  it('rotate-key: scope is space or private:<partnerId>; anything else is refused', () => {
    const { cosignature: _omit, ...base } = addPartner;
    const rotate: MembershipOp = { ...base, body: { kind: 'rotate-key', scope: `private:${id(3)}`, epoch: 4 } };
    expect(decodeMembershipOp(encodeMembershipOp(rotate))).toEqual(rotate);
    for (const scope of ['private:', 'private:short', 'Space', `private-${id(3)}`]) {
      expect(() => encodeMembershipOp({ ...rotate, body: { kind: 'rotate-key', scope, epoch: 1 } }), scope).toThrow(RangeError);
    }
    const encoded = encodeMembershipOp({ ...rotate, body: { kind: 'rotate-key', scope: 'space', epoch: 1 } });
    // The scope tag is the third byte from the end before the signature: [tag 0][epoch 1] sig64.
    const broken = encoded.slice();
    broken[encoded.length - 64 - 2] = 2;
    expectMalformed(() => decodeMembershipOp(broken), 'scope: unknown value 2');
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

describe('link certificate and link request codecs', () => {
  it('round-trip random values; unsigned bytes are the signed prefix', () => {
    fc.assert(
      fc.property(arbLinkCertificate, arbLinkRequest, (cert, request) => {
        const encodedCert = encodeLinkCertificate(cert);
        expect(decodeLinkCertificate(encodedCert)).toEqual(cert);
        expect(encodedCert.subarray(0, encodedCert.length - 64)).toEqual(encodeLinkCertificateUnsigned(cert));
        const encodedRequest = encodeLinkRequest(request);
        expect(decodeLinkRequest(encodedRequest)).toEqual(request);
        expect(encodeLinkRequest(decodeLinkRequest(encodedRequest))).toEqual(encodedRequest);
        expect(encodedRequest.subarray(0, encodedRequest.length - 128)).toEqual(encodeLinkRequestUnsigned(request));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('reject truncation, trailing bytes and unknown version', () => {
    const encodedCert = encodeLinkCertificate(link);
    for (let length = 0; length < encodedCert.length; length++) expectMalformed(() => decodeLinkCertificate(encodedCert.subarray(0, length)));
    expectMalformed(() => decodeLinkCertificate(concat(encodedCert, [1])), 'trailing');
    expectMalformed(() => decodeLinkCertificate(concat([2], encodedCert.subarray(1))), 'version');
    const request = encodeLinkRequest({
      version: 1,
      spaceId: id(1),
      linkId: id(12),
      deviceKey: new Uint8Array(32).fill(1),
      boxKey: new Uint8Array(32).fill(2),
      verifierSignature: new Uint8Array(64).fill(3),
      deviceSignature: new Uint8Array(64).fill(4),
    });
    for (let length = 0; length < request.length; length++) expectMalformed(() => decodeLinkRequest(request.subarray(0, length)));
    expectMalformed(() => decodeLinkRequest(concat(request, [1])), 'trailing');
    expectMalformed(() => decodeLinkRequest(concat([0], request.subarray(1))), 'version');
  });

  it('a link-device op embeds its certificate; a malformed one is refused', () => {
    const op: MembershipOp = { ...addPartner, body: { kind: 'link-device', device, link } };
    const encoded = encodeMembershipOp(op);
    expect(decodeMembershipOp(encoded)).toEqual(op);
    const start = indexOf(encoded, encodeLinkCertificate(link));
    const broken = encoded.slice();
    broken[start] = 9;
    expectMalformed(() => decodeMembershipOp(broken), 'link certificate version');
  });
});
