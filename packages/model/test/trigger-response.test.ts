/**
 * A trigger's "our agreed response" is agreed only when both partners co-signed it (issue 11,
 * finding 10): the same canonical-bytes signatures as agreements, tied to a revision, voided by
 * any edit of the trigger's words, with what changed since read from the words signed.
 */
import { toBase64Url } from '@securebase/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateDeviceKeys, readyCrypto, signAgreement, verifyAgreementSignature, type DeviceKeys } from '@securebase/crypto';
import {
  Workbook,
  agreementCanonicalBytes,
  changesSinceResponseSigned,
  triggerCanonicalBytes,
  triggerResponseStatus,
  type AgreementVerifier,
} from '@securebase/model';
import { A, B, exchange, expectInvalid, fixedClock } from './helpers.js';

let devices: Record<string, DeviceKeys>;
const verify: AgreementVerifier = (deviceKey, canonical, signature, partnerId) =>
  toBase64Url(devices[partnerId]!.signPublicKey) === toBase64Url(deviceKey) && verifyAgreementSignature(deviceKey, canonical, signature);

beforeAll(async () => {
  await readyCrypto();
  devices = { [A]: generateDeviceKeys(), [B]: generateDeviceKeys() };
});

function signAs(wb: Workbook, id: string, partnerId: string, device = devices[partnerId]!): void {
  const t = wb.triggers.get(id)!;
  const { revision } = wb.triggers.responseSignatures(id)!;
  const canonical = triggerCanonicalBytes(t);
  wb.triggers.signResponse(id, partnerId, { revision, deviceKey: toBase64Url(device.signPublicKey), signature: toBase64Url(signAgreement(device, canonical)), contentHash: 'AA' });
}

function states(wb: Workbook, id: string): string[] {
  return triggerResponseStatus(wb.triggers.get(id)!, wb.triggers.responseSignatures(id)!, verify, { partners: [A, B] }).map((s) => s.state);
}

describe('a trigger’s agreed response is co-signed', () => {
  it('is unsigned until both sign, signed when both have, and void for both after any edit', () => {
    const [da, db] = [new Y.Doc({ gc: false }), new Y.Doc({ gc: false })];
    const [wa, wb] = [new Workbook(da, { now: fixedClock() }), new Workbook(db, { now: fixedClock() })];
    const t = wa.triggers.add({ trigger: 'Phone face down', whatHappens: 'I spiral', agreedResponse: 'Say who it is' }, A);
    expect(states(wa, t.id)).toEqual(['unsigned', 'unsigned']);
    signAs(wa, t.id, A);
    expect(states(wa, t.id)).toEqual(['signed', 'unsigned']);
    exchange(da, db);
    signAs(wb, t.id, B);
    exchange(da, db);
    expect(states(wa, t.id)).toEqual(['signed', 'signed']);

    wb.triggers.update(t.id, B, { agreedResponse: 'Show the screen' });
    exchange(da, db);
    expect(states(wa, t.id)).toEqual(['void', 'void']);
    expect(changesSinceResponseSigned(wa.triggers.get(t.id)!, wa.triggers.responseSignatures(t.id)!, A, verify)).toEqual([
      { field: 'agreedResponse', before: 'Say who it is', after: 'Show the screen' },
    ]);
  });

  it('saving the same words is no edit and voids nothing', () => {
    const wb = new Workbook(new Y.Doc({ gc: false }), { now: fixedClock() });
    const t = wb.triggers.add({ trigger: 'Late home', agreedResponse: 'Text first' }, A);
    signAs(wb, t.id, A);
    wb.triggers.update(t.id, B, { trigger: 'Late home', agreedResponse: 'Text first' });
    expect(states(wb, t.id)).toEqual(['signed', 'unsigned']);
  });

  it('refuses a signature of a revision the signer did not read', () => {
    const wb = new Workbook(new Y.Doc({ gc: false }), { now: fixedClock() });
    const t = wb.triggers.add({ trigger: 'Late home', agreedResponse: 'Text first' }, A);
    const { revision } = wb.triggers.responseSignatures(t.id)!;
    wb.triggers.update(t.id, B, { agreedResponse: 'Call first' });
    const device = devices[A]!;
    expectInvalid(
      () => wb.triggers.signResponse(t.id, A, { revision, deviceKey: toBase64Url(device.signPublicKey), signature: toBase64Url(signAgreement(device, triggerCanonicalBytes(t))), contentHash: 'AA' }),
      'revision',
      'stale',
    );
  });

  it('a signature by the partner’s device, or over other words, never counts', () => {
    const wb = new Workbook(new Y.Doc({ gc: false }), { now: fixedClock() });
    const t = wb.triggers.add({ trigger: 'Late home', agreedResponse: 'Text first' }, A);
    // B writes a signature under A's name with B's own device: the verifier refuses it.
    signAs(wb, t.id, A, devices[B]);
    expect(states(wb, t.id)).toEqual(['void', 'unsigned']);
    // A signature over an agreement's bytes is never a trigger's (different context string).
    const { revision } = wb.triggers.responseSignatures(t.id)!;
    const device = devices[A]!;
    const other = agreementCanonicalBytes({ id: t.id, kind: 'time-out', title: 'x', fields: { signal: 's', returnAfterMinutes: 20, selfSoothing: 'w' } });
    wb.triggers.signResponse(t.id, A, { revision, deviceKey: toBase64Url(device.signPublicKey), signature: toBase64Url(signAgreement(device, other)), contentHash: 'AA' });
    expect(states(wb, t.id)).toEqual(['void', 'unsigned']);
  });

  it('a trigger from before co-signatures can be signed', () => {
    const doc = new Y.Doc({ gc: false });
    const wb = new Workbook(doc, { now: fixedClock() });
    const t = wb.triggers.add({ trigger: 'Late home', agreedResponse: 'Text first' }, A);
    const fields = doc.getMap('triggers').get(t.id) as Y.Map<unknown>;
    fields.delete('responseRevision');
    fields.delete('responseSignatures');
    signAs(wb, t.id, A);
    signAs(wb, t.id, B);
    expect(states(wb, t.id)).toEqual(['signed', 'signed']);
  });
});

