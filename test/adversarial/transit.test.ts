/**
 * Attacks on single entries in transit, by a relay (or network) between two partners: a dropped
 * update, two updates reordered, a tampered ciphertext / header / signature, an old update
 * replayed as new. Each is reported with its documented code, is recoverable, is never applied,
 * and heals by itself once the attack stops.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERRORS, SHARED_DOC_ID, decodeEnvelope, toBase64Url } from '@securebase/protocol';
import { authoredBy, dropNextEntry, reorderNextEntries, tamperNextEntry, type TamperTarget } from './attacks.js';
import { allSynced, eventually, expectHealed, startScenario, type Scenario } from './scenario.js';

let s: Scenario;

beforeEach(async () => {
  s = await startScenario();
});

afterEach(async () => {
  await s.close();
});

describe('a relay that tampers with entries in transit', () => {
  it('gap: a dropped update is reported (update-gap), never skipped, and fetched again', async () => {
    const a = s.open(s.alice);
    const b = s.open(s.bob);
    await allSynced(a, b);
    await b.type('one ');
    await eventually(() => expect(a.text()).toBe('one '));

    s.proxy.attack(s.alice.device.signPublicKey, dropNextEntry(authoredBy(s.bob.device.signPublicKey)));
    await b.type('two ');
    await b.type('three ');

    await eventually(() => expect(a.text()).toBe('one two three '));
    expect(a.codes()).toEqual(['update-gap']);
    expect(ERRORS['update-gap'].fatal).toBe(false);
    expect(a.errors[0]!.fatal).toBe(false);
    // Detected when 'three' arrived without 'two': nothing after the hole was applied.
    expect(a.textAtError).toEqual(['one ']);
    expect(b.errors).toEqual([]);
    await expectHealed(s, [a, b]);
  });

  it.each(['live', 'catch-up'] as const)('reorder (%s): two updates swapped are reported (reordered-update) and re-fetched in order', async (when) => {
    const b = s.open(s.bob);
    await b.provider.whenSynced();
    const a = when === 'live' ? s.open(s.alice) : undefined;
    if (a) await a.provider.whenSynced();
    if (a) s.proxy.attack(s.alice.device.signPublicKey, reorderNextEntries());
    for (const word of ['one ', 'two ', 'three ']) await b.type(word);
    const alice = a ?? s.open(s.alice);
    if (!a) s.proxy.attack(s.alice.device.signPublicKey, reorderNextEntries());

    await eventually(() => expect(alice.text()).toBe('one two three '));
    expect(alice.codes()).toEqual(['reordered-update']);
    expect(alice.errors[0]!.fatal).toBe(false);
    // The whole batch was refused before anything in it was applied.
    expect(alice.textAtError).toEqual(['']);
    await expectHealed(s, [alice, b]);
  });

  it.each(['ciphertext', 'header', 'signature'] as TamperTarget[])(
    'tamper (%s): a changed byte fails the signature check (bad-signature), is not applied, and is fetched again',
    async (target) => {
      const a = s.open(s.alice);
      const b = s.open(s.bob);
      await allSynced(a, b);
      s.proxy.attack(s.alice.device.signPublicKey, tamperNextEntry(target, authoredBy(s.bob.device.signPublicKey)));
      await b.type('one ');

      await eventually(() => expect(a.text()).toBe('one '));
      expect(a.codes()).toEqual(['bad-signature']);
      expect(a.errors[0]!.fatal).toBe(false);
      expect(a.textAtError).toEqual(['']);
      // The proxy did deliver the tampered bytes: the first delivery differs from what Bob pushed.
      const pushed = s.proxy.pushed({ spaceId: s.bob.spaceId, docId: SHARED_DOC_ID, kind: 'push' });
      const delivered = s.proxy.connections
        .filter((c) => c.deviceKey === toBase64Url(s.alice.device.signPublicKey))
        .flatMap((c) => c.toClient)
        .flatMap((f) => (f.type === 'updates' ? f.entries : []));
      expect(delivered).toHaveLength(2);
      expect(delivered[0]!.envelope).not.toEqual(pushed[0]);
      expect(delivered[1]!.envelope).toEqual(pushed[0]);
      await expectHealed(s, [a, b]);
    },
  );

  it('replay: an old update served again as a new entry is reported (replayed-update) and never applied twice', async () => {
    // The relay replays to both partners, consistently renumbering: their histories stay equal.
    const view = s.proxy.view(s.alice.spaceId, SHARED_DOC_ID, [s.alice.device.signPublicKey, s.bob.device.signPublicKey]);
    const a = s.open(s.alice);
    const b = s.open(s.bob);
    await allSynced(a, b);
    await b.type('one ');
    await eventually(() => expect(a.text()).toBe('one '));
    await a.type('two ');
    await eventually(() => expect(b.text()).toBe('one two '));

    const bobsFirst = s.proxy.pushed({ spaceId: s.bob.spaceId, docId: SHARED_DOC_ID, kind: 'push' }).find((envelope) => {
      const { header } = decodeEnvelope(envelope);
      return toBase64Url(header.author) === toBase64Url(s.bob.device.signPublicKey) && header.clock === 1;
    });
    expect(bobsFirst).toBeDefined();
    expect(view.insert(bobsFirst!)).toBe(3);

    await eventually(() => expect(a.codes()).toEqual(['replayed-update']));
    expect(a.errors[0]!.fatal).toBe(false);
    expect(a.textAtError).toEqual(['one two ']);
    await eventually(() => expect(a.provider.lastSeq).toBe(3));
    await eventually(() => expect(b.provider.lastSeq).toBe(3));
    expect(a.text()).toBe('one two ');

    // Both folded the same history, so later signed heads agree: no fork, and both go on.
    await b.type('three ');
    await eventually(() => expect(a.text()).toBe('one two three '));
    await a.type('four ');
    await eventually(() => expect(a.text()).toBe('one two three four '));
    await eventually(() => expect(b.text()).toBe('one two three four '));
    expect(a.codes()).toEqual(['replayed-update']);
    expect(b.errors).toEqual([]);
    await expectHealed(s, [a, b]);
  });
});
