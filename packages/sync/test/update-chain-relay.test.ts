// The device chains end to end, against a real relay: a provider's envelopes name each other as
// `prev`, so a reader catching up checks one signature per chain; and when a hostile relay and
// Bob's modified client collude — the relay's log holds a forgery attributed to Alice and Bob's
// genuine envelope names its hash as `prev` — a fresh reader of Alice's still refuses the
// forgery ('bad-signature') and never shows its words.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SHARED_DOC_ID, encodeUpdatePayload } from '@securebase/protocol';
import { LOG_HASH_GENESIS, foldLogHash, hashBytes, readyCrypto, sealEnvelope } from '@securebase/crypto';
import { openSqliteStorage } from '@securebase/relay';
import { MemoryStateStore, currentKey, type Credentials } from '@securebase/sync';
import { openUpdates, sealUpdate } from '../src/update-envelopes.js';
import { eventually, startHarness, type Harness, type TestProvider } from './relay-harness.js';

let h: Harness;

beforeEach(async () => {
  await readyCrypto();
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

const text = (doc: Y.Doc): string => doc.getText('t').toString();
const noSnapshots = { snapshotPolicy: { everyUpdates: 1_000_000, everyBytes: 1 << 30 } };

function freshReader(creds: Credentials): TestProvider {
  return h.provider(creds, new Y.Doc(), { store: new MemoryStateStore(), ...noSnapshots });
}

function storedEnvelopes(): Uint8Array[] {
  const storage = openSqliteStorage(h.dataDir);
  try {
    return storage.listUpdates(h.alice.spaceId, SHARED_DOC_ID, 0, 1 << 24).map((e) => e.envelope);
  } finally {
    storage.close();
  }
}

describe('device chains through a real relay', () => {
  it("chains a provider's envelopes, so a catch-up checks the newest signature only", async () => {
    const a = h.provider(h.alice, new Y.Doc(), noSnapshots);
    await a.provider.whenSynced();
    for (const word of ['one ', 'two ', 'three ', 'four ']) {
      a.provider.doc.getText('t').insert(text(a.provider.doc).length, word);
      await a.provider.flush();
    }
    const key = currentKey(h.alice, 'space');
    const opened = openUpdates(storedEnvelopes(), { spaceId: h.alice.spaceId, docId: SHARED_DOC_ID, keyForEpoch: (e) => (e === key.epoch ? key.key : undefined) });
    expect(opened.map((r) => (r.ok ? r.value.authenticity : r.error.code))).toEqual(['vouched', 'vouched', 'vouched', 'signature']);
    const fresh = freshReader(h.alice);
    await eventually(() => expect(text(fresh.provider.doc)).toBe('one two three four '));
    expect(fresh.errors).toEqual([]);
  });

  it("refuses a forgery attributed to Alice that Bob's genuine envelope vouches for", async () => {
    const a = h.provider(h.alice, new Y.Doc(), noSnapshots);
    await a.provider.whenSynced();
    a.provider.doc.getText('t').insert(0, 'I read them standing in the kitchen.');
    await a.provider.flush();
    const aliceState = Y.encodeStateAsUpdate(a.provider.doc);
    await a.provider.destroy();
    // Both sealed after seq 1, as an honest client that folded it would.
    const head = { seq: 1, hash: foldLogHash(LOG_HASH_GENESIS, 1, storedEnvelopes()[0]!) };

    // Bob's modified client: words attributed to Alice (his secret key signs them) and his own
    // genuine change, whose prev names the forgery.
    const forgedDoc = new Y.Doc();
    Y.applyUpdate(forgedDoc, aliceState);
    const forgedUpdates: Uint8Array[] = [];
    forgedDoc.on('update', (u: Uint8Array) => forgedUpdates.push(u));
    forgedDoc.getText('t').insert(0, 'Maya snoops. ');
    const key = currentKey(h.bob, 'space');
    const forged = sealEnvelope({
      header: { spaceId: h.bob.spaceId, docId: SHARED_DOC_ID, epoch: key.epoch, author: h.alice.device.signPublicKey, clock: 2, kind: 'update' },
      plaintext: encodeUpdatePayload({ update: forgedUpdates[0]!, head }),
      epochKey: key.key,
      device: { ...h.bob.device, signPublicKey: h.alice.device.signPublicKey },
    });
    const bobDoc = new Y.Doc();
    Y.applyUpdate(bobDoc, aliceState);
    const bobUpdates: Uint8Array[] = [];
    bobDoc.on('update', (u: Uint8Array) => bobUpdates.push(u));
    bobDoc.getText('t').insert(text(bobDoc).length, ' I hear you.');
    const bobs = sealUpdate({
      spaceId: h.bob.spaceId,
      docId: SHARED_DOC_ID,
      device: h.bob.device,
      key,
      clock: 1,
      update: bobUpdates[0]!,
      head,
      prev: hashBytes(forged),
    });

    // The hostile relay writes both into its log (an honest one refuses the forgery at push).
    await h.stopRelay();
    const storage = openSqliteStorage(h.dataDir);
    try {
      const common = { spaceId: h.alice.spaceId, docId: SHARED_DOC_ID, partnerQuotaBytes: Number.MAX_SAFE_INTEGER, maxDocuments: 8 };
      expect(storage.appendUpdate({ ...common, author: h.alice.device.signPublicKey, partnerId: h.alice.partnerId, clock: 2, envelope: forged }).status).toBe('committed');
      expect(storage.appendUpdate({ ...common, author: h.bob.device.signPublicKey, partnerId: h.bob.partnerId, clock: 1, envelope: bobs }).status).toBe('committed');
    } finally {
      storage.close();
    }
    await h.startRelayAgain();

    const fresh = freshReader(h.alice);
    const seen: string[] = [];
    fresh.provider.doc.on('update', () => seen.push(text(fresh.provider.doc)));
    await eventually(() => expect(fresh.errors.map((e) => e.code)).toContain('bad-signature'), 30_000);
    await eventually(() => expect(text(fresh.provider.doc)).toBe('I read them standing in the kitchen. I hear you.'), 30_000);
    expect(seen.some((s) => s.includes('snoops'))).toBe(false);
    expect(new Set(fresh.errors.map((e) => e.code))).toEqual(new Set(['bad-signature']));
  });
});
