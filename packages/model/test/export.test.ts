import { toBase64Url } from '@securebase/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commitToAnswers, generateDeviceKeys, readyCrypto, signAgreement, verifyAgreementSignature, hashBytes } from '@securebase/crypto';
import { SECTIONS, Workbook, agreementCanonicalBytes, checkInAnswerBytes, triggerCanonicalBytes } from '@securebase/model';
import { A, B } from './helpers.js';

beforeAll(readyCrypto);

describe('a trigger’s response in the export', () => {
  it('is "our agreed response" only once both partners signed the words as they read now', () => {
    const wb = new Workbook(new Y.Doc({ gc: false }), { now: () => Date.UTC(2025, 2, 2) });
    wb.members.setName(A, 'Sam');
    wb.members.setName(B, 'Alex');
    const keys: Record<string, ReturnType<typeof generateDeviceKeys>> = { [A]: generateDeviceKeys(), [B]: generateDeviceKeys() };
    const verify = (k: Uint8Array, c: Uint8Array, s: Uint8Array, p: string): boolean =>
      toBase64Url(keys[p]!.signPublicKey) === toBase64Url(k) && verifyAgreementSignature(k, c, s);
    const t = wb.triggers.add({ trigger: 'Phone face down', agreedResponse: 'Show the screen' }, B);
    const sign = (partnerId: string): void => {
      const canonical = triggerCanonicalBytes(wb.triggers.get(t.id)!);
      wb.triggers.signResponse(t.id, partnerId, {
        revision: wb.triggers.responseSignatures(t.id)!.revision,
        deviceKey: toBase64Url(keys[partnerId]!.signPublicKey),
        signature: toBase64Url(signAgreement(keys[partnerId]!, canonical)),
        contentHash: toBase64Url(hashBytes(canonical)),
      });
    };
    sign(B);
    expect(wb.toMarkdown({ viewer: A, verifyAgreement: verify })).toContain('  - Proposed response (agreed by Alex so far): Show the screen');
    sign(A);
    expect(wb.toJSON({ verifyAgreement: verify }).triggers[0]!.responseAgreedBy.map((p) => p.name)).toEqual([A, B].sort().map((p) => (p === A ? 'Sam' : 'Alex')));
    expect(wb.toMarkdown({ viewer: A, verifyAgreement: verify })).toContain('  - Our agreed response: Show the screen');
    wb.triggers.update(t.id, A, { agreedResponse: 'Show the screen, and say who it is' });
    expect(wb.toMarkdown({ viewer: A, verifyAgreement: verify })).toContain('  - Proposed response (not agreed yet): Show the screen, and say who it is');
  });
});

describe('export of every section', () => {
  it('has exactly the section keys, fills each, and renders every section in Markdown', () => {
    const wb = new Workbook(new Y.Doc(), { now: () => Date.UTC(2025, 2, 2) });
    wb.members.setName(A, 'Sam');
    wb.members.setName(B, 'Alex');
    wb.vocabulary.add({ term: 'pause', category: 'signal', meaning: 'Would it help if we pause?' }, A);
    const b = wb.boundaries.add({ topic: 'Late-night talks', answer: { preference: 'no', note: 'I need sleep' } }, A);
    wb.boundaries.setAnswer(b.id, B, { preference: 'maybe' });
    const p = new Y.XmlElement('paragraph');
    const t = new Y.XmlText();
    t.insert(0, 'It started in spring.');
    p.insert(0, [t]);
    wb.narrative.perspectiveFragment('what-happened', B).insert(0, [p]);
    const device = generateDeviceKeys();
    const ag = wb.agreements.add({ kind: 'de-escalation', fields: { steps: ['Pause', 'Breathe'] } }, A);
    const canonical = agreementCanonicalBytes(ag);
    wb.agreements.sign(ag.id, A, {
      revision: ag.revision,
      deviceKey: toBase64Url(device.signPublicKey),
      signature: toBase64Url(signAgreement(device, canonical)),
      contentHash: toBase64Url(hashBytes(canonical)),
    });
    wb.triggers.add({ trigger: 'Phone face down', agreedResponse: 'Show the screen' }, B);
    const open = wb.checkins.create({ date: '2025-03-02' }, A);
    wb.checkins.setEntry(open.id, A, { safety: 4, closeness: 4, stress: 2, appreciation: 'Dinner', need: '' });
    const sealed = wb.checkins.create({ date: '2025-03-03', reveal: 'simultaneous' }, A);
    wb.checkins.commit(sealed.id, A, toBase64Url(commitToAnswers(checkInAnswerBytes({ safety: 1, closeness: 1, stress: 5, appreciation: '', need: '' })).commitment));
    wb.wins.add({ text: 'We laughed', kind: 'win' }, B);
    wb.reframes.add({ thought: 'They are pulling away', reframe: 'They are tired' }, A);
    wb.inbox.add({ text: 'Talk about holidays', kind: 'checkin' }, B);

    const json = wb.toJSON({ viewer: A, verifyAgreement: (k, c, s) => verifyAgreementSignature(k, c, s) });
    expect(Object.keys(json)).toEqual([...SECTIONS]);
    for (const section of SECTIONS) expect(json[section].length).toBeGreaterThan(0);
    expect(json.boundaries[0]!.answers.map((a) => [a.name, a.preference])).toEqual([
      ['Sam', 'no'],
      ['Alex', 'maybe'],
    ]);
    expect(json.agreements[0]).toMatchObject({ fields: { steps: ['Pause', 'Breathe'] }, signedBy: [{ partnerId: A, name: 'Sam' }] });
    expect(json.checkins.map((c) => c.entries.length)).toEqual([1, 0]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);

    const md = wb.toMarkdown({ viewer: A });
    expect(md).not.toContain('Nothing here yet.');
    for (const expected of [
      '- **Late-night talks** (includes a no)\n  - Sam: **no**: I need sleep\n  - Alex: **maybe**',
      '### What happened\n\nAlex wrote:\n\n> It started in spring.',
      '- **When things get heated** (De-escalation script), affirmed by Sam\n  - Our steps:\n    1. Pause\n    2. Breathe',
      '- **Phone face down**\n  - Proposed response (not agreed yet): Show the screen',
      '- 2025-03-02\n  - Sam: safety 4/5, closeness 4/5, stress 2/5\n    - Appreciation: Dinner',
      '- 2025-03-03 (simultaneous reveal)\n  - No answers to show yet.',
      '- Small win, 2025-03-02: We laughed',
      '- **They are pulling away**\n  - Reframe: They are tired',
    ]) {
      expect(md).toContain(expected);
    }
  });
});
