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
  decodeMembershipOp,
  encodeEnvelope,
  encodeFrame,
  encodeInviteCertificate,
  encodeInvitePayload,
  encodeMembershipOp,
} from '@securebase/protocol';
import {
  CERTIFICATE_VALUE,
  ENVELOPE_VALUE,
  FRAME_NAMES,
  FRAME_VALUES,
  INVITE_PAYLOAD_VALUE,
  MEMBERSHIP_VALUES,
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
  throw new Error(`no codec for fixture ${name}`);
}

const EXPECTED: Record<string, Uint8Array> = {
  ...Object.fromEntries(FRAME_NAMES.map((name) => [`frame-${name}`, encodeFrame(FRAME_VALUES[name])])),
  envelope: encodeEnvelope(ENVELOPE_VALUE),
  'membership-create': encodeMembershipOp(MEMBERSHIP_VALUES.create),
  'membership-add-partner': encodeMembershipOp(MEMBERSHIP_VALUES['add-partner']),
  'invite-certificate': encodeInviteCertificate(CERTIFICATE_VALUE),
  'invite-payload': encodeInvitePayload(INVITE_PAYLOAD_VALUE),
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
    expect(decodeMembershipOp(read('membership-add-partner'))).toEqual(MEMBERSHIP_VALUES['add-partner']);
    expect(decodeEnvelope(read('envelope')).header.clock).toBe(300);
  });
});
