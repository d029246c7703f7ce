/**
 * Property test: two partners, each on their own replica, make random concurrent edits to
 * EVERY section, exchanging updates at random points. After every step each replica's reads
 * never throw and the invariants hold; after a final exchange both replicas export the same
 * workbook. fast-check prints the seed and the shrunk operation list on failure.
 */
import { toBase64Url } from '@securebase/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import {
  commitToAnswers,
  generateDeviceKeys,
  hashBytes,
  readyCrypto,
  signAgreement,
  verifyAgreementSignature,
  verifyAnswerCommitment,
  type DeviceKeys,
} from '@securebase/crypto';
import {
  AGREEMENT_KINDS,
  CONSENT_PREFERENCES,
  ModelValidationError,
  NARRATIVE_PARTS,
  SECTIONS,
  WIN_KINDS,
  Workbook,
  agreementCanonicalBytes,
  checkInAnswerBytes,
  revealPhase,
  signatureStatus,
  type AgreementVerifier,
  type CheckInAnswers,
  type Rating,
} from '@securebase/model';
import { visibleEntries } from '@securebase/model/testing';
import { A, B, exchange } from './helpers.js';

const PARTNERS = [A, B] as const;
let devices: Record<string, DeviceKeys>;
const verify: AgreementVerifier = (deviceKey, canonical, signature, partnerId) =>
  toBase64Url(devices[partnerId]!.signPublicKey) === toBase64Url(deviceKey) && verifyAgreementSignature(deviceKey, canonical, signature);

beforeAll(async () => {
  await readyCrypto();
  devices = { [A]: generateDeviceKeys(), [B]: generateDeviceKeys() };
});

type Op =
  | { t: 'vocab'; text: string }
  | { t: 'meaning'; pick: number; text: string }
  | { t: 'note'; text: string }
  | { t: 'boundary'; text: string; pref: number }
  | { t: 'answer'; pick: number; pref: number }
  | { t: 'clearAnswer'; pick: number }
  | { t: 'removeBoundary'; pick: number }
  | { t: 'type'; part: number; at: number; text: string }
  | { t: 'erase'; part: number; at: number; len: number }
  | { t: 'ack'; part: number; text: string }
  | { t: 'agreement'; kind: number }
  | { t: 'setField'; pick: number; text: string }
  | { t: 'sign'; pick: number }
  | { t: 'withdraw'; pick: number }
  | { t: 'removeAgreement'; pick: number }
  | { t: 'trigger'; text: string }
  | { t: 'editTrigger'; pick: number; text: string }
  | { t: 'checkin'; day: number; simultaneous: boolean }
  | { t: 'entry'; pick: number; r: number }
  | { t: 'commit'; pick: number; r: number }
  | { t: 'reveal'; pick: number }
  | { t: 'removeCheckin'; pick: number }
  | { t: 'win'; text: string; kind: number }
  | { t: 'removeWin'; pick: number }
  | { t: 'reframe'; text: string }
  | { t: 'editReframe'; pick: number; text: string }
  | { t: 'name'; text: string }
  | { t: 'exchange' };

const text = fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim().length > 0);
const n = fc.nat({ max: 1000 });
// Weighted so that both partners often touch the same item between two exchanges: that is
// where a merge can lose or mix up someone's words.
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant('vocab' as const), text }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('meaning' as const), pick: n, text }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('note' as const), text }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('boundary' as const), text, pref: n }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('answer' as const), pick: n, pref: n }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('clearAnswer' as const), pick: n }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('removeBoundary' as const), pick: n }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('type' as const), part: n, at: n, text }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('erase' as const), part: n, at: n, len: fc.nat({ max: 5 }) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('ack' as const), part: n, text }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('agreement' as const), kind: n }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('setField' as const), pick: n, text }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('sign' as const), pick: n }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('withdraw' as const), pick: n }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('removeAgreement' as const), pick: n }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('trigger' as const), text }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('editTrigger' as const), pick: n, text }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('checkin' as const), day: fc.nat({ max: 27 }), simultaneous: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('entry' as const), pick: n, r: n }), weight: 4 },
  { arbitrary: fc.record({ t: fc.constant('commit' as const), pick: n, r: n }), weight: 4 },
  { arbitrary: fc.record({ t: fc.constant('reveal' as const), pick: n }), weight: 4 },
  { arbitrary: fc.record({ t: fc.constant('removeCheckin' as const), pick: n }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('win' as const), text, kind: n }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('removeWin' as const), pick: n }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('reframe' as const), text }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('editReframe' as const), pick: n, text }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('name' as const), text }), weight: 1 },
  { arbitrary: fc.constant({ t: 'exchange' as const }), weight: 5 },
);