describe('a trigger’s repair sequence (issue 17, part 3)', () => {
  it('is co-signed with the response: both sign the apology, reassurance and commitment, and an edit of any step voids both', () => {
    const [da, db] = [new Y.Doc({ gc: false }), new Y.Doc({ gc: false })];
    const [wa, wb] = [new Workbook(da, { now: fixedClock() }), new Workbook(db, { now: fixedClock() })];
    const t = wa.triggers.add(
      { trigger: 'Phone face down', agreedResponse: 'Say who it is', apology: 'I am sorry I hid it.', reassurance: 'It was work; you are safe with me.', commitment: 'We keep phones face up at dinner.' },
      A,
    );
    expect(wa.triggers.get(t.id)).toMatchObject({ apology: 'I am sorry I hid it.', commitment: 'We keep phones face up at dinner.' });
    signAs(wa, t.id, A);
    exchange(da, db);
    signAs(wb, t.id, B);
    exchange(da, db);
    expect(states(wa, t.id)).toEqual(['signed', 'signed']);

    wb.triggers.update(t.id, B, { commitment: 'We put phones in the basket at dinner.' });
    exchange(da, db);
    expect(states(wa, t.id)).toEqual(['void', 'void']);
    expect(changesSinceResponseSigned(wa.triggers.get(t.id)!, wa.triggers.responseSignatures(t.id)!, A, verify)).toEqual([
      { field: 'commitment', before: 'We keep phones face up at dinner.', after: 'We put phones in the basket at dinner.' },
    ]);
  });

  it('keeps a response agreed before sequences existed agreed, and voids it once a step is written', () => {
    const wb = new Workbook(new Y.Doc({ gc: false }), { now: fixedClock() });
    const t = wb.triggers.add({ trigger: 'Late home', agreedResponse: 'Text first' }, A);
    // Without a sequence the signed bytes are the v1 bytes: what older app versions signed.
    expect(new TextDecoder().decode(triggerCanonicalBytes(wb.triggers.get(t.id)!))).toBe(JSON.stringify(['securebase/trigger-response/v1', t.id, 'Late home', '', 'Text first']));
    signAs(wb, t.id, A);
    signAs(wb, t.id, B);
    expect(states(wb, t.id)).toEqual(['signed', 'signed']);
    wb.triggers.update(t.id, B, { apology: 'Sorry I did not text.' });
    expect(states(wb, t.id)).toEqual(['void', 'void']);
    expect(changesSinceResponseSigned(wb.triggers.get(t.id)!, wb.triggers.responseSignatures(t.id)!, A, verify)).toEqual([
      { field: 'apology', before: '', after: 'Sorry I did not text.' },
    ]);
  });

  it('reads a trigger stored without steps as having an empty sequence, and refuses an overlong step', () => {
    const doc = new Y.Doc({ gc: false });
    const wb = new Workbook(doc, { now: fixedClock() });
    const t = wb.triggers.add({ trigger: 'Late home' }, A);
    const fields = doc.getMap('triggers').get(t.id) as Y.Map<unknown>;
    doc.transact(() => {
      for (const key of ['apology', 'reassurance', 'commitment']) fields.delete(key);
    });
    expect(wb.triggers.get(t.id)).toMatchObject({ apology: '', reassurance: '', commitment: '' });
    expectInvalid(() => wb.triggers.update(t.id, A, { reassurance: 'x'.repeat(5_000) }), 'reassurance', 'too-long');
  });
});
