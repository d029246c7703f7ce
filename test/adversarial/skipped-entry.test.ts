/**
 * An entry the relay keeps damaged for good: fetched again up to three times, then skipped
 * unapplied, each delivery one error (the last one is the skip). What the skip leaves behind does
 * not stop the author's later updates: the hole in the author's clocks is explained by the skip
 * (no `update-gap` loop), and the author's next signed head gives back the shared log hash (no
 * false fork), live and after a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authoredBy, tamperEntryForGood, type TamperTarget } from './attacks.js';
import { allSynced, eventually, startScenario, type Peer, type Scenario } from './scenario.js';

let s: Scenario;

beforeEach(async () => {
  s = await startScenario();
});

afterEach(async () => {
  await s.close();
});

const SKIP = ['bad-signature', 'bad-signature', 'bad-signature'];

/** Bob deletes `word` (an entry that takes no new Yjs clock, so later inserts apply without it). */
async function bobDeletes(bob: Peer, word: string): Promise<number> {
  const text = bob.doc.getText('t');
  text.delete(text.toString().indexOf(word), word.length);
  await bob.provider.flush();
  return bob.provider.lastSeq;
}

describe('a relay that keeps one entry damaged', () => {
  // 'header' claims the next clock: a skip must not trust the clock or author a bad header names.
  it.each(['ciphertext', 'header'] as TamperTarget[])(
    'tamper (%s) for good: skipped after three fetches, one error each, and the author is not stuck behind it',
    async (target) => {
      const a = s.open(s.alice);
      const b = s.open(s.bob);
      await allSynced(a, b);
      await b.type('one two ');
      await eventually(() => expect(a.text()).toBe('one two '));

      const bobKey = s.bob.device.signPublicKey;
      s.proxy.attack(s.alice.device.signPublicKey, tamperEntryForGood(target, authoredBy(bobKey)));
      const damagedSeq = await bobDeletes(b, 'two ');
      await eventually(() => expect(a.provider.lastSeq).toBe(damagedSeq));
      expect(a.codes()).toEqual(SKIP);
      expect(a.errors.every((e) => !e.fatal)).toBe(true);
      // Never applied: Alice still shows what Bob deleted, at every report too.
      expect(a.textAtError).toEqual(['one two ', 'one two ', 'one two ']);
      expect(a.text()).toBe('one two ');

      // Bob's next update follows the skipped clock: applied live, with no gap and no fork.
      await b.type('three ');
      await eventually(() => expect(a.text()).toContain('three '));
      expect(a.text()).toContain('two ');
      await eventually(() => expect(a.provider.lastSeq).toBe(b.provider.lastSeq));
      expect(a.codes()).toEqual(SKIP);

      // A second damaged entry, and Alice closes before Bob's next update: the skip is remembered.
      s.proxy.stopAttacks();
      s.proxy.attack(s.alice.device.signPublicKey, tamperEntryForGood(target, authoredBy(bobKey)));
      const secondSeq = await bobDeletes(b, 'three ');
      await eventually(() => expect(a.provider.lastSeq).toBe(secondSeq));
      expect(a.codes()).toEqual([...SKIP, ...SKIP]);
      await a.provider.destroy();
      await b.type('four ');
      const again = s.open(s.alice, { store: a.store });
      await eventually(() => expect(again.text()).toContain('four '));
      expect(again.text()).toContain('three ');
      await again.provider.whenSynced();
      expect(again.provider.lastSeq).toBe(b.provider.lastSeq);

      // Nothing loops, and both go on writing: a round trip each way, still without a new error.
      await again.type('five ');
      await eventually(() => expect(b.text()).toContain('five '));
      await b.type('six ');
      await eventually(() => expect(again.text()).toContain('six '));
      expect(again.errors).toEqual([]);
      expect(b.errors).toEqual([]);
      expect(a.codes()).toEqual([...SKIP, ...SKIP]);
    },
  );
});
