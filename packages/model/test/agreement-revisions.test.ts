/**
 * Co-signatures tied to a revision (issue 11, finding 3): after an edit, a partner's earlier
 * signature reads "agreed to an earlier version", and what changed since can be shown — read
 * from the words their signature covers, so nobody can fake what was agreed.
 */
import { toBase64Url } from '@securebase/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateDeviceKeys, readyCrypto, signAgreement, verifyAgreementSignature, type DeviceKeys } from '@securebase/crypto';
import { Workbook, agreementCanonicalBytes, changesSinceSigned, type AgreementVerifier } from '@securebase/model';
import { A, B, exchange, fixedClock } from './helpers.js';

let devices: Record<string, DeviceKeys>;
const verify: AgreementVerifier = (deviceKey, canonical, signature, partnerId) =>
  toBase64Url(devices[partnerId]!.signPublicKey) === toBase64Url(deviceKey) && verifyAgreementSignature(deviceKey, canonical, signature);

beforeAll(async () => {
  await readyCrypto();
  devices = { [A]: generateDeviceKeys(), [B]: generateDeviceKeys() };
});

function signAs(wb: Workbook, id: string, partnerId: string): void {
  const agreement = wb.agreements.get(id)!;
  const canonical = agreementCanonicalBytes(agreement);
  const device = devices[partnerId]!;
  wb.agreements.sign(id, partnerId, { revision: agreement.revision, deviceKey: toBase64Url(device.signPublicKey), signature: toBase64Url(signAgreement(device, canonical)), contentHash: 'AA' });
}

describe('changes since a partner signed', () => {
  it('lists what changed since the earlier version each partner agreed to', () => {
    const wb = new Workbook(new Y.Doc({ gc: false }), { now: fixedClock() });
    const a = wb.agreements.add({ kind: 'time-out', fields: { signal: 'pause', returnAfterMinutes: 20, selfSoothing: 'a walk' } }, A);
    signAs(wb, a.id, A);
    signAs(wb, a.id, B);
    expect(changesSinceSigned(wb.agreements.get(a.id)!, A, verify)).toBeUndefined();
    wb.agreements.setField(a.id, B, 'returnAfterMinutes', 45);
    wb.agreements.setTitle(a.id, B, 'Our pause');
    const now = wb.agreements.get(a.id)!;
    expect(changesSinceSigned(now, A, verify)).toEqual([
      { field: 'title', before: a.title, after: 'Our pause' },
      { field: 'returnAfterMinutes', before: 20, after: 45 },
    ]);
  });

  it('shows which fields the other partner edited, before and after', () => {
    const [da, db] = [new Y.Doc({ gc: false }), new Y.Doc({ gc: false })];
    const bindings = new Map([
      [da.clientID, A],
      [db.clientID, B],
    ]);
    const opts = { now: fixedClock(), authorOfClient: (c: number) => bindings.get(c) };
    const [wa, wb] = [new Workbook(da, opts), new Workbook(db, opts)];
    const a = wa.agreements.add({ kind: 'time-out', fields: { signal: 'pause', returnAfterMinutes: 20, selfSoothing: 'a walk' } }, A);
    exchange(da, db);
    wb.agreements.setField(a.id, B, 'returnAfterMinutes', 45);
    wb.agreements.setTitle(a.id, B, 'Our pause');
    exchange(da, db);
    expect(wa.agreements.history(a.id)!.edits.map((e) => [e.field, e.by.partnerId, e.before, e.after])).toEqual([
      ['title', B, a.title, 'Our pause'],
      ['fields.returnAfterMinutes', B, 20, 45],
    ]);
  });

  it('says nothing about a signature whose kept words were tampered with', () => {
    const doc = new Y.Doc({ gc: false });
    const wb = new Workbook(doc, { now: fixedClock() });
    const a = wb.agreements.add({ kind: 'time-out', fields: { signal: 'pause', returnAfterMinutes: 20, selfSoothing: 'a walk' } }, A);
    signAs(wb, a.id, A);
    wb.agreements.setField(a.id, B, 'returnAfterMinutes', 45);
    const sigs = (doc.getMap('agreements').get(a.id) as Y.Map<unknown>).get('signatures') as Y.Map<unknown>;
    const sig = sigs.get(A) as Record<string, unknown>;
    sigs.set(A, { ...sig, content: String(sig['content']).replace('20', '45') });
    expect(changesSinceSigned(wb.agreements.get(a.id)!, A, verify)).toBeUndefined();
  });
});
