/**
 * Right-to-left writing (issue 11, finding 9): Hebrew and Arabic typed into a field, and shown
 * on a card, read from the right with their closing punctuation at the left end of the line,
 * while an English card beside them stays left to right. Checked by where the browser actually
 * lays the letters out, not by an attribute. Screenshots: rtl-*.png.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/rtl.test.ts
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpaceAs, gotoSection, screenshot, startHarness, VIEWPORTS, type Harness } from './helpers/index.js';

let h: Harness;
let maya: Page;

const HEBREW = 'אני צריכה הפסקה קצרה, בבקשה!';
const ARABIC = 'شكرا لأنك استمعت إلي اليوم!';
const ENGLISH = 'Thank you for listening today!';
const MIXED = 'אמרתי "time-out" ואז חיכיתי.';

beforeAll(async () => {
  h = await startHarness();
  maya = await createSpaceAs(h, { name: 'Maya' });
});

afterAll(async () => {
  await h?.close();
});

interface Layout {
  direction: string;
  /** Space between the element's content box and its text, on each side. */
  gapLeft: number;
  gapRight: number;
  /** Is the last character (the closing punctuation) drawn left of the first one? */
  endIsLeft: boolean;
}

/** Where the text of a displayed element sits. */
function layoutOf(locator: Locator): Promise<Layout> {
  return locator.evaluate((el) => {
    const text = el.firstChild && el.firstChild.nodeType === Node.TEXT_NODE ? el.firstChild : el;
    const length = (text.textContent ?? '').length;
    const range = document.createRange();
    range.selectNodeContents(text);
    const all = range.getBoundingClientRect();
    const char = (i: number): DOMRect => {
      const r = document.createRange();
      r.setStart(text, i);
      r.setEnd(text, i + 1);
      return r.getBoundingClientRect();
    };
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const padLeft = parseFloat(style.paddingLeft);
    const padRight = parseFloat(style.paddingRight);
    return {
      direction: style.direction,
      gapLeft: Math.round(all.left - box.left - padLeft),
      gapRight: Math.round(box.right - padRight - all.right),
      endIsLeft: char(length - 1).left < char(0).left,
    };
  });
}

/** The direction a field resolved for what is typed into it (dir="auto" → rtl for Hebrew). */
function fieldDirection(locator: Locator): Promise<string> {
  return locator.evaluate((el) => (el as HTMLElement).matches(':dir(rtl)') ? 'rtl' : 'ltr');
}

describe('Hebrew and Arabic', () => {
  it('read right to left in fields and on cards; English stays left to right', async () => {
    await gotoSection(maya, 'Inbox');
    const form = maya.getByRole('form', { name: 'Add a note' });
    const note = form.getByLabel('Note', { exact: true });
    for (const text of [ENGLISH, HEBREW, MIXED]) {
      await note.fill(text);
      expect(await fieldDirection(note), text).toBe(text === ENGLISH ? 'ltr' : 'rtl');
      await form.getByRole('button', { name: 'Add note' }).click();
      await maya.getByRole('list', { name: 'Notes' }).getByText(text, { exact: true }).waitFor();
    }
    const shown = (text: string): Locator => maya.getByRole('list', { name: 'Notes' }).getByText(text, { exact: true });

    const hebrew = await layoutOf(shown(HEBREW));
    expect(hebrew.gapRight, 'Hebrew hugs the right edge').toBeLessThanOrEqual(1);
    expect(hebrew.gapLeft).toBeGreaterThan(20);
    expect(hebrew.endIsLeft, 'the “!” ends the Hebrew line on the left').toBe(true);
    const mixed = await layoutOf(shown(MIXED));
    expect(mixed.gapRight).toBeLessThanOrEqual(1);
    expect(mixed.endIsLeft, 'the full stop ends the mixed line on the left').toBe(true);
    const english = await layoutOf(shown(ENGLISH));
    expect(english.gapLeft).toBeLessThanOrEqual(1);
    expect(english.endIsLeft).toBe(false);

    await gotoSection(maya, 'Wins');
    const win = maya.getByRole('form', { name: 'Add a win' });
    await win.getByLabel('What happened').fill(ARABIC);
    expect(await fieldDirection(win.getByLabel('What happened'))).toBe('rtl');
    await win.getByRole('button', { name: 'Add to our wins' }).click();
    const arabic = await layoutOf(maya.getByRole('list', { name: 'Our wins' }).getByText(ARABIC, { exact: true }));
    expect(arabic.gapRight).toBeLessThanOrEqual(1);
    expect(arabic.endIsLeft).toBe(true);

    await gotoSection(maya, 'Our words');
    const term = maya.getByRole('form', { name: 'Add a word' }).getByLabel('Word or phrase');
    await term.fill('הפסקה');
    expect(await fieldDirection(term)).toBe('rtl');

    await gotoSection(maya, 'Inbox');
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await maya.setViewportSize(viewport);
      await screenshot(maya, `rtl-inbox-${width}`);
    }
    expect(h.pageErrors).toEqual([]);
  });
});
