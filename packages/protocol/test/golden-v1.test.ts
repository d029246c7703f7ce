// Golden byte fixtures of protocol version 1 (like yjs's compatibility tests): the committed
// bytes in fixtures/v1 must decode, and re-encode byte-identically, forever. How to generate a
// new fixture is explained in fixtures/v1-values.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  decodeEnvelope,
  decodeFrame,
  decodeInviteCertificate,
  decodeInvitePayload,
  decodeKeyBundle,
  decodeKeyWrap,
  decodeLinkCertificate,
  decodeLinkRequest,
  decodeMembershipOp,
  decodeSnapshotPayload,
  decodeUpdatePayload,
  encodeEnvelope,
  encodeFrame,
  encodeInviteCertificate,
  encodeInvitePayload,
  encodeKeyBundle,
  encodeKeyWrap,
  encodeLinkCertificate,
  encodeLinkRequest,
  encodeMembershipOp,
  encodeSnapshotPayload,
  encodeUpdatePayload,
  MEMBERSHIP_OP,
  type MembershipOpKind,
} from '@securebase/protocol';
import {
  CERTIFICATE_VALUE,
  ENVELOPE_VALUE,
  FRAME_NAMES,
  FRAME_VALUES,
  INVITE_PAYLOAD_VALUE,
  KEY_ENTRIES_VALUE,
  KEY_WRAP_VALUE,
  LINK_CERTIFICATE_VALUE,
  LINK_REQUEST_VALUE,
  MEMBERSHIP_VALUES,
  SNAPSHOT_PAYLOAD_VALUE,
  UPDATE_PAYLOAD_VALUE,
} from './fixtures/v1-values.js';

const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'v1');

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') + '\n';
const fromHex = (text: string) => Uint8Array.from(text.trim().match(/../g) ?? [], (h) => parseInt(h, 16));

/** Decode then re-encode with the codec a fixture's file name selects. */
function reencode(name: string, bytes: Uint8Array): Uint8Array {
  if (name.startsWith('frame-')) return encodeFrame(decodeFrame(bytes));
  if (name === 'envelope') return encodeEnvelope(decodeEnvelope(bytes));
  if (name.startsWith('membership-')) return encodeMembershipOp(decodeMembershipOp(bytes));
  if (name === 'invite-certificate') return encodeInviteCertificate(decodeInviteCertificate(bytes));
  if (name === 'invite-payload') return encodeInvitePayload(decodeInvitePayload(bytes));
  if (name === 'link-certificate') return encodeLinkCertificate(decodeLinkCertificate(bytes));
  if (name === 'link-request') return encodeLinkRequest(decodeLinkRequest(bytes));
  if (name === 'key-bundle') return encodeKeyBundle(decodeKeyBundle(bytes));
  if (name === 'key-wrap') return encodeKeyWrap(decodeKeyWrap(bytes));
  if (name === 'update-payload') return encodeUpdatePayload(decodeUpdatePayload(bytes));
  if (name === 'snapshot-payload') return encodeSnapshotPayload(decodeSnapshotPayload(bytes));
  throw new Error(`no codec for fixture ${name}`);
}

const EXPECTED: Record<string, Uint8Array> = {
  ...Object.fromEntries(FRAME_NAMES.map((name) => [`frame-${name}`, encodeFrame(FRAME_VALUES[name])])),
  envelope: encodeEnvelope(ENVELOPE_VALUE),
  ...Object.fromEntries(
    (Object.keys(MEMBERSHIP_OP) as MembershipOpKind[]).map((kind) => [`membership-${kind}`, encodeMembershipOp(MEMBERSHIP_VALUES[kind])]),
  ),
  'invite-certificate': encodeInviteCertificate(CERTIFICATE_VALUE),
  'invite-payload': encodeInvitePayload(INVITE_PAYLOAD_VALUE),
  'link-certificate': encodeLinkCertificate(LINK_CERTIFICATE_VALUE),
  'link-request': encodeLinkRequest(LINK_REQUEST_VALUE),
  'key-bundle': encodeKeyBundle(KEY_ENTRIES_VALUE),
  'key-wrap': encodeKeyWrap(KEY_WRAP_VALUE),
  'update-payload': encodeUpdatePayload(UPDATE_PAYLOAD_VALUE),
  'snapshot-payload': encodeSnapshotPayload(SNAPSHOT_PAYLOAD_VALUE),
};

describe('golden v1 fixtures', () => {
  it('every committed fixture decodes and re-encodes byte-identically', () => {
    const files = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.hex'));
    expect(files.map((f) => f.slice(0, -4)).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const file of files) {
      const bytes = fromHex(readFileSync(join(FIXTURE_DIR, file), 'utf8'));
      expect(reencode(file.slice(0, -4), bytes), file).toEqual(bytes);
    }
  });

  it.each(Object.keys(EXPECTED))('today\'s encoder still produces %s.hex', async (name) => {
    await expect(toHex(EXPECTED[name] ?? new Uint8Array())).toMatchFileSnapshot(join(FIXTURE_DIR, `${name}.hex`));
  });

  it('decodes the fixtures to the documented values', () => {
    const read = (name: string) => fromHex(readFileSync(join(FIXTURE_DIR, `${name}.hex`), 'utf8'));
    for (const name of FRAME_NAMES) expect(decodeFrame(read(`frame-${name}`))).toEqual(FRAME_VALUES[name]);
    for (const kind of Object.keys(MEMBERSHIP_OP) as MembershipOpKind[]) {
      expect(decodeMembershipOp(read(`membership-${kind}`))).toEqual(MEMBERSHIP_VALUES[kind]);
    }
    expect(decodeInvitePayload(read('invite-payload'))).toEqual(INVITE_PAYLOAD_VALUE);
    expect(decodeKeyBundle(read('key-bundle'))).toEqual(KEY_ENTRIES_VALUE);
    expect(decodeLinkRequest(read('link-request'))).toEqual(LINK_REQUEST_VALUE);
    expect(decodeSnapshotPayload(read('snapshot-payload'))).toEqual(SNAPSHOT_PAYLOAD_VALUE);
    expect(decodeUpdatePayload(read('update-payload'))).toEqual(UPDATE_PAYLOAD_VALUE);
    expect(decodeEnvelope(read('envelope')).header.clock).toBe(300);
  });
});
