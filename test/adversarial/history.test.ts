/**
 * Attacks on history itself: a relay that rolls a device back to an older snapshot (or an older
 * head), and one that forks the log, showing each partner a different history. Both are fatal:
 * the device stops, applies nothing of the lie, and tells the person.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHARED_DOC_ID, toBase64Url, type Frame } from '@securebase/protocol';
import { authoredBy, beforeNextSynced } from './attacks.js';
import { allSynced, eventually, startScenario, type Peer, type Scenario } from './scenario.js';

let s: Scenario;

beforeEach(async () => {
  s = await startScenario();
});

afterEach(async () => {
  await s.close();
});

/** Cut every proxied socket of `peer`'s device: it reconnects by itself and catches up again. */
function reconnect(peer: Peer): void {
  const key = peer.provider.credentials.device.signPublicKey;
  for (const c of s.proxy.connections) if (c.deviceKey === toBase64Url(key)) c.cut();
}

const words = (text: string): string[] => text.split(' ').filter(Boolean).sort();

type RollbackLie = 'older snapshot' | 'older snapshot labelled as the newest' | 'head below what was seen';

describe('a relay that rolls back or forks history', () => {
  it.each<RollbackLie>(['older snapshot', 'older snapshot labelled as the newest', 'head below what was seen'])(
    'rollback (%s): detected (rollback-detected, fatal), nothing applied',
    async (lie) => {
      const a = s.open(s.alice, { snapshotPolicy: { everyUpdates: 2 } });
      await a.provider.whenSynced();
      const snapshots = (): Uint8Array[] => s.proxy.pushed({ spaceId: s.alice.spaceId, docId: SHARED_DOC_ID, kind: 'put-snapshot' });
      for (const word of ['w1 ', 'w2 ']) await a.type(word);
      await eventually(() => expect(snapshots()).toHaveLength(1));
      for (const word of ['w3 ', 'w4 ']) await a.type(word);
      await eventually(() => expect(snapshots()).toHaveLength(2));
      const [older] = snapshots();

      // Bob opens from the newest snapshot (seq 4): the position he will hold the relay to.
      const b = s.open(s.bob, { snapshotPolicy: { everyUpdates: 1000 } });
      await b.provider.whenSynced();
      expect(b.provider.lastSeq).toBe(4);
      expect(b.text()).toBe('w1 w2 w3 w4 ');

      const served: Frame[] =
        lie === 'head below what was seen' ? [] : [{ type: 'snapshot', docId: SHARED_DOC_ID, coversSeq: lie === 'older snapshot' ? 2 : 4, envelope: older! }];
      s.proxy.attack(s.bob.device.signPublicKey, beforeNextSynced(served, lie === 'head below what was seen' ? () => 2 : undefined));
      reconnect(b);

      await eventually(() => expect(b.codes()).toEqual(['rollback-detected']));
      expect(b.errors[0]!.fatal).toBe(true);
      expect(b.provider.shouldConnect).toBe(false);
      expect(b.text()).toBe('w1 w2 w3 w4 ');
      expect(b.provider.lastSeq).toBe(4);
      // Alice goes on; Bob, stopped, never takes in anything more from this relay.
      await a.type('w5 ');
      expect(b.text()).toBe('w1 w2 w3 w4 ');
      expect(b.codes()).toEqual(['rollback-detected']);
    },
  );

  it('fork: partners shown different histories both detect it from the signed heads (fork-detected, fatal)', async () => {
    const aliceKey = s.alice.device.signPublicKey;
    const bobKey = s.bob.device.signPublicKey;
    // Alice's view of the log: the relay will hide an entry from her and renumber the rest, so her
    // stream stays gapless and every per-author clock check alone would be fooled until Bob writes again.
    const aliceView = s.proxy.view(s.alice.spaceId, SHARED_DOC_ID, [aliceKey]);
    const a = s.open(s.alice);
    const b = s.open(s.bob);
    await allSynced(a, b);
    await a.type('a1 ');
    await eventually(() => expect(b.text()).toBe('a1 '));

    aliceView.hideNext(authoredBy(bobKey));
    await b.type('b1 ');
    await a.type('a2 ');
    // b1 and a2 are concurrent (Alice never saw b1): Yjs orders them by client id, so compare as sets.
    await eventually(() => expect(words(b.text())).toEqual(['a1', 'a2', 'b1']));
    expect(a.text()).toBe('a1 a2 ');
    expect(a.provider.lastSeq).toBe(2); // relay seq 3, renumbered
    expect(a.errors).toEqual([]);

    // Each writes once more, before seeing the other's change: each head now names a position at
    // which the two histories differ.
    a.typeAndSend('a3 ');
    b.typeAndSend('b2 ');

    await eventually(() => expect(a.codes()).toEqual(['fork-detected']));
    await eventually(() => expect(b.codes()).toEqual(['fork-detected']));
    for (const p of [a, b]) {
      expect(p.errors[0]!.fatal).toBe(true);
      expect(p.provider.shouldConnect).toBe(false);
    }
    // Neither took in the other's change that revealed the fork.
    expect(a.text()).toBe('a1 a2 a3 ');
    expect(words(b.text())).toEqual(['a1', 'a2', 'b1', 'b2']);
  });
});
