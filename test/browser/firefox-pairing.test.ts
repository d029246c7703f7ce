/**
 * Browser end-to-end across browsers: Alex in Chromium (playwright-core) and Sam in Firefox ESR
 * (puppeteer-core over WebDriver BiDi) pair through a real relay serving the built web app and
 * sync live both ways; then Sam walks every section's smoke path in Firefox, locks and
 * quick-hides, and edits offline. Screenshots land in test-output/screenshots/firefox-*.png.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/firefox-pairing.test.ts
 */
import { join } from 'node:path';
import type { Page as ChromiumPage } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox, type FirefoxSession } from './helpers/firefox.js';
import * as ff from './helpers/firefox-ui.js';
import { createInvite, createSpaceAs, gotoSection, SCREENSHOTS, startHarness, VIEWPORTS, waitSynced, type Harness } from './helpers/index.js';
import { startCuttableLine, type CuttableLine } from './helpers/network-cut.js';
import { overflowingElements } from './helpers/screenshot.js';

let h: Harness;
let fx: FirefoxSession;
let alex: ChromiumPage;
let sam: FirefoxPage;
/** Sam's way to the relay: its own origin, so the offline test can cut Firefox's line alone. */
let line: CuttableLine;

beforeAll(async () => {
  h = await startHarness();
  line = await startCuttableLine(h.url);
  fx = await launchFirefox();
});

afterAll(async () => {
  await fx?.close();
  await line?.close();
  await h?.close();
});

/** No sideways overflow in Firefox's layout, and a screenshot for a human to look at. */
async function shot(page: FirefoxPage, name: string): Promise<void> {
  expect(await page.evaluate(overflowingElements), `${name} overflows in Firefox`).toEqual([]);
  // Grow the viewport to the whole page first, as Playwright's full-page shots do in Chromium:
  // Firefox's own full-page capture keeps the viewport, leaving the sticky pause bar mid-page.
  const viewport = page.viewport() ?? VIEWPORTS.phone;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewport({ ...viewport, height });
  await page.screenshot({ path: join(SCREENSHOTS, `firefox-${name}.png`) });
  await page.setViewport(viewport);
}

/** One card in a named list on Alex's (Chromium) screen. */
function alexsCard(list: string, name: string) {
  return alex.getByRole('list', { name: list, exact: true }).getByRole('listitem', { name, exact: true });
}

/** One card in a named list on Sam's (Firefox) screen. */
async function samsCard(list: string, name: string) {
  return ff.find(await ff.find(sam, ff.aria('list', list)), ff.aria('listitem', name));
}

