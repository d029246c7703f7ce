import { toBase64Url } from '@securebase/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  generateDeviceKeys,
  hashBytes,
  readyCrypto,
  signAgreement,
  verifyAgreementSignature,
  type DeviceKeys,
} from '@securebase/crypto';
import {
  AGREEMENT_KINDS,
  AGREEMENT_TEMPLATES,
  Workbook,
  agreementCanonicalBytes,
  isFullySigned,
  signatureStatus,
  type Agreement,
  type AgreementVerifier,
} from '@securebase/model';
import { A, B, exchange, expectInvalid, fixedClock } from './helpers.js';

let devices: Record<string, DeviceKeys>;
// The real check the app injects: crypto's verify, plus "this device belongs to that partner".
const verify: AgreementVerifier = (deviceKey, canonical, signature, partnerId) => {
  const device = devices[partnerId];
  return !!device && toBase64Url(device.signPublicKey) === toBase64Url(deviceKey) && verifyAgreementSignature(deviceKey, canonical, signature);
};

beforeAll(async () => {
  await readyCrypto();
  devices = { [A]: generateDeviceKeys(), [B]: generateDeviceKeys() };
});

function signAs(wb: Workbook, id: string, partnerId: string): void {
  const agreement = wb.agreements.get(id)!;
  const canonical = agreementCanonicalBytes(agreement);
  const device = devices[partnerId]!;
  wb.agreements.sign(id, partnerId, {
    revision: agreement.revision,
    deviceKey: toBase64Url(device.signPublicKey),
    signature: toBase64Url(signAgreement(device, canonical)),
    contentHash: toBase64Url(hashBytes(canonical)),
  });
}

const states = (a: Agreement): string[] => signatureStatus(a, verify, { partners: [A, B], hash: hashBytes }).map((s) => s.state);

describe('agreement templates', () => {
  it('has a template with labelled fields and warm defaults for every kind', () => {
    const wb = new Workbook(new Y.Doc());
    for (const kind of AGREEMENT_KINDS) {
      const template = AGREEMENT_TEMPLATES[kind];
      expect(template.fields.length).toBeGreaterThan(0);
      for (const f of template.fields) expect(f.label.length * f.hint.length).toBeGreaterThan(0);
      const a = wb.agreements.add({ kind }, A);
      expect(a).toMatchObject({ kind, title: template.defaultTitle, fields: template.defaults, signatures: {} });
      expect(wb.agreements.get(a.id)).toEqual(a);
    }
    const ritual = wb.agreements.list().find((a) => a.kind === 'repair-ritual')!;
    expect(Object.keys(ritual.fields)).toEqual(['apology', 'reassurance', 'calmingActivity', 'commitment']);
  });

  it('validates fields against the kind’s template', () => {
    const wb = new Workbook(new Y.Doc());
    expectInvalid(() => wb.agreements.add({ kind: 'promise' as never }, A), 'kind', 'invalid-value');
    expectInvalid(() => wb.agreements.add({ kind: 'time-out', title: ' ' }, A), 'title', 'required');
    expectInvalid(() => wb.agreements.add({ kind: 'time-out', fields: { returnAfterMinutes: 2 } }, A), 'returnAfterMinutes', 'invalid-value');
    expectInvalid(() => wb.agreements.add({ kind: 'time-out', fields: { returnAfterMinutes: 30.5 } }, A), 'returnAfterMinutes', 'invalid-value');
    expectInvalid(() => wb.agreements.add({ kind: 'check-in-rhythm', fields: { time: '25:00' } }, A), 'time', 'invalid-value');
    expectInvalid(() => wb.agreements.add({ kind: 'check-in-rhythm', fields: { day: 'someday' as never } }, A), 'day', 'invalid-value');
    expectInvalid(() => wb.agreements.add({ kind: 'de-escalation', fields: { steps: [' ', ''] } }, A), 'steps', 'required');
    expectInvalid(() => wb.agreements.add({ kind: 'de-escalation', fields: { steps: Array(13).fill('x') as string[] } }, A), 'steps', 'too-long');
    const a = wb.agreements.add({ kind: 'de-escalation', fields: { steps: [' breathe ', '', 'listen'] } }, A);
    expect(a.fields).toEqual({ steps: ['breathe', 'listen'] });
    expectInvalid(() => wb.agreements.setField(a.id, A, 'apology', 'sorry'), 'field', 'invalid-value');
    expectInvalid(() => wb.agreements.setField('missing', A, 'steps', ['x']), 'id', 'unknown-id');
    expectInvalid(() => wb.agreements.setField(a.id, A, 'steps', 'not a list'), 'steps', 'invalid-value');
  });
});

