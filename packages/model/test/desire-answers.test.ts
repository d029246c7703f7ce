/**
 * The desires list and one partner's private answers: built-in items by stable id, custom items
 * in the person's own words (the same words answer the same item), validation, and which items
 * go to a reveal (yes and maybe only).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BUILT_IN_DESIRES, DESIRE_GROUPS, DesireAnswers } from '@securebase/model';
import { expectInvalid, fixedClock } from './helpers.js';

describe('built-in desires', () => {
  it('has 20-30 items with unique, stable-looking ids in every group, gentlest group first', () => {
    expect(BUILT_IN_DESIRES.length).toBeGreaterThanOrEqual(20);
    expect(BUILT_IN_DESIRES.length).toBeLessThanOrEqual(30);
    const ids = BUILT_IN_DESIRES.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^desire-[a-z-]+$/);
    for (const group of DESIRE_GROUPS) expect(BUILT_IN_DESIRES.some((item) => item.group === group)).toBe(true);
    const groupOrder = BUILT_IN_DESIRES.map((item) => DESIRE_GROUPS.indexOf(item.group));
    expect(groupOrder).toEqual([...groupOrder].sort((a, b) => a - b));
  });
});

describe('DesireAnswers', () => {
  it('answers built-in and custom items; the same words answer the same custom item', () => {
    const doc = new Y.Doc();
    const mine = new DesireAnswers(doc, { now: fixedClock() });
    expect(mine.answer('desire-long-hug', 'yes')).toMatchObject({ id: 'desire-long-hug', custom: false, created: false });
    const picnic = mine.answer('A picnic  at dawn', 'maybe');
    expect(picnic).toMatchObject({ title: 'A picnic  at dawn', custom: true, created: true });
    expect(picnic.id).toMatch(/^custom-/);
    // Other spacing and case, then the id itself: still the one item.
    expect(mine.answer(' a PICNIC at dawn ', 'no')).toMatchObject({ id: picnic.id, created: false });
    expect(mine.answer(picnic.id, 'yes')).toMatchObject({ id: picnic.id, created: false });
    // Own words that are a built-in's title answer the built-in.
    expect(mine.answer('long, slow KISSES', 'maybe')).toMatchObject({ id: 'desire-slow-kissing', custom: false });
    const list = mine.list();
    expect(list.length).toBe(BUILT_IN_DESIRES.length + 1);
    expect(list.find((entry) => entry.id === picnic.id)).toMatchObject({ group: 'custom', answer: 'yes' });
    expect(list.find((entry) => entry.id === 'desire-back-rub')?.answer).toBeUndefined();
  });

  it('brings only yes and maybe to a reveal: built-ins by id, custom items by their words', () => {
    const mine = new DesireAnswers(new Y.Doc(), { now: fixedClock() });
    mine.answer('desire-long-hug', 'yes');
    mine.answer('desire-back-rub', 'no');
    mine.answer('desire-dancing', 'maybe');
    mine.answer('Reading aloud in bed', 'yes');
    mine.answer('Singing badly together', 'no');
    expect(mine.revealItems()).toEqual([
      { item: 'desire-long-hug', title: 'A long hug without a reason' },
      { item: 'desire-dancing', title: 'Dancing together in the kitchen' },
      { item: 'Reading aloud in bed', title: 'Reading aloud in bed' },
    ]);
    mine.clear('desire-long-hug');
    expect(mine.revealItems().map((r) => r.item)).not.toContain('desire-long-hug');
  });

  it('refuses an unknown answer, empty or too long words, and an unknown custom id', () => {
    const mine = new DesireAnswers(new Y.Doc());
    expectInvalid(() => mine.answer('desire-long-hug', 'perhaps' as never), 'answer', 'invalid-value');
    expectInvalid(() => mine.answer('   ', 'yes'), 'item', 'required');
    expectInvalid(() => mine.answer('x'.repeat(201), 'yes'), 'item', 'too-long');
    expectInvalid(() => mine.answer('custom-doesnotexist', 'yes'), 'item', 'unknown-id');
    expect(mine.list().every((entry) => entry.answer === undefined)).toBe(true);
  });

  it('ignores junk a peer device wrote into the map', () => {
    const doc = new Y.Doc();
    const map = doc.getMap('desireAnswers');
    map.set('desire-long-hug', { answer: 'always', updatedAt: 1 });
    map.set('custom-x', { answer: 'yes', updatedAt: 1 });
    map.set('desire-not-built-in', { answer: 'yes', updatedAt: 1 });
    const mine = new DesireAnswers(doc);
    expect(mine.list().length).toBe(BUILT_IN_DESIRES.length);
    expect(mine.revealItems()).toEqual([]);
  });
});
