/**
 * Issue 11, findings 1 and 5, in real Chromium with two partners: Maya (desktop, 1280 px) and
 * Jonah (phone, 390 px). A partner's edit shows as "edited by Jonah" with what changed; a removal
 * shows as "removed by Jonah · Undo", is kept in a history, and undo brings it back on both
 * screens; removing the partner's own win is refused in words, not silently.
 *
 *   scripts/pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/authorship.test.ts
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPair, gotoSection, horizontalOverflow, screenshot, seriousA11yViolations, startHarness, waitGone, type Harness } from './helpers/index.js';

let h: Harness;
let maya: Page;
let jonah: Page;

beforeAll(async () => {
  h = await startHarness();
  ({ alex: maya, sam: jonah } = await createPair(h, { alex: { name: 'Maya' }, sam: { name: 'Jonah' } }));
});

afterAll(async () => {
  await h?.close();
});

async function bothGoTo(label: string): Promise<void> {
  await gotoSection(maya, label);
  await gotoSection(jonah, label);
}

function card(page: Page, list: string, name: string): Locator {
  return page.getByRole('list', { name: list, exact: true }).getByRole('listitem', { name, exact: true });
}

/** No serious axe findings, nothing sideways, and a screenshot, at both widths. */
async function checkScreens(name: string): Promise<void> {
  for (const [page, width] of [
    [maya, 'desktop'],
    [jonah, 'phone'],
  ] as const) {
    expect(await seriousA11yViolations(page), `${name} at ${width} width`).toEqual([]);
    expect(await horizontalOverflow(page), `${name} overflows at ${width} width`).toEqual([]);
    await screenshot(page, `authorship-${name}-${width}`);
  }
}