describe('co-signing', () => {
  it('is signed once both sign, void after any edit, and signed again once both re-affirm', () => {
    const wb = new Workbook(new Y.Doc(), { now: fixedClock() });
    const a = wb.agreements.add({ kind: 'repair-ritual' }, A);
    expect(states(wb.agreements.get(a.id)!)).toEqual(['unsigned', 'unsigned']);
    signAs(wb, a.id, A);
    expect(states(wb.agreements.get(a.id)!)).toEqual(['signed', 'unsigned']);
    signAs(wb, a.id, B);
    expect(states(wb.agreements.get(a.id)!)).toEqual(['signed', 'signed']);
    expect(isFullySigned(wb.agreements.get(a.id)!, verify, [A, B])).toBe(true);

    wb.agreements.setField(a.id, B, 'calmingActivity', 'Make tea together');
    const edited = wb.agreements.get(a.id)!;
    expect(states(edited)).toEqual(['void', 'void']);
    expect(isFullySigned(edited, verify, [A, B])).toBe(false);
    // The void signatures stay visible: the screen can say "signed, then changed".
    expect(Object.keys(edited.signatures).sort()).toEqual([A, B]);

    signAs(wb, a.id, A);
    expect(states(wb.agreements.get(a.id)!)).toEqual(['signed', 'void']);
    signAs(wb, a.id, B);
    expect(states(wb.agreements.get(a.id)!)).toEqual(['signed', 'signed']);

    wb.agreements.setTitle(a.id, A, 'How we repair');
    expect(states(wb.agreements.get(a.id)!)).toEqual(['void', 'void']);
  });

  it('saving unchanged words does not void signatures', () => {
    const wb = new Workbook(new Y.Doc());
    const a = wb.agreements.add({ kind: 'time-out' }, A);
    signAs(wb, a.id, A);
    wb.agreements.setField(a.id, B, 'returnAfterMinutes', 30);
    wb.agreements.setTitle(a.id, B, a.title);
    wb.agreements.setField(a.id, B, 'signal', ` ${a.fields.signal} `);
    expect(states(wb.agreements.get(a.id)!)).toEqual(['signed', 'unsigned']);
  });

  it('refuses a signature over a revision that is no longer current', () => {
    const wb = new Workbook(new Y.Doc());
    const a = wb.agreements.add({ kind: 'time-out' }, A);
    const stale = wb.agreements.get(a.id)!;
    wb.agreements.setField(a.id, B, 'returnAfterMinutes', 45);
    const canonical = agreementCanonicalBytes(stale);
    expectInvalid(
      () =>
        wb.agreements.sign(a.id, A, {
          revision: stale.revision,
          deviceKey: toBase64Url(devices[A]!.signPublicKey),
          signature: toBase64Url(signAgreement(devices[A]!, canonical)),
          contentHash: toBase64Url(hashBytes(canonical)),
        }),
      'revision',
      'stale',
    );
    expect(wb.agreements.get(a.id)!.signatures).toEqual({});
  });

  it('voids a signature when a concurrent edit merges in after it', () => {
    const [da, db] = [new Y.Doc(), new Y.Doc()];
    const [wa, wb] = [new Workbook(da), new Workbook(db)];
    const a = wa.agreements.add({ kind: 'secure-base-script' }, A);
    exchange(da, db);
    signAs(wa, a.id, A); // A signs what A sees...
    wb.agreements.setField(a.id, B, 'script', 'I am here. We are okay.'); // ...while B edits.
    exchange(da, db);
    const merged = wa.agreements.get(a.id)!;
    expect(wb.agreements.get(a.id)).toEqual(merged);
    expect(merged.fields).toMatchObject({ script: 'I am here. We are okay.' });
    expect(states(merged)[0]).toBe('void');
  });

  it('tampering: changed content, forged or misattributed signatures, wrong hash all read void', () => {
    const doc = new Y.Doc();
    const wb = new Workbook(doc);
    const a = wb.agreements.add({ kind: 'time-out' }, A);
    signAs(wb, a.id, A);
    signAs(wb, a.id, B);
    const fields = doc.getMap('agreements').get(a.id) as Y.Map<unknown>;
    const sigs = fields.get('signatures') as Y.Map<Record<string, unknown>>;
    const good = wb.agreements.get(a.id)!;

    // A peer rewrites a field directly in the CRDT, keeping the revision.
    (fields.get('fields') as Y.Map<unknown>).set('returnAfterMinutes', 200);
    expect(states(wb.agreements.get(a.id)!)).toEqual(['void', 'void']);
    (fields.get('fields') as Y.Map<unknown>).set('returnAfterMinutes', 30);
    expect(states(wb.agreements.get(a.id)!)).toEqual(['signed', 'signed']);

    // B's signature copied under A's name (wrong device for A).
    sigs.set(A, { ...sigs.get(B)! });
    expect(states(wb.agreements.get(a.id)!)).toEqual(['void', 'signed']);
    // A flipped signature byte.
    const sigA = good.signatures[A]!;
    const flipped = Uint8Array.from(Buffer.from(sigA.signature, 'base64url'));
    flipped[0] = flipped[0]! ^ 1;
    sigs.set(A, { ...sigA, signature: toBase64Url(flipped) });
    expect(states(wb.agreements.get(a.id)!)).toEqual(['void', 'signed']);
    // A wrong content hash (signature itself fine).
    sigs.set(A, { ...sigA, contentHash: toBase64Url(new Uint8Array(32)) });
    expect(states(wb.agreements.get(a.id)!)).toEqual(['void', 'signed']);
    // Without the hash option the signature alone decides.
    expect(signatureStatus(wb.agreements.get(a.id)!, verify).map((s) => s.state)).toEqual(['signed', 'signed']);
    // Malformed signature entries are dropped on read: 'unsigned', never 'signed'.
    sigs.set(A, { ...sigA, signature: 12 } as never);
    expect(states(wb.agreements.get(a.id)!)).toEqual(['unsigned', 'signed']);
  });

  it('canonical bytes are deterministic and cover id, kind, title and every field', () => {
    const wb = new Workbook(new Y.Doc());
    const a = wb.agreements.add({ kind: 'check-in-rhythm' }, A);
    const bytes = agreementCanonicalBytes(a);
    expect(agreementCanonicalBytes({ ...a, signatures: { x: a.signatures[A]! } } as Agreement)).toEqual(bytes);
    expect(agreementCanonicalBytes(structuredClone(a))).toEqual(bytes);
    expect(agreementCanonicalBytes({ ...a, title: 'x' })).not.toEqual(bytes);
    expect(agreementCanonicalBytes({ ...a, id: 'other' })).not.toEqual(bytes);
    expect(agreementCanonicalBytes({ ...a, fields: { ...a.fields, time: '08:00' } } as Agreement)).not.toEqual(bytes);
  });

  it('refuses malformed signature input', () => {
    const wb = new Workbook(new Y.Doc());
    const a = wb.agreements.add({ kind: 'time-out' }, A);
    const base = { revision: a.revision, deviceKey: 'abc', signature: 'abc', contentHash: 'abc' };
    expectInvalid(() => wb.agreements.sign(a.id, A, { ...base, signature: 'not base64url!' }), 'signature', 'invalid-value');
    expectInvalid(() => wb.agreements.sign(a.id, A, { ...base, deviceKey: '' }), 'deviceKey', 'invalid-value');
    expectInvalid(() => wb.agreements.sign('missing', A, base), 'id', 'unknown-id');
    wb.agreements.sign(a.id, A, base);
    wb.agreements.withdrawSignature(a.id, A);
    expect(wb.agreements.get(a.id)!.signatures).toEqual({});
  });
});

