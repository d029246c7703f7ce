/**
 * Issue 17, part 1, with two partners in real Chromium through a real relay: a secure-base script
 * rehearsed together (both see turn 1, Next on one moves both, Swap flips who says what on both,
 * Pause shows on both and resumes, a reload rejoins on the same turn, End closes both), "This
 * felt hard" shown on the marker's page only (never in the partner's DOM), sharing a hard line
 * as an inbox note, and rehearsing alone without the partner. Axe on each card;
 * screenshots at 390 and 1280 px in /tmp/shots-rehearsal/.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/rehearsal.test.ts
 */
import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPair, gotoSection, seriousA11yViolations, startHarness, VIEWPORTS, waitGone, waitSynced, type Harness } from './helpers/index.js';

const SHOTS = '/tmp/shots-rehearsal';
const DESKTOP = { width: 1280, height: 800 };
const TITLE = 'When the old fear comes back';
const ASK = "I'm feeling unsure right now. Can you remind me that we're okay?";
const ANSWER = "Yes. I'm here, we're okay, and I'm glad you told me.";

let h: Harness;
let alex: Page;
let sam: Page;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  h = await startHarness();
  ({ alex, sam } = await createPair(h, { alex: { viewport: DESKTOP }, sam: { viewport: VIEWPORTS.phone } }));
});