describe('a Chromium partner and a Firefox partner', () => {
  it('pair through the relay: Chromium invites, Firefox joins', async () => {
    alex = await createSpaceAs(h, { name: 'Alex' });
    const link = await createInvite(alex);
    sam = await fx.openPerson(VIEWPORTS.phone);
    await sam.goto(link.replace(h.url, line.url));
    await ff.find(sam, ff.aria('heading', 'Join your partner’s space'));
    // As in Chromium, the secret leaves Firefox's address bar as soon as the app has read it.
    expect(await sam.evaluate(() => location.hash)).toBe('#/join');
    await ff.fill(sam, ff.aria('textbox', 'Your name (optional)'), 'Sam');
    await shot(sam, 'join-phone');
    await ff.click(sam, ff.aria('button', 'Join'));
    await ff.find(sam, ff.aria('navigation', 'Workbook sections'));
    await ff.waitSynced(sam);
    const onboarding = await sam.$(ff.aria('button', 'Got it, open the workbook'));
    if (onboarding) await onboarding.click();
    await alex.getByRole('heading', { name: 'Invite your partner' }).waitFor({ state: 'detached' });
  });

  it('sync live both ways: a note from Firefox, a word from Chromium, a meaning back from Firefox', async () => {
    await ff.gotoSection(sam, 'Inbox');
    await ff.fill(sam, ff.aria('textbox', 'Note'), 'Thank you for listening tonight.');
    await ff.select(sam, ff.aria('combobox', 'What kind of note'), 'appreciation');
    await ff.click(sam, ff.aria('button', 'Add note'));
    await gotoSection(alex, 'Inbox');
    const note = alexsCard('Notes', 'Note: Thank you for listening tonight.');
    await note.waitFor();
    expect(await note.textContent()).toContain('Sam');

    await gotoSection(alex, 'Our words');
    await alex.getByLabel('Word or phrase').fill('flooded');
    await alex.getByLabel('What it means to me', { exact: true }).fill('Too much at once.');
    await alex.getByRole('button', { name: 'Add word' }).click();
    await ff.gotoSection(sam, 'Our words');
    const card = await samsCard('Our words', 'flooded');
    await ff.waitText(card, 'Too much at once.');
    await ff.fill(card, ff.aria('textbox', 'What it means to me (flooded)'), 'My chest gets tight.');
    await (await ff.find(card, ff.aria('textbox', 'What it means to me (flooded)'))).press('Enter');
    await ff.waitText(card, 'Saved.');
    await alexsCard('Our words', 'flooded').getByRole('group', { name: 'What it means to Sam' }).getByText('My chest gets tight.').waitFor();
    await shot(sam, 'vocabulary-phone');
  });

  it('every section works in Firefox: Sam writes, Alex (Chromium) sees it', async () => {
    const a = ff.aria;
    // Boundaries: a private draft, then shared.
    await ff.gotoSection(sam, 'Boundaries');
    const form = await ff.find(sam, a('form', 'Draft a boundary'));
    await ff.fill(form, a('textbox', 'Topic'), 'Holding hands in public');
    await ff.click(form, a('radio', 'Maybe'));
    await ff.fill(form, a('textbox', 'A note (optional)'), 'Ask me first, for now.');
    await ff.click(form, a('button', 'Save draft'));
    const draft = await samsCard('My private drafts', 'Draft: Holding hands in public');
    await ff.click(draft, a('button', 'Share with my partner: Holding hands in public'));
    await ff.click(draft, a('button', 'Share it'));
    await ff.waitText(draft, 'Shared with Alex on');
    await gotoSection(alex, 'Boundaries');
    await alexsCard('Shared boundaries', 'Boundary: Holding hands in public').getByText('Ask me first, for now.').waitFor();
    await shot(sam, 'boundaries-phone');

    // Our story: ProseMirror rich text, bold included, shared with Alex.
    await ff.gotoSection(sam, 'Our story');
    await ff.click(sam, a('textbox', 'What happened, in my words'));
    await sam.keyboard.type('I felt left out. ');
    const toolbar = await ff.find(sam, a('toolbar', 'Formatting: What happened, in my words'));
    await ff.click(toolbar, a('button', 'Bold'));
    await ff.find(toolbar, 'button[aria-pressed="true"]');
    await sam.keyboard.type('I missed you.');
    await ff.click(sam, a('button', 'Share with Alex'));
    await gotoSection(alex, 'Our story');
    await alex.getByRole('group', { name: 'What happened, in Sam’s words' }).locator('strong', { hasText: 'I missed you.' }).waitFor();
    await shot(sam, 'narrative-phone');

    // Agreements: added in Firefox, affirmed in both.
    await ff.gotoSection(sam, 'Agreements');
    await ff.select(sam, a('combobox', 'Kind of agreement'), 'time-out');
    await ff.click(sam, a('button', 'Add agreement'));
    await ff.click(await samsCard('Our agreements', 'Our time-out'), a('button', 'Affirm: Our time-out'));
    await gotoSection(alex, 'Agreements');
    const alexsAgreement = alexsCard('Our agreements', 'Our time-out');
    await alexsAgreement.getByText('Sam: affirmed on').waitFor();
    await alexsAgreement.getByRole('button', { name: 'Affirm: Our time-out', exact: true }).click();
    await ff.waitText(await samsCard('Our agreements', 'Our time-out'), 'You both affirmed this agreement.');
    await shot(sam, 'agreements-phone');

    // Triggers.
    await ff.gotoSection(sam, 'Triggers');
    const trigger = await ff.find(sam, a('form', 'Add a trigger'));
    await ff.fill(trigger, a('textbox', 'The trigger'), 'A late reply to a message');
    await ff.fill(trigger, a('textbox', 'What tends to happen'), 'I imagine the worst.');
    await ff.fill(trigger, a('textbox', 'The response we propose'), 'Send a one-line note.');
    await ff.click(trigger, a('button', 'Add trigger'));
    await gotoSection(alex, 'Triggers');
    await alexsCard('Our triggers', 'Trigger: A late reply to a message').getByText('I imagine the worst.').waitFor();
    await shot(sam, 'triggers-phone');

    // Check-ins: Sam starts and seals in Firefox; both reveal.
    await ff.gotoSection(sam, 'Check-ins');
    await ff.click(sam, a('button', 'Start check-in'));
    const checkin = await ff.find(await ff.find(sam, a('list', 'Our check-ins')), '::-p-aria([role="listitem"])');
    for (const [legend, rating] of [['Safety', '4'], ['Closeness', '3'], ['Stress', '2']] as const) {
      await ff.click(await ff.find(checkin, a('group', legend)), a('radio', rating));
    }
    await ff.fill(checkin, a('textbox', 'One thing I appreciate'), 'You made tea.');
    await ff.fill(checkin, a('textbox', 'One thing I need'), 'A walk on Sunday.');
    await ff.click(checkin, a('button', 'Seal my answers'));
    await ff.waitText(checkin, 'Your answers are sealed.');
    await gotoSection(alex, 'Check-ins');
    const alexsCheckin = alex.getByRole('list', { name: 'Our check-ins' }).getByRole('listitem').first();
    for (const legend of ['Safety', 'Closeness', 'Stress']) {
      await alexsCheckin.getByRole('group', { name: legend, exact: true }).getByRole('radio', { name: '3', exact: true }).check();
    }
    await alexsCheckin.getByLabel('One thing I appreciate').fill('You listened.');
    await alexsCheckin.getByLabel('One thing I need').fill('Quiet evenings.');
    await alexsCheckin.getByRole('button', { name: 'Seal my answers' }).click();
    await alexsCheckin.getByRole('button', { name: 'Reveal my answers' }).click();
    await ff.click(checkin, a('button', 'Reveal my answers'));
    await ff.waitText(await ff.find(checkin, a('group', 'Alex’s answers')), 'You listened.');
    await alexsCheckin.getByRole('group', { name: 'Sam’s answers' }).getByText('You made tea.').waitFor();
    await shot(sam, 'checkins-phone');

    // Wins.
    await ff.gotoSection(sam, 'Wins');
    await ff.click(sam, a('radio', 'Micro-repair'));
    await ff.fill(sam, a('textbox', 'What happened'), 'We caught it early and laughed.');
    await ff.click(sam, a('button', 'Add to our wins'));
    await gotoSection(alex, 'Wins');
    await alexsCard('Our wins', 'Micro-repair: We caught it early and laughed.').getByText('Noticed by Sam').waitFor();
    await shot(sam, 'wins-phone');

    // Reframes: evidence offered from the win, shared with Alex.
    await ff.gotoSection(sam, 'Reframes');
    await ff.fill(sam, a('textbox', 'The automatic thought'), 'I always ruin it.');
    await ff.click(sam, a('button', 'Use as evidence: We caught it early and laughed.'));
    await ff.fill(sam, a('textbox', 'The reframe'), 'We repair together.');
    await ff.click(sam, a('radio', 'Alex and me'));
    await ff.click(sam, a('button', 'Add reframe'));
    await gotoSection(alex, 'Reframes');
    await alexsCard('Shared reframes', 'Reframe: I always ruin it.').getByText('We repair together.').waitFor();
    await shot(sam, 'reframes-phone');

    // Inbox: Sam triages Alex's note from Firefox; Alex sees the pressed state.
    await gotoSection(alex, 'Inbox');
    await alex.getByLabel('Note', { exact: true }).fill('Dinner on Friday?');
    await alex.getByRole('button', { name: 'Add note' }).click();
    await ff.gotoSection(sam, 'Inbox');
    await ff.click(await samsCard('Notes', 'Note: Dinner on Friday?'), a('button', 'Discussed'));
    await alexsCard('Notes', 'Note: Dinner on Friday?').locator('button[aria-pressed="true"]', { hasText: 'Discussed' }).waitFor();
    await shot(sam, 'inbox-phone');
    await sam.setViewport(VIEWPORTS.desktop);
    await shot(sam, 'inbox-desktop');
    await sam.setViewport(VIEWPORTS.phone);
    expect(fx.pageErrors).toEqual([]);
  });

  it('quick-hide and the passphrase lock take the workbook off Firefox’s screen', async () => {
    const a = ff.aria;
    const canary = 'Dinner on Friday?';
    const hides: [string, () => Promise<void>][] = [
      ['button', () => ff.click(sam, a('button', 'Quick hide'))],
      [
        'double Escape',
        async () => {
          await sam.keyboard.press('Escape');
          await sam.keyboard.press('Escape');
        },
      ],
      [
        'Shift+Escape',
        async () => {
          await sam.keyboard.down('Shift');
          await sam.keyboard.press('Escape');
          await sam.keyboard.up('Shift');
        },
      ],
    ];
    for (const [way, hide] of hides) {
      await ff.waitText(sam, canary);
      await hide();
      await ff.find(sam, a('heading', 'Notes'));
      const dom = await ff.domText(sam);
      expect(dom, way).not.toContain(canary);
      expect(dom, way).not.toContain('Secure Base');
      expect(await sam.title(), way).toBe('Notes');
      if (way === 'button') await shot(sam, 'quick-hide-phone');
      await ff.click(sam, a('button', 'Back'));
      await ff.waitSynced(sam);
    }

    const passphrase = 'quiet harbour morning';
    await ff.click(sam, a('link', 'Settings'));
    await ff.fillLabelled(sam, 'Passphrase', passphrase);
    await ff.fillLabelled(sam, 'Type it again', passphrase);
    await ff.click(sam, a('button', 'Set passphrase'));
    await ff.waitText(sam, 'Passphrase set.');
    await ff.click(sam, a('button', 'Lock'));
    await ff.find(sam, a('heading', 'Secure Base is locked'));
    expect(await ff.domText(sam)).not.toContain(canary);
    await shot(sam, 'locked-phone');
    await ff.fillLabelled(sam, 'Passphrase', 'not the passphrase');
    await ff.click(sam, a('button', 'Unlock'));
    await ff.waitText(sam, 'That passphrase did not open Secure Base.');
    await ff.fillLabelled(sam, 'Passphrase', passphrase);
    await ff.click(sam, a('button', 'Unlock'));
    await ff.waitSynced(sam);
    await ff.gotoSection(sam, 'Inbox');
    await ff.waitText(sam, canary);
    expect(fx.pageErrors).toEqual([]);
  });

  it('offline in Firefox: the edit waits on the device and reaches Chromium on reconnect', async () => {
    await ff.gotoSection(sam, 'Inbox');
    // The browser says it is offline, and (as in a real outage) its connection to the relay drops.
    await sam.setOfflineMode(true);
    line.cut();
    await sam.waitForSelector('[data-sync="offline"]');
    await ff.fill(sam, ff.aria('textbox', 'Note'), 'Written on the train.');
    await ff.click(sam, ff.aria('button', 'Add note'));
    await ff.find(sam, ff.aria('listitem', 'Note: Written on the train.'));
    await shot(sam, 'offline-phone');
    // Nothing left Firefox while it was offline.
    expect(await alexsCard('Notes', 'Note: Written on the train.').count()).toBe(0);
    line.restore();
    await sam.setOfflineMode(false);
    await ff.waitSynced(sam);
    await alexsCard('Notes', 'Note: Written on the train.').waitFor();
    await waitSynced(alex);
    expect(fx.pageErrors).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
