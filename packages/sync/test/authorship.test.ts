// Authorship nobody can forge, against a real relay: every Yjs client id is bound to the device
// that introduced it, so a modified client that writes under the partner's client id is refused
// by every reader ('foreign-client-id'), and a snapshot written by one partner cannot restate
// what the other wrote ('forged-authorship') — while honest snapshots from either partner keep
// each word attributed to whoever wrote it. The hostile client here is Bob's device running
// modified code: it seals with its real keys and pushes over a raw socket.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SHARED_DOC_ID, toBase64Url, type Frame } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { openSqliteStorage } from '@securebase/relay';
import { MemoryStateStore, currentKey, type Credentials } from '@securebase/sync';
import { addressFor, clientAt } from '../../../test/soak/client-address.js';
import { connectMember, type RawMember } from '../../../test/soak/raw-member.js';
import { AuthorshipState } from '../src/authorship-state.js';
import { SyncLog } from '../src/log-integrity.js';
import { emptyInbox } from '../src/provider-state.js';
import { sealSnapshot } from '../src/snapshots.js';
import { sealUpdate } from '../src/update-envelopes.js';
import { eventually, startHarness, type Harness, type TestProvider } from './relay-harness.js';

let h: Harness;
const members: RawMember[] = [];

beforeEach(async () => {
  await readyCrypto();
  h = await startHarness();
});

afterEach(async () => {
  for (const m of members.splice(0)) m.terminate();
  await h.close();
});

const text = (doc: Y.Doc): string => doc.getText('t').toString();

/** Alice writes her words, Bob writes his; both see both. Returns the two providers. */
async function aliceAndBobWrite(): Promise<{ a: TestProvider; b: TestProvider }> {
  const a = h.provider(h.alice, new Y.Doc());
  const b = h.provider(h.bob, new Y.Doc());
  await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
  a.provider.doc.getText('t').insert(0, 'I read them standing in the kitchen.');
  await a.provider.flush();
  await eventually(() => expect(text(b.provider.doc)).toContain('kitchen'));
  b.provider.doc.getText('t').insert(text(b.provider.doc).length, ' I hear you.');
  await b.provider.flush();
  await eventually(() => expect(text(a.provider.doc)).toBe('I read them standing in the kitchen. I hear you.'));
  return { a, b };
}

/** Bob's modified client: a doc with his view, writing under Alice's client id. */
function forgeUnder(client: number, view: Y.Doc): { doc: Y.Doc; update: Uint8Array } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(view));
  doc.clientID = client;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  doc.transact(() => {
    const t = doc.getText('t');
    const at = t.toString().indexOf('standing in the kitchen');
    t.delete(at, 'standing in the kitchen'.length);
    t.insert(at, 'because Maya snoops');
  });
  return { doc, update: Y.mergeUpdates(updates) };
}

async function rawBob(): Promise<RawMember> {
  const m = await connectMember(h.relay.url, h.bob, clientAt(addressFor(1)));
  members.push(m);
  return m;
}

/** Send `frame` and wait for the relay's ack (an error frame fails the test). */
async function sendAndAck(m: RawMember, frame: Frame): Promise<void> {
  const acks = m.received['ack'] ?? 0;
  expect(m.send(frame)).toBe(true);
  await eventually(() => {
    expect(m.errors).toEqual([]);
    expect(m.received['ack'] ?? 0).toBeGreaterThan(acks);
  });
}

/** A fresh device view of `creds` (empty local state): it knows no binding yet. */
function freshReader(creds: Credentials): TestProvider {
  return h.provider(creds, new Y.Doc(), { store: new MemoryStateStore(), snapshotPolicy: { everyUpdates: 1_000_000 } });
}

