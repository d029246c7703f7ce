import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SHARED_DOC_ID, encodeUpdatePayload } from '@securebase/protocol';
import { generateDeviceKeys, readyCrypto, sealEnvelope } from '@securebase/crypto';
import { openSqliteStorage } from '@securebase/relay';
import { Workbook } from '@securebase/model';
import { MemoryStateStore, type Credentials } from '@securebase/sync';
import { websocketUrl } from '@securebase/sync/testing';
import { decodeOutbox, stateKeys } from '../src/provider-state.js';
import { eventually, startHarness, type Harness } from './relay-harness.js';

let h: Harness;

beforeEach(async () => {
  await readyCrypto();
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

function text(doc: Y.Doc): string {
  return doc.getText('t').toString();
}

/** Seal an update as `creds`' device would, for inserting straight into relay storage. */
function sealAs(creds: Credentials, clock: number, update: Uint8Array, device = creds.device): Uint8Array {
  return sealEnvelope({
    header: { spaceId: creds.spaceId, docId: SHARED_DOC_ID, epoch: 0, author: device.signPublicKey, clock, kind: 'update' },
    plaintext: encodeUpdatePayload({ update }),
    epochKey: creds.epochKeys[0]!,
    device,
  });
}

function updateWithText(value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, value);
  return Y.encodeStateAsUpdate(doc);
}

/** Write envelopes into the relay's database directly, as a malicious operator could. */
function insertIntoRelay(creds: Credentials, rows: Array<{ author: Uint8Array; clock: number; envelope: Uint8Array }>): void {
  const storage = openSqliteStorage(h.dataDir);
  try {
    for (const row of rows) {
      const result = storage.appendUpdate({ spaceId: creds.spaceId, docId: SHARED_DOC_ID, partnerId: creds.partnerId, partnerQuotaBytes: 1e9, maxDocuments: 8, ...row });
      expect(result.status).toBe('committed');
    }
  } finally {
    storage.close();
  }
}

describe('EncryptedProvider against a real relay', () => {
  it('builds the ws URL from the relay base URL', () => {
    expect(websocketUrl('https://r.example/base/', 'SPACE', { a: '1' })).toBe('wss://r.example/base/v1/spaces/SPACE/ws?a=1');
    expect(websocketUrl('http://127.0.0.1:8787', 'S', {})).toBe('ws://127.0.0.1:8787/v1/spaces/S/ws');
  });

  it('two partners converge on the workbook', async () => {
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const a = h.provider(h.alice, docA);
    const b = h.provider(h.bob, docB);
    const statuses: string[] = [];
    a.provider.on('status', ({ status }) => statuses.push(status));
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
    expect(a.provider.wsconnected).toBe(true);

    const wa = new Workbook(docA);
    const wb = new Workbook(docB);
    const entry = wa.vocabulary.add({ term: 'flooded', meaning: 'too much at once' }, h.alice.partnerId);
    wb.inbox.add({ text: 'thank you for listening', kind: 'appreciation' }, h.bob.partnerId);
    await Promise.all([a.provider.flush(), b.provider.flush()]);
    await eventually(() => expect(wb.vocabulary.get(entry.id)?.term).toBe('flooded'));
    wb.vocabulary.setMeaning(entry.id, h.bob.partnerId, 'I go quiet');
    wa.vocabulary.setCategory(entry.id, 'signal');
    await Promise.all([a.provider.flush(), b.provider.flush()]);
    await eventually(() => expect(wa.toJSON()).toEqual(wb.toJSON()));
    expect(wa.vocabulary.get(entry.id)).toMatchObject({ category: 'signal', meanings: { [h.alice.partnerId]: 'too much at once', [h.bob.partnerId]: 'I go quiet' } });
    expect(wa.inbox.list()).toHaveLength(1);
    expect(a.provider.pendingCount).toBe(0);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('merges a burst of 200 keystrokes into a few envelopes', async () => {
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const a = h.provider(h.alice, docA);
    const b = h.provider(h.bob, docB);
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
    const typed = 'a quiet evening together, phones away. '.repeat(6).slice(0, 200);
    for (const ch of typed) docA.getText('t').insert(docA.getText('t').length, ch);
    await a.provider.flush();
    await eventually(() => expect(text(docB)).toBe(typed));
    // Only Alice wrote, so Bob's last seq counts her envelopes.
    expect(b.provider.lastSeq).toBeGreaterThanOrEqual(1);
    expect(b.provider.lastSeq).toBeLessThanOrEqual(3);
  });

  it('resumes after a relay restart and delivers changes made while it was down', async () => {
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const a = h.provider(h.alice, docA);
    const b = h.provider(h.bob, docB);
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
    docA.getText('t').insert(0, 'before ');
    await a.provider.flush();
    await eventually(() => expect(text(docB)).toBe('before '));

    await h.stopRelay();
    await eventually(() => expect(a.provider.wsconnected || b.provider.wsconnected).toBe(false));
    docA.getText('t').insert(7, 'during');
    const delivered = a.provider.flush();
    await eventually(() => expect(a.provider.pendingCount).toBe(1));

    await h.startRelayAgain();
    await delivered;
    await eventually(() => expect(text(docB)).toBe('before during'));
    expect(a.provider.pendingCount).toBe(0);
    expect(a.errors.filter((e) => e.fatal)).toEqual([]);
    expect(b.errors.filter((e) => e.fatal)).toEqual([]);
  });

  it('restarts from its store with local state intact and catches up from lastSeq', async () => {
    const storeB = new MemoryStateStore();
    const docA = new Y.Doc();
    const a = h.provider(h.alice, docA);
    const b1 = h.provider(h.bob, new Y.Doc(), { store: storeB });
    await Promise.all([a.provider.whenSynced(), b1.provider.whenSynced()]);
    docA.getText('t').insert(0, 'one ');
    await a.provider.flush();
    await eventually(() => expect(text(b1.provider.doc)).toBe('one '));
    const seqBefore = b1.provider.lastSeq;
    expect(seqBefore).toBeGreaterThan(0);
    await b1.provider.destroy();

    docA.getText('t').insert(4, 'two');
    await a.provider.flush();

    // Bob's doc is there before any network, and he resumes from his seq.
    const b2 = h.provider(h.bob, new Y.Doc(), { store: storeB, connect: false });
    await b2.provider.flush();
    expect(text(b2.provider.doc)).toBe('one ');
    expect(b2.provider.lastSeq).toBe(seqBefore);
    b2.provider.connect();
    await b2.provider.whenSynced();
    await eventually(() => expect(text(b2.provider.doc)).toBe('one two'));
    expect([...a.errors, ...b1.errors, ...b2.errors]).toEqual([]);
  });

  it('after a crash, re-sends the persisted outbox and rebuilds the doc from it and the relay', async () => {
    const storeA = new MemoryStateStore();
    const docA = new Y.Doc();
    // The doc-state write is debounced far beyond this test, as if the process died before it.
    const a = h.provider(h.alice, docA, { store: storeA, persistDebounceMs: 600_000 });
    const b = h.provider(h.bob, new Y.Doc());
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
    docA.getText('t').insert(0, 'one ');
    await a.provider.flush();
    a.provider.disconnect();
    docA.getText('t').insert(4, 'two');
    const outboxKey = stateKeys(h.alice.spaceId, SHARED_DOC_ID).outbox;
    await eventually(async () => expect(decodeOutbox((await storeA.get(outboxKey))!).pending.map((p) => p.clock)).toEqual([2]));
    // The crash image: whatever the store held at this moment.
    const crashImage = new MemoryStateStore();
    for (const key of storeA.keys()) await crashImage.set(key, (await storeA.get(key))!);
    expect(crashImage.keys()).not.toContain(stateKeys(h.alice.spaceId, SHARED_DOC_ID).doc);

    const a2 = h.provider(h.alice, new Y.Doc(), { store: crashImage });
    await a2.provider.flush();
    expect(a2.provider.pendingCount).toBe(0);
    await eventually(() => expect(text(a2.provider.doc)).toBe('one two'));
    await eventually(() => expect(text(b.provider.doc)).toBe('one two'));
    expect([...a.errors, ...a2.errors, ...b.errors]).toEqual([]);
  });

  it('reports a tampered envelope from relay storage, fetches it again, and never applies it', async () => {
    const bobUpdate = sealAs(h.bob, 1, updateWithText('evil'));
    const tampered = bobUpdate.slice();
    tampered[tampered.length - 80] = tampered[tampered.length - 80]! ^ 0x01;
    insertIntoRelay(h.bob, [
      { author: h.bob.device.signPublicKey, clock: 1, envelope: tampered },
      { author: h.bob.device.signPublicKey, clock: 2, envelope: sealAs(h.bob, 1, updateWithText('fine')) },
    ]);

    const docA = new Y.Doc();
    const a = h.provider(h.alice, docA);
    await a.provider.whenSynced();
    // Fetched three times (it may have been damaged in transit), then consumed unapplied.
    expect(a.errors.map((e) => e.code)).toEqual(['bad-signature', 'bad-signature', 'bad-signature']);
    expect(a.errors.every((e) => !e.fatal)).toBe(true);
    expect(text(docA)).toBe('fine');
    expect(a.provider.lastSeq).toBe(2);
  });

  it('reports each replay (same or other bytes), an unknown author and a gap; applies nothing of them', async () => {
    const outsider = generateDeviceKeys();
    const first = sealAs(h.bob, 1, updateWithText('hi'));
    const sameClockOtherBytes = sealAs(h.bob, 1, updateWithText('replayed'));
    const bobKey = h.bob.device.signPublicKey;
    insertIntoRelay(h.bob, [
      { author: bobKey, clock: 1, envelope: first },
      { author: bobKey, clock: 2, envelope: first }, // relay re-serves the same bytes under a new seq
      { author: bobKey, clock: 3, envelope: sameClockOtherBytes },
      { author: outsider.signPublicKey, clock: 1, envelope: sealAs(h.bob, 1, updateWithText('stranger'), outsider) },
      { author: bobKey, clock: 4, envelope: sealAs(h.bob, 5, updateWithText('skipped ahead')) },
    ]);

    const docA = new Y.Doc();
    const a = h.provider(h.alice, docA);
    await eventually(() => expect(a.errors.map((e) => e.code)).toContain('update-gap'));
    const codes = a.errors.map((e) => e.code);
    expect(codes.slice(0, 5)).toEqual(['replayed-update', 'replayed-update', 'unknown-author', 'unknown-author', 'unknown-author']);
    expect(text(docA)).toBe('hi');
    expect(a.errors.every((e) => !e.fatal)).toBe(true);
    // The gap is never skipped: the provider keeps fetching from just before it.
    expect(a.provider.lastSeq).toBe(4);
  });

  it('stops reconnecting when the relay refuses a device that is not a member', async () => {
    const intruder = { ...h.alice, device: generateDeviceKeys() };
    const x = h.provider(intruder, new Y.Doc());
    await eventually(() => expect(x.errors.some((e) => e.fatal)).toBe(true));
    expect(['auth-failed', 'not-a-member']).toContain(x.errors.find((e) => e.fatal)!.code);
    expect(x.provider.shouldConnect).toBe(false);
    expect(x.provider.wsconnected).toBe(false);
  });

  it('sends awareness only when given one, sealed as ephemeral', async () => {
    const { Awareness } = await import('y-protocols/awareness');
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const awA = new Awareness(docA);
    const awB = new Awareness(docB);
    const a = h.provider(h.alice, docA, { awareness: awA });
    const b = h.provider(h.bob, docB, { awareness: awB });
    const silent = h.provider(h.bob, new Y.Doc());
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced(), silent.provider.whenSynced()]);
    awA.setLocalStateField('cursor', 3);
    await eventually(() => expect(awB.getStates().get(docA.clientID)).toEqual({ cursor: 3 }));
    expect(silent.provider.awareness.getStates().has(docA.clientID)).toBe(false);
    awA.destroy();
    awB.destroy();
  });
});