describe('who changed what, shown to both partners', () => {
  it('Jonah edits Maya’s trigger: her card says edited by Jonah, and what changed', async () => {
    await bothGoTo('Triggers');
    const form = maya.getByRole('form', { name: 'Add a trigger' });
    await form.getByLabel('The trigger').fill('Phone face down on the table');
    await form.getByLabel('What tends to happen').fill('I go quiet and start to spiral.');
    await form.getByRole('button', { name: 'Add trigger' }).click();

    const jonahs = card(jonah, 'Our triggers', 'Trigger: Phone face down on the table');
    await jonahs.getByText('I go quiet and start to spiral.').waitFor();
    await jonahs.getByRole('button', { name: 'Edit trigger: Phone face down on the table' }).click();
    await jonahs.getByLabel('What tends to happen').fill('Maya gets suspicious and starts interrogating me.');
    await jonahs.getByRole('button', { name: 'Save changes' }).click();

    const mayas = card(maya, 'Our triggers', 'Trigger: Phone face down on the table');
    await mayas.getByText('Maya gets suspicious and starts interrogating me.').waitFor();
    await mayas.getByText('Written by you').waitFor();
    await mayas.getByText('Edited by Jonah').click();
    const diff = mayas.locator('.edited-fields');
    const removedWords = (await diff.locator('del').allInnerTexts()).join(' ');
    const addedWords = (await diff.locator('ins').allInnerTexts()).join(' ');
    for (const word of ['I go quiet', 'start to spiral.']) expect(removedWords).toContain(word);
    for (const word of ['Maya gets suspicious', 'starts interrogating me.']) expect(addedWords).toContain(word);
    // The words both versions share stay as they were.
    expect(await diff.innerText()).toMatch(/\band\b/);
    // Jonah sees his own edit named as his.
    await jonahs.getByText('Edited by you').waitFor();
    await checkScreens('trigger-edited');
  });

  it('Jonah removes Maya’s word: removed by Jonah · Undo, kept in a history; undo brings it back on both screens', async () => {
    await bothGoTo('Our words');
    await maya.getByLabel('Word or phrase').fill('flooded');
    await maya.getByLabel('What it means to me', { exact: true }).fill('Too much at once; I need twenty minutes.');
    await maya.getByRole('button', { name: 'Add word' }).click();

    const jonahs = card(jonah, 'Our words', 'flooded');
    await jonahs.getByText('Too much at once').waitFor();
    await jonahs.getByRole('button', { name: 'Remove flooded' }).click();
    await jonahs.getByRole('button', { name: 'Yes, remove' }).click();

    await waitGone(card(maya, 'Our words', 'flooded'));
    const removed = maya.getByRole('region', { name: 'Removed words' }).getByRole('listitem', { name: 'Removed: flooded' });
    await removed.getByText('removed by Jonah').waitFor();
    await jonah.getByRole('region', { name: 'Removed words' }).getByText('removed by you').waitFor();
    await checkScreens('word-removed');

    await removed.getByRole('button', { name: 'Undo removing flooded' }).click();
    // Back with Maya's meaning, on both screens.
    expect(await card(maya, 'Our words', 'flooded').getByLabel('What it means to me').inputValue()).toBe('Too much at once; I need twenty minutes.');
    await card(jonah, 'Our words', 'flooded').getByText('Too much at once').waitFor();

    // Removed again: the history both can see names every removal and the undo.
    await card(jonah, 'Our words', 'flooded').getByRole('button', { name: 'Remove flooded' }).click();
    await card(jonah, 'Our words', 'flooded').getByRole('button', { name: 'Yes, remove' }).click();
    const again = maya.getByRole('region', { name: 'Removed words' }).getByRole('listitem', { name: 'Removed: flooded' });
    await again.getByText('History').click();
    const history = again.locator('.removed-history li');
    expect(await history.allInnerTexts()).toEqual([expect.stringContaining('Removed by Jonah'), 'Put back by you', expect.stringContaining('Removed by Jonah')]);
    await checkScreens('word-history');
    await again.getByRole('button', { name: 'Undo removing flooded' }).click();
    await card(jonah, 'Our words', 'flooded').waitFor();
  });

  it('an agreement changed after Maya affirmed it says she agreed to an earlier version, and what changed', async () => {
    await bothGoTo('Agreements');
    await maya.getByLabel('Kind of agreement').selectOption('time-out');
    await maya.getByRole('button', { name: 'Add agreement' }).click();
    const mayas = card(maya, 'Our agreements', 'Our time-out');
    const jonahs = card(jonah, 'Our agreements', 'Our time-out');
    await jonahs.waitFor();
    await mayas.getByRole('button', { name: 'Affirm: Our time-out', exact: true }).click();
    await jonahs.getByText('Maya: affirmed on').waitFor();

    await jonahs.getByRole('button', { name: 'Edit Our time-out' }).click();
    await jonahs.getByLabel('Our pause signal').fill('Can we take a breather?');
    await jonahs.getByRole('button', { name: 'Save changes' }).click();

    await mayas.getByText('You agreed to an earlier version').click();
    const changed = mayas.locator('.earlier-version .edited-fields');
    await changed.getByText('Our pause signal').waitFor();
    expect((await changed.locator('ins').allInnerTexts()).join(' ')).toContain('breather?');
    await jonahs.getByText('Maya agreed to an earlier version').waitFor();
    await mayas.getByText('Edited by Jonah').waitFor();
    await checkScreens('agreement-earlier-version');
  });

  it('removing the partner’s win is refused in words, and the win stays', async () => {
    await bothGoTo('Wins');
    await maya.getByLabel('What happened').fill('You waited for me at the station.');
    await maya.getByRole('button', { name: 'Add to our wins' }).click();

    const jonahs = card(jonah, 'Our wins', 'Small win: You waited for me at the station.');
    await jonahs.getByText('Noticed by Maya').waitFor();
    // Not Jonah's to remove: no "remove for both?" question, a refusal in words instead.
    await jonahs.getByRole('button', { name: 'Remove: You waited for me at the station.' }).click();
    expect(await jonahs.getByRole('button', { name: 'Yes, remove' }).count()).toBe(0);
    await jonahs.getByRole('status').getByText('only Maya can change or remove it').waitFor();
    await card(maya, 'Our wins', 'Small win: You waited for me at the station.').waitFor();
    await checkScreens('win-refused');
    expect(h.pageErrors).toEqual([]);
  });
});