/** One partner's replica, plus what only that partner knows (salts of its own commitments). */
interface Replica {
  me: string;
  doc: Y.Doc;
  wb: Workbook;
  held: Map<string, { answers: CheckInAnswers; salt: string }>;
  /** Open check-in answers this partner last wrote, by check-in id. */
  entries: Map<string, CheckInAnswers>;
}

const pickOf = <T>(items: T[], i: number): T | undefined => items[i % Math.max(1, items.length)];
const answersOf = (r: number): CheckInAnswers => ({
  safety: ((r % 5) + 1) as Rating,
  closeness: (((r >> 3) % 5) + 1) as Rating,
  stress: (((r >> 6) % 5) + 1) as Rating,
  appreciation: `a${r}`,
  need: '',
});

/** Runs a write the rules may refuse; a refusal must be one of the rule reasons, nothing else. */
function mayRefuse(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ModelValidationError) || !['not-allowed', 'stale'].includes(err.reason)) throw err;
  }
}

function apply(r: Replica, op: Op): void {
  const { wb, me } = r;
  switch (op.t) {
    case 'vocab':
      wb.vocabulary.add({ term: op.text, category: 'signal' }, me);
      return;
    case 'meaning': {
      const e = pickOf(wb.vocabulary.list(), op.pick);
      if (e) wb.vocabulary.setMeaning(e.id, me, op.text);
      return;
    }
    case 'note':
      wb.inbox.add({ text: op.text }, me);
      return;
    case 'boundary':
      wb.boundaries.add({ topic: op.text, answer: { preference: CONSENT_PREFERENCES[op.pref % 4]! } }, me);
      return;
    case 'answer': {
      const b = pickOf(wb.boundaries.list(), op.pick);
      if (b) wb.boundaries.setAnswer(b.id, me, { preference: CONSENT_PREFERENCES[op.pref % 4]! });
      return;
    }
    case 'clearAnswer': {
      const b = pickOf(wb.boundaries.list(), op.pick);
      if (b) wb.boundaries.clearAnswer(b.id, me);
      return;
    }
    case 'removeBoundary': {
      const b = pickOf(wb.boundaries.list(), op.pick);
      if (b) mayRefuse(() => wb.boundaries.remove(b.id, me));
      return;
    }
    case 'type': {
      const fragment = wb.narrative.perspectiveFragment(NARRATIVE_PARTS[op.part % 3]!, me);
      const paragraphs = fragment.toArray();
      const target = paragraphs[op.at % Math.max(1, paragraphs.length)];
      if (target instanceof Y.XmlElement && op.at % 3 !== 0) {
        const t = target.get(0);
        if (t instanceof Y.XmlText) t.insert(op.at % (t.length + 1), op.text, op.at % 2 ? { strong: {} } : {});
        return;
      }
      const p = new Y.XmlElement('paragraph');
      const t = new Y.XmlText();
      t.insert(0, op.text);
      p.insert(0, [t]);
      fragment.insert(op.at % (fragment.length + 1), [p]);
      return;
    }
    case 'erase': {
      const fragment = wb.narrative.perspectiveFragment(NARRATIVE_PARTS[op.part % 3]!, me);
      if (fragment.length === 0) return;
      const at = op.at % fragment.length;
      fragment.delete(at, Math.min(op.len, fragment.length - at));
      return;
    }
    case 'ack': {
      const other = me === A ? B : A;
      wb.narrative.acknowledge({ part: NARRATIVE_PARTS[op.part % 3]!, of: other, text: op.text }, me);
      return;
    }
    case 'agreement':
      wb.agreements.add({ kind: AGREEMENT_KINDS[op.kind % AGREEMENT_KINDS.length]! }, me);
      return;
    case 'setField': {
      const a = pickOf(wb.agreements.list(), op.pick);
      if (!a) return;
      if (a.kind === 'time-out') wb.agreements.setField(a.id, me, 'signal', op.text);
      else if (a.kind === 'de-escalation') wb.agreements.setField(a.id, me, 'steps', [op.text, 'breathe']);
      else wb.agreements.setTitle(a.id, me, op.text);
      return;
    }
    case 'sign': {
      const a = pickOf(wb.agreements.list(), op.pick);
      if (!a) return;
      const canonical = agreementCanonicalBytes(a);
      wb.agreements.sign(a.id, me, {
        revision: a.revision,
        deviceKey: toBase64Url(devices[me]!.signPublicKey),
        signature: toBase64Url(signAgreement(devices[me]!, canonical)),
        contentHash: toBase64Url(hashBytes(canonical)),
      });
      return;
    }
    case 'withdraw': {
      const a = pickOf(wb.agreements.list(), op.pick);
      if (a) wb.agreements.withdrawSignature(a.id, me);
      return;
    }
    case 'removeAgreement': {
      const a = pickOf(wb.agreements.list(), op.pick);
      if (a) wb.agreements.remove(a.id, me);
      return;
    }
    case 'trigger':
      wb.triggers.add({ trigger: op.text }, me);
      return;
    case 'editTrigger': {
      const t = pickOf(wb.triggers.list(), op.pick);
      if (t) wb.triggers.update(t.id, me, { agreedResponse: op.text });
      return;
    }
    case 'checkin':
      wb.checkins.create({ date: `2025-02-${String(op.day + 1).padStart(2, '0')}`, reveal: op.simultaneous ? 'simultaneous' : 'open' }, me);
      return;
    case 'entry': {
      const c = pickOf(wb.checkins.list(), op.pick);
      if (c?.reveal === 'open') {
        wb.checkins.setEntry(c.id, me, answersOf(op.r));
        r.entries.set(c.id, answersOf(op.r));
      }
      return;
    }
    case 'commit': {
      const c = pickOf(wb.checkins.list(), op.pick);
      if (!c || c.reveal !== 'simultaneous' || c.commitments[me]) return;
      const answers = answersOf(op.r);
      const { commitment, salt } = commitToAnswers(checkInAnswerBytes(answers));
      wb.checkins.commit(c.id, me, toBase64Url(commitment));
      r.held.set(c.id, { answers, salt: toBase64Url(salt) });
      return;
    }
    case 'reveal': {
      const c = pickOf(wb.checkins.list(), op.pick);
      const held = c ? r.held.get(c.id) : undefined;
      if (!c || !held) return;
      if (revealPhase(c, me) === 'reveal') wb.checkins.reveal(c.id, me, held.answers, held.salt, verifyAnswerCommitment);
      else mayRefuse(() => wb.checkins.reveal(c.id, me, held.answers, held.salt, verifyAnswerCommitment));
      return;
    }
    case 'removeCheckin': {
      const c = pickOf(wb.checkins.list(), op.pick);
      if (c) mayRefuse(() => wb.checkins.remove(c.id, me));
      return;
    }
    case 'win':
      wb.wins.add({ text: op.text, kind: WIN_KINDS[op.kind % 2]! }, me);
      return;
    case 'removeWin': {
      const w = pickOf(wb.wins.list(), op.pick);
      if (w) mayRefuse(() => wb.wins.remove(w.id, me));
      return;
    }
    case 'reframe':
      wb.reframes.add({ thought: op.text }, me);
      return;
    case 'editReframe': {
      const x = pickOf(wb.reframes.list(), op.pick);
      if (x) mayRefuse(() => wb.reframes.update(x.id, me, { reframe: op.text }));
      return;
    }
    case 'name':
      wb.members.setName(me, op.text);
      return;
    case 'exchange':
      return;
  }
}

