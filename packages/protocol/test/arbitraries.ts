/**
 * fast-check arbitraries for every wire value, shared by the codec tests.
 *
 *   fc.assert(fc.property(arbFrame, (f) => ...), { seed: SEED });
 */
import fc from 'fast-check';
import {
  ENVELOPE_KIND,
  MEMBERSHIP_VERSION,
  ENVELOPE_VERSION,
  toBase64Url,
  type DeviceRecord,
  type EnvelopeHeader,
  type EnvelopeKind,
  type Frame,
  type InviteCertificate,
  type KeyEntry,
  type LinkCertificate,
  type LinkRequest,
  type MembershipBody,
  type MembershipOp,
} from '@securebase/protocol';

/** Fixed seed so failures reproduce; fast-check prints the seed and path on failure. */
export const SEED = 20240611;

export const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
export const anyBytes = fc.uint8Array({ maxLength: 300 });
export const randomId = bytes(16).map(toBase64Url);
export const docId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
export const safeNat = fc.oneof(fc.nat({ max: 300 }), fc.maxSafeNat());

export const arbFrame: fc.Arbitrary<Frame> = fc.oneof(
  fc.record({ type: fc.constant('hello' as const), protocolVersion: safeNat, spaceId: randomId, deviceKey: bytes(32) }),
  fc.record({ type: fc.constant('challenge' as const), protocolVersion: safeNat, nonce: bytes(32) }),
  fc.record({ type: fc.constant('auth' as const), signature: bytes(64) }),
  fc.record({ type: fc.constant('welcome' as const), membershipHead: safeNat }),
  fc.record({ type: fc.constant('subscribe' as const), docId, afterSeq: safeNat }),
  fc.record({
    type: fc.constant('updates' as const),
    docId,
    entries: fc.array(fc.record({ seq: safeNat, envelope: anyBytes }), { maxLength: 5 }),
  }),
  fc.record({ type: fc.constant('synced' as const), docId, headSeq: safeNat }),
  fc.record({ type: fc.constant('push' as const), docId, ref: safeNat, envelope: anyBytes }),
  fc.record({ type: fc.constant('ack' as const), docId, ref: safeNat, seq: safeNat }),
  fc.record({
    type: fc.constant('error' as const),
    code: safeNat,
    ref: safeNat,
    detail: fc.string({ unit: 'binary', maxLength: 200 }),
  }),
  fc.record({ type: fc.constant('ephemeral' as const), docId, envelope: anyBytes }),
  fc.record({
    type: fc.constant('put-snapshot' as const),
    docId,
    ref: safeNat,
    parentHash: fc.oneof(bytes(0), bytes(32)),
    coversSeq: safeNat,
    envelope: anyBytes,
  }),
  fc.record({ type: fc.constant('snapshot' as const), docId, coversSeq: safeNat, envelope: anyBytes }),
);

export const arbEnvelopeHeader: fc.Arbitrary<EnvelopeHeader> = fc.record({
  version: fc.constant(ENVELOPE_VERSION),
  spaceId: randomId,
  docId,
  epoch: safeNat,
  author: bytes(32),
  clock: safeNat.filter((n) => n >= 1),
  kind: fc.constantFrom(...(Object.keys(ENVELOPE_KIND) as EnvelopeKind[])),
});

export const arbDeviceRecord: fc.Arbitrary<DeviceRecord> = fc.record({
  partnerId: randomId,
  deviceKey: bytes(32),
  boxKey: bytes(32),
});

export const arbCertificate: fc.Arbitrary<InviteCertificate> = fc.record({
  version: fc.constant(MEMBERSHIP_VERSION),
  spaceId: randomId,
  inviteId: randomId,
  verifierKey: bytes(32),
  expiresAt: safeNat,
  issuer: bytes(32),
  signature: bytes(64),
});

export const arbLinkCertificate: fc.Arbitrary<LinkCertificate> = fc.record({
  version: fc.constant(MEMBERSHIP_VERSION),
  spaceId: randomId,
  linkId: randomId,
  verifierKey: bytes(32),
  partnerId: randomId,
  expiresAt: safeNat,
  issuer: bytes(32),
  signature: bytes(64),
});

export const arbLinkRequest: fc.Arbitrary<LinkRequest> = fc.record({
  version: fc.constant(MEMBERSHIP_VERSION),
  spaceId: randomId,
  linkId: randomId,
  deviceKey: bytes(32),
  boxKey: bytes(32),
  verifierSignature: bytes(64),
  deviceSignature: bytes(64),
});

export const arbScope = fc.oneof(fc.constant('space'), randomId.map((id) => `private:${id}`));

/** Key entries with unique (scope, epoch) pairs. */
export const arbKeyEntries = (scope: fc.Arbitrary<string> = arbScope): fc.Arbitrary<KeyEntry[]> =>
  fc.uniqueArray(fc.record({ scope, epoch: safeNat, key: bytes(32) }), {
    selector: (entry) => `${entry.scope}#${entry.epoch}`,
    maxLength: 6,
  });

const arbBody: fc.Arbitrary<MembershipBody> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), device: arbDeviceRecord }),
  fc.record({ kind: fc.constant('add-partner' as const), device: arbDeviceRecord, invite: arbCertificate }),
  fc.record({ kind: fc.constant('link-device' as const), device: arbDeviceRecord, link: arbLinkCertificate }),
  fc.record({ kind: fc.constant('remove-device' as const), deviceKey: bytes(32) }),
  fc.record({ kind: fc.constant('leave' as const), partnerId: randomId }),
  fc.record({ kind: fc.constant('rotate-key' as const), scope: arbScope, epoch: safeNat }),
);

export const arbMembershipOp: fc.Arbitrary<MembershipOp> = fc
  .record({
    version: fc.constant(MEMBERSHIP_VERSION),
    spaceId: randomId,
    seq: safeNat,
    prevHash: bytes(32),
    timestamp: safeNat,
    signer: bytes(32),
    body: arbBody,
    signature: bytes(64),
    cosignature: bytes(64),
  })
  .map(({ cosignature, ...op }) =>
    op.body.kind === 'add-partner' || op.body.kind === 'link-device' ? { ...op, cosignature } : op,
  );
