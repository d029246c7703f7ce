/**
 * Substitution: the relay answers with a genuine envelope that belongs elsewhere, captured from
 * real traffic: another space's update, or another document's (Bob's private document) in the
 * shared workbook. Signatures verify, so only the authenticated header gives it away; both are
 * fatal, nothing of them is applied, and the device's stored state stays sound.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHARED_DOC_ID, privateDocId, privateScope } from '@securebase/protocol';
import { makeCredentials } from '@securebase/sync';
import { authoredBy, relabelNextUpdates, substituteNextEntry } from './attacks.js';
import { allSynced, eventually, startScenario, type Peer, type Scenario } from './scenario.js';

let s: Scenario;

beforeEach(async () => {
  s = await startScenario();
});

afterEach(async () => {
  await s.close();
});

/** After a fatal refusal: the device's store, opened again on the honest relay, syncs cleanly. */
async function expectStoreSound(stopped: Peer, expected: string): Promise<void> {
  await stopped.provider.destroy();
  const again = s.open(stopped.creds, { store: stopped.store, via: 'relay' });
  await again.provider.whenSynced();
  await eventually(() => expect(again.text()).toBe(expected));
  expect(again.errors).toEqual([]);
}

/** Bob writes `value` into his private document through the proxy; returns the captured envelope. */
async function capturePrivateEnvelope(value: string): Promise<Uint8Array> {
  const docId = privateDocId(s.bob.partnerId);
  const own = s.open(makeCredentials(s.bob, privateScope(s.bob.partnerId)), { docId });
  await own.provider.whenSynced();
  await own.type(value);
  const [envelope] = s.proxy.pushed({ spaceId: s.bob.spaceId, docId, kind: 'push' });
  if (!envelope) throw new Error('no private envelope captured');
  return envelope;
}

describe('a relay that substitutes genuine frames from elsewhere', () => {
  it('another space: an update from a second real space is refused (wrong-space, fatal)', async () => {
    const carol = await s.otherSpace();
    const c = s.open(carol);
    await c.provider.whenSynced();
    await c.type('from another space ');
    const [foreign] = s.proxy.pushed({ spaceId: carol.spaceId, docId: SHARED_DOC_ID, kind: 'push' });
    expect(foreign).toBeDefined();

    const a = s.open(s.alice);
    const b = s.open(s.bob);
    await allSynced(a, b);
    s.proxy.attack(s.alice.device.signPublicKey, substituteNextEntry(foreign!, authoredBy(s.bob.device.signPublicKey)));
    await b.type('one ');

    await eventually(() => expect(a.codes()).toEqual(['wrong-space']));
    expect(a.errors[0]!.fatal).toBe(true);
    expect(a.provider.shouldConnect).toBe(false);
    expect(a.textAtError).toEqual(['']);
    expect(a.text()).toBe('');
    await expectStoreSound(a, 'one ');
  });

  it.each(['envelope', 'frame'] as const)(
    "another document (%s): Bob's private document served as the shared one is refused (wrong-document, fatal)",
    async (how) => {
      const privateEnvelope = await capturePrivateEnvelope('private words ');
      const a = s.open(s.alice);
      const b = s.open(s.bob);
      await allSynced(a, b);
      s.proxy.attack(
        s.alice.device.signPublicKey,
        how === 'envelope'
          ? substituteNextEntry(privateEnvelope, authoredBy(s.bob.device.signPublicKey))
          : relabelNextUpdates(privateDocId(s.bob.partnerId)),
      );
      await b.type('one ');

      await eventually(() => expect(a.codes()).toEqual(['wrong-document']));
      expect(a.errors[0]!.fatal).toBe(true);
      expect(a.provider.shouldConnect).toBe(false);
      expect(a.text()).toBe('');
      await expectStoreSound(a, 'one ');
    },
  );
});