describe('a modified client writing under the partner’s client id', () => {
  it('is refused by every reader, and the partner’s words stay as she wrote them', async () => {
    const { a, b } = await aliceAndBobWrite();
    const aliceClient = a.provider.doc.clientID;
    expect(b.provider.partnerOfClient(aliceClient)).toBe(h.alice.partnerId);
    expect(a.provider.partnerOfClient(b.provider.doc.clientID)).toBe(h.bob.partnerId);
    const bobView = new Y.Doc();
    Y.applyUpdate(bobView, Y.encodeStateAsUpdate(b.provider.doc));
    await b.provider.destroy();

    const { doc: forged, update } = forgeUnder(aliceClient, bobView);
    expect(text(forged)).toBe('I read them because Maya snoops. I hear you.');
    const bob = await rawBob();
    const envelope = sealUpdate({
      spaceId: h.bob.spaceId,
      docId: SHARED_DOC_ID,
      device: h.bob.device,
      key: currentKey(h.bob, 'space'),
      clock: 2,
      update,
      head: bobsLog().head(),
    });
    // The relay stores it (it cannot read it): the refusal is every reader's own.
    await sendAndAck(bob, { type: 'push', docId: SHARED_DOC_ID, ref: 1, envelope });

    await eventually(() => expect(a.errors.map((e) => e.code)).toContain('foreign-client-id'));
    expect(text(a.provider.doc)).toBe('I read them standing in the kitchen. I hear you.');
    const fresh = freshReader(h.alice);
    await eventually(() => expect(fresh.errors.map((e) => e.code)).toContain('foreign-client-id'));
    await eventually(() => expect(text(fresh.provider.doc)).toBe('I read them standing in the kitchen. I hear you.'));
    expect(fresh.provider.partnerOfClient(aliceClient)).toBe(h.alice.partnerId);
  });
});

/** Bob's view of the log, as his modified client would keep it, from what the relay stores. */
function bobsLog(): SyncLog {
  const storage = openSqliteStorage(h.dataDir);
  try {
    const log = new SyncLog(emptyInbox());
    for (const entry of storage.listUpdates(h.bob.spaceId, SHARED_DOC_ID, 0, 1 << 24)) log.fold(entry.seq, entry.envelope);
    return log;
  } finally {
    storage.close();
  }
}

interface ForgedSnapshot {
  /** Leave out Alice's clocks (as if she never wrote). */
  dropAliceClocks: boolean;
  /** Carry Alice's genuine update envelope as her material. */
  carryAlice: boolean;
}

/** Seal a snapshot by Bob's device whose Bob part restates Alice's words under her client id. */
function forgeSnapshot(a: TestProvider, bobView: Y.Doc, aliceEnvelope: Uint8Array, opts: ForgedSnapshot): Uint8Array {
  const aliceClient = a.provider.doc.clientID;
  const { doc } = forgeUnder(aliceClient, bobView);
  const bobKey = toBase64Url(h.bob.device.signPublicKey);
  const aliceKey = toBase64Url(h.alice.device.signPublicKey);
  const log = bobsLog();
  log.state.authorClocks.set(bobKey, 1);
  if (!opts.dropAliceClocks) log.state.authorClocks.set(aliceKey, 1);
  // Bob's modified client claims Alice's client id as his own.
  const authorship = new AuthorshipState();
  for (const [client] of Y.decodeStateVector(Y.encodeStateVector(doc))) authorship.bindings.bind([client], bobKey, h.bob.partnerId);
  if (opts.carryAlice) authorship.carry(h.alice.partnerId, 1, aliceEnvelope);
  const partnerOf = (device: string): string | undefined =>
    device === aliceKey ? h.alice.partnerId : device === bobKey ? h.bob.partnerId : undefined;
  const sealed = sealSnapshot({
    spaceId: h.bob.spaceId,
    docId: SHARED_DOC_ID,
    device: h.bob.device,
    key: currentKey(h.bob, 'space'),
    doc,
    log,
    ownPartner: h.bob.partnerId,
    authorship,
    partnerOf,
  });
  return sealed.envelope;
}

function storedEnvelopes(): Uint8Array[] {
  const storage = openSqliteStorage(h.dataDir);
  try {
    return storage.listUpdates(h.bob.spaceId, SHARED_DOC_ID, 0, 1 << 24).map((e) => e.envelope);
  } finally {
    storage.close();
  }
}