/** Invariants every replica must satisfy at every moment. */
function assertValid(r: Replica): void {
  const { wb } = r;
  const json = wb.toJSON({ viewer: r.me, verifyAgreement: verify, verifyCommitment: verifyAnswerCommitment });
  expect(Object.keys(json)).toEqual([...SECTIONS]);
  expect(typeof wb.toMarkdown({ viewer: r.me })).toBe('string');
  for (const b of wb.boundaries.list()) {
    expect(b.hasNo).toBe(Object.values(b.answers).some((a) => a.preference === 'no'));
    for (const p of Object.keys(b.answers)) expect(PARTNERS).toContain(p);
  }
  for (const part of NARRATIVE_PARTS) for (const p of wb.narrative.authors(part)) expect(PARTNERS).toContain(p);
  for (const a of wb.agreements.list()) {
    for (const s of signatureStatus(a, verify, { partners: PARTNERS, hash: hashBytes })) {
      // 'signed' means this partner's device signed exactly the current words.
      if (s.state === 'signed') expect(a.signatures[s.partnerId]!.revision).toBe(a.revision);
    }
  }
  for (const c of wb.checkins.list()) {
    for (const viewer of PARTNERS) {
      for (const e of visibleEntries(c, viewer, verifyAnswerCommitment)) {
        expect(e.state).not.toBe('invalid');
        if (e.state === 'visible' && c.reveal === 'simultaneous' && e.partnerId !== viewer) {
          // The other's answers show only once everyone who committed has revealed.
          expect(Object.keys(c.commitments).length).toBeGreaterThanOrEqual(2);
          for (const p of Object.keys(c.commitments)) expect(c.revealed[p]).toBeDefined();
        }
      }
    }
  }
  expect(() => wb.checkins.trend({ viewer: r.me, verify: verifyAnswerCommitment })).not.toThrow();
}