afterAll(async () => {
  await h?.close();
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

function rehearsal(page: Page): Locator {
  return page.getByRole('dialog', { name: `Rehearsing: ${TITLE}` });
}

/** The line on a page's card: who says it, and the words. */
async function turnOn(page: Page): Promise<{ who: string; line: string }> {
  const card = rehearsal(page);
  return { who: (await card.locator('.rehearse-who').textContent()) ?? '', line: (await card.locator('.rehearse-line').textContent()) ?? '' };
}

async function waitTurn(page: Page, who: string, line: string): Promise<void> {
  await rehearsal(page).locator('.rehearse-who', { hasText: who }).waitFor();
  expect(await turnOn(page)).toEqual({ who, line });
}

describe('rehearsal', () => {
  it('keeps both screens on one turn: Next, Swap, Pause and End from either side', async () => {
    await gotoSection(alex, 'Agreements');
    await gotoSection(sam, 'Agreements');
    await alex.getByLabel('Kind of agreement').selectOption('secure-base-script');
    await alex.getByRole('button', { name: 'Add agreement' }).click();
    await sam.getByRole('button', { name: `Rehearse together: ${TITLE}` }).waitFor();
    await alex.getByRole('listitem', { name: TITLE }).screenshot({ path: `${SHOTS}/card-desktop.png` });
    await sam.getByRole('listitem', { name: TITLE }).screenshot({ path: `${SHOTS}/card-phone.png` });

    await alex.getByRole('button', { name: `Rehearse together: ${TITLE}` }).click();
    await rehearsal(alex).waitFor();
    await rehearsal(sam).waitFor();
    await waitTurn(alex, 'You say:', ASK);
    await waitTurn(sam, 'Alex says:', ASK);
    await rehearsal(sam).getByText('Line 1 of 2').waitFor();
    // The harness asks for reduced motion: the new line does not fade in, nothing is animating.
    expect(await sam.evaluate(() => document.getAnimations().length)).toBe(0);
    await shot(alex, 'together-desktop');
    await shot(sam, 'together-phone');
    expect(await seriousA11yViolations(alex)).toEqual([]);
    expect(await seriousA11yViolations(sam)).toEqual([]);

    // Next on Sam's phone moves both.
    await rehearsal(sam).getByRole('button', { name: 'Next' }).click();
    await waitTurn(alex, 'Sam answers:', ANSWER);
    await waitTurn(sam, 'You answer:', ANSWER);

    // Swap on Alex's screen flips who says what on both.
    await rehearsal(alex).getByRole('button', { name: 'Swap roles' }).click();
    await waitTurn(alex, 'You answer:', ANSWER);
    await waitTurn(sam, 'Alex answers:', ANSWER);
    await rehearsal(sam).getByRole('button', { name: 'Back' }).click();
    await waitTurn(sam, 'You say:', ASK);
    await waitTurn(alex, 'Sam says:', ASK);

    // Pause on Sam's side shows on both, and Alex resumes it.
    await rehearsal(sam).getByRole('button', { name: 'Pause' }).click();
    await rehearsal(alex).getByRole('status').getByText('Paused.', { exact: false }).waitFor();
    await rehearsal(sam).getByRole('status').getByText('Paused.', { exact: false }).waitFor();
    expect(await rehearsal(alex).getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await shot(sam, 'paused-phone');
    await rehearsal(alex).getByRole('button', { name: 'Resume' }).click();
    await rehearsal(sam).getByRole('button', { name: 'Pause' }).waitFor();
    await waitGone(rehearsal(sam).locator('.rehearse-paused'));
    expect(await rehearsal(sam).getByRole('button', { name: 'Next' }).isDisabled()).toBe(false);

    // "This felt hard" stays on Alex's screen; Sam's page never holds it.
    await rehearsal(alex).getByRole('button', { name: 'This felt hard' }).click();
    await rehearsal(alex).locator('[data-hard-mark]').waitFor();
    expect(await rehearsal(alex).getByRole('button', { name: 'This felt hard' }).getAttribute('aria-pressed')).toBe('true');
    await shot(alex, 'felt-hard-desktop');
    expect(await seriousA11yViolations(alex)).toEqual([]);
    // Give anything that might have been sent time to arrive, and move a step so Sam's card re-renders.
    await rehearsal(alex).getByRole('button', { name: 'Next' }).click();
    await waitTurn(sam, 'Alex answers:', ANSWER);
    await rehearsal(alex).getByRole('button', { name: 'Back' }).click();
    await waitTurn(sam, 'You say:', ASK);
    expect(await sam.locator('[data-hard-mark]').count()).toBe(0);
    expect(await sam.evaluate(() => document.body.innerHTML.includes('Marked for you only'))).toBe(false);
    expect(await rehearsal(sam).getByRole('button', { name: 'This felt hard' }).getAttribute('aria-pressed')).toBe('false');

    // Sam reloads: Alex's device repeats the rehearsal, and Sam's card comes back on the same turn and role.
    await sam.reload();
    await waitSynced(sam);
    await waitTurn(sam, 'You say:', ASK);
    await waitTurn(alex, 'Sam says:', ASK);

    await rehearsal(sam).getByRole('button', { name: 'End for both of us' }).click();
    await waitGone(rehearsal(sam));
    await waitGone(rehearsal(alex));
    // Ended is ended: a late repeat from Alex's device does not bring it back.
    await alex.waitForTimeout(4000);
    expect(await rehearsal(sam).count()).toBe(0);
    expect(await rehearsal(alex).count()).toBe(0);
    expect(h.pageErrors).toEqual([]);
  });

  it('rehearses alone with the partner’s lines shown and nothing sent, and shares a hard line only when asked', async () => {
    await sam.getByRole('button', { name: `Rehearse alone: ${TITLE}` }).click();
    await rehearsal(sam).waitFor();
    await waitTurn(sam, 'You say:', ASK);
    await rehearsal(sam).getByText('On your own:', { exact: false }).waitFor();
    await rehearsal(sam).getByRole('button', { name: 'Next' }).click();
    await waitTurn(sam, 'Alex answers:', ANSWER);
    await rehearsal(sam).getByRole('button', { name: 'Swap roles' }).click();
    await waitTurn(sam, 'You answer:', ANSWER);
    await shot(sam, 'alone-phone');
    expect(await seriousA11yViolations(sam)).toEqual([]);
    await alex.waitForTimeout(3500);
    expect(await rehearsal(alex).count()).toBe(0);

    // Sam marks the answer as hard and chooses to share it: a normal note reaches Alex's inbox.
    await rehearsal(sam).getByRole('button', { name: 'This felt hard' }).click();
    await rehearsal(sam).getByRole('button', { name: 'Share with Alex' }).click();
    await rehearsal(sam).getByText('Shared with Alex as a note in your inbox.').waitFor();
    await rehearsal(sam).getByRole('button', { name: 'End', exact: true }).click();
    await waitGone(rehearsal(sam));
    await gotoSection(alex, 'Inbox');
    await alex.getByText(`this line felt hard for me: “${ANSWER}”`, { exact: false }).waitFor();

    // Alone on the desktop too, for the screenshot at 1280 px.
    await gotoSection(alex, 'Agreements');
    await alex.getByRole('button', { name: `Rehearse alone: ${TITLE}` }).click();
    await waitTurn(alex, 'You say:', ASK);
    await shot(alex, 'alone-desktop');
    await rehearsal(alex).getByRole('button', { name: 'End', exact: true }).click();
    await waitGone(rehearsal(alex));
    expect(await rehearsal(sam).count()).toBe(0);
    expect(h.pageErrors).toEqual([]);
  });
});