describe('a snapshot written by one partner', () => {
  for (const [name, opts, expected] of [
    ['leaves her words out', { dropAliceClocks: false, carryAlice: false }, 'forged-authorship'],
    ['restates her words beside her signed ones', { dropAliceClocks: false, carryAlice: true }, 'forged-authorship'],
  ] as const) {
    it(`cannot change what the other wrote: one that ${name} is refused`, async () => {
      const { a, b } = await aliceAndBobWrite();
      const bobView = new Y.Doc();
      Y.applyUpdate(bobView, Y.encodeStateAsUpdate(b.provider.doc));
      await b.provider.destroy();
      const [aliceEnvelope] = storedEnvelopes();
      const envelope = forgeSnapshot(a, bobView, aliceEnvelope!, opts);
      const bob = await rawBob();
      await sendAndAck(bob, { type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 1, parentHash: new Uint8Array(0), coversSeq: 2, envelope });

      const fresh = freshReader(h.alice);
      await eventually(() => expect(fresh.errors.map((e) => e.code)).toContain(expected));
      expect(text(fresh.provider.doc)).toBe('');
      const freshBob = freshReader(h.bob);
      await eventually(() => expect(freshBob.errors.map((e) => e.code)).toContain(expected));
    });
  }

  it('that leaves her out entirely (words and clocks) can only show those words as Bob’s, never as hers', async () => {
    const { a, b } = await aliceAndBobWrite();
    const aliceClient = a.provider.doc.clientID;
    const bobView = new Y.Doc();
    Y.applyUpdate(bobView, Y.encodeStateAsUpdate(b.provider.doc));
    await b.provider.destroy();
    const [aliceEnvelope] = storedEnvelopes();
    const envelope = forgeSnapshot(a, bobView, aliceEnvelope!, { dropAliceClocks: true, carryAlice: false });
    const bob = await rawBob();
    await sendAndAck(bob, { type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 1, parentHash: new Uint8Array(0), coversSeq: 2, envelope });

    // A device that knows nothing yet (a fresh one of either partner) reads the changed words
    // as Bob's: nobody can make them read as Alice's.
    for (const creds of [h.alice, h.bob]) {
      const fresh = freshReader(creds);
      await fresh.provider.whenSynced();
      expect(text(fresh.provider.doc)).toBe('I read them because Maya snoops. I hear you.');
      expect(fresh.provider.partnerOfClient(aliceClient)).toBe(h.bob.partnerId);
    }
    // And the next thing Alice writes shows that her earlier words were left out.
    const fresh = freshReader(h.bob);
    await fresh.provider.whenSynced();
    a.provider.doc.getText('t').insert(0, 'Still here. ');
    await a.provider.flush();
    await eventually(() => expect(fresh.errors.map((e) => e.code)).toContain('update-gap'));
  });
});

describe('honest snapshots from either partner', () => {
  it('keep every word attributed to whoever wrote it, on fresh devices of both', async () => {
    const policy = { snapshotPolicy: { everyUpdates: 3 } };
    const a = h.provider(h.alice, new Y.Doc(), policy);
    const b = h.provider(h.bob, new Y.Doc(), policy);
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
    for (let i = 0; i < 8; i++) {
      const writer = i % 2 === 0 ? a : b;
      const t = writer.provider.doc.getText('t');
      t.insert(t.length, `${i % 2 === 0 ? 'a' : 'b'}${i} `);
      await writer.provider.flush();
      await eventually(() => expect(text(a.provider.doc)).toBe(text(b.provider.doc)));
    }
    const storage = openSqliteStorage(h.dataDir);
    let covers: number;
    try {
      covers = storage.snapshotCoversSeq(h.alice.spaceId, SHARED_DOC_ID);
    } finally {
      storage.close();
    }
    expect(covers).toBeGreaterThanOrEqual(3);
    const aliceClient = a.provider.doc.clientID;
    const bobClient = b.provider.doc.clientID;
    for (const creds of [h.alice, h.bob]) {
      const fresh = freshReader(creds);
      await fresh.provider.whenSynced();
      expect(fresh.errors).toEqual([]);
      expect(text(fresh.provider.doc)).toBe(text(a.provider.doc));
      expect(fresh.provider.partnerOfClient(aliceClient)).toBe(h.alice.partnerId);
      expect(fresh.provider.partnerOfClient(bobClient)).toBe(h.bob.partnerId);
    }
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