/** After a full exchange: every check-in answer and commitment a partner wrote is still there. */
function assertNothingLost(replicas: Replica[]): void {
  const merged = replicas[0]!.wb;
  for (const r of replicas) {
    for (const [id, answers] of r.entries) {
      const c = merged.checkins.get(id);
      if (c) expect(c.entries[r.me]).toEqual(answers);
    }
    for (const [id, held] of r.held) {
      const c = merged.checkins.get(id);
      if (c) expect(c.commitments[r.me]).toBeDefined();
      if (c?.revealed[r.me]) expect(c.revealed[r.me]!.answers).toEqual(held.answers);
    }
  }
}

describe('convergence of every section', () => {
  it('two partners editing every section concurrently merge to the same valid workbook', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), opArb), { maxLength: 60, size: 'max' }), (ops) => {
        const replicas: Replica[] = PARTNERS.map((me) => {
          const doc = new Y.Doc();
          return { me, doc, wb: new Workbook(doc), held: new Map(), entries: new Map() };
        });
        const [ra, rb] = replicas as [Replica, Replica];
        for (const [second, op] of ops) {
          if (op.t === 'exchange') exchange(ra.doc, rb.doc);
          else apply(second ? rb : ra, op);
          assertValid(ra);
          assertValid(rb);
        }
        exchange(ra.doc, rb.doc);
        expect(ra.wb.toJSON()).toEqual(rb.wb.toJSON());
        expect(ra.wb.toMarkdown()).toBe(rb.wb.toMarkdown());
        expect(ra.wb.toJSON({ viewer: A })).toEqual(rb.wb.toJSON({ viewer: A }));
        expect(ra.wb.narrative.list()).toEqual(rb.wb.narrative.list());
        assertNothingLost(replicas);
      }),
      { numRuns: 60 },
    );
  });

  it('no partner’s check-in answers or commitments are lost, whatever the interleaving', () => {
    const checkinOp = fc.oneof(
      fc.record({ t: fc.constant('checkin' as const), day: fc.nat({ max: 3 }), simultaneous: fc.boolean() }),
      fc.record({ t: fc.constant('entry' as const), pick: n, r: n }),
      fc.record({ t: fc.constant('commit' as const), pick: n, r: n }),
      fc.record({ t: fc.constant('reveal' as const), pick: n }),
      fc.record({ t: fc.constant('removeCheckin' as const), pick: n }),
      fc.constant({ t: 'exchange' as const }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), checkinOp), { maxLength: 30, size: 'max' }), (ops) => {
        const replicas: Replica[] = PARTNERS.map((me) => {
          const doc = new Y.Doc();
          return { me, doc, wb: new Workbook(doc), held: new Map(), entries: new Map() };
        });
        const [ra, rb] = replicas as [Replica, Replica];
        for (const [second, op] of ops) {
          if (op.t === 'exchange') exchange(ra.doc, rb.doc);
          else apply(second ? rb : ra, op);
          assertValid(second ? rb : ra);
        }
        exchange(ra.doc, rb.doc);
        assertNothingLost(replicas);
        expect(ra.wb.checkins.list()).toEqual(rb.wb.checkins.list());
      }),
      { numRuns: 200 },
    );
  });

  it('a partner’s boundary answer always reads back as that partner last wrote it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.oneof(fc.constant(-1), fc.nat({ max: 3 })), fc.boolean()), { maxLength: 40, size: 'max' }),
        (steps) => {
          const replicas = PARTNERS.map(() => new Y.Doc());
          const books = replicas.map((d) => new Workbook(d));
          const item = books[0]!.boundaries.add({ topic: 'Pace of physical closeness' }, A);
          exchange(replicas[0]!, replicas[1]!);
          const last: Record<string, string | undefined> = {};
          for (const [second, pref, sync] of steps) {
            const i = second ? 1 : 0;
            const me = PARTNERS[i]!;
            if (pref < 0) books[i]!.boundaries.clearAnswer(item.id, me);
            else books[i]!.boundaries.setAnswer(item.id, me, { preference: CONSENT_PREFERENCES[pref]! });
            last[me] = pref < 0 ? undefined : CONSENT_PREFERENCES[pref];
            if (sync) exchange(replicas[0]!, replicas[1]!);
          }
          exchange(replicas[0]!, replicas[1]!);
          for (const wb of books) {
            const read = wb.boundaries.get(item.id)!;
            for (const p of PARTNERS) expect(read.answers[p]?.preference).toBe(last[p]);
            expect(read.hasNo).toBe(Object.values(last).includes('no'));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