describe('a field the template gained later (the repair ritual’s commitment)', () => {
  it('is in a new ritual, and an older ritual without it still reads, keeps its signatures, and signs the same bytes', () => {
    const doc = new Y.Doc({ gc: false });
    const wb = new Workbook(doc, { now: fixedClock() });
    const fresh = wb.agreements.add({ kind: 'repair-ritual' }, A);
    expect(fresh.kind === 'repair-ritual' && fresh.fields.commitment).toBe(AGREEMENT_TEMPLATES['repair-ritual'].defaults.commitment);

    // A ritual written before the field existed: the same map without `commitment`.
    const old = wb.agreements.add({ kind: 'repair-ritual' }, A);
    const fields = (doc.getMap('agreements').get(old.id) as Y.Map<unknown>).get('fields') as Y.Map<unknown>;
    doc.transact(() => fields.delete('commitment'));
    const read = wb.agreements.get(old.id)!;
    expect(read).toBeDefined();
    const commitmentOf = (a: Agreement | undefined): string | undefined => (a?.kind === 'repair-ritual' ? a.fields.commitment : 'not a ritual');
    expect(commitmentOf(read)).toBeUndefined();
    // Its signed bytes are what an app without the field signed: no trace of it.
    expect(new TextDecoder().decode(agreementCanonicalBytes(read))).not.toContain('commitment');
    expect(new TextDecoder().decode(agreementCanonicalBytes(fresh))).toContain('commitment');
    signAs(wb, old.id, A);
    signAs(wb, old.id, B);
    expect(states(wb.agreements.get(old.id)!)).toEqual(['signed', 'signed']);

    wb.agreements.setField(old.id, B, 'commitment', 'We say it sooner.');
    expect(states(wb.agreements.get(old.id)!)).toEqual(['void', 'void']);
    expect(commitmentOf(wb.agreements.get(old.id))).toBe('We say it sooner.');
    expect(new TextDecoder().decode(agreementCanonicalBytes(wb.agreements.get(old.id)!))).toContain('We say it sooner.');
    expectInvalid(() => wb.agreements.setField(old.id, B, 'commitment', '  '), 'commitment', 'required');
  });
});
