/**
 * Browser end-to-end: two people in two separate browser profiles pair through a real relay
 * serving the built web app, then co-edit the workbook. Everything goes through the UI, found by
 * role and label as a screen reader would, so the test also guards the app's accessible names.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts
 *
 * Screenshots land in test-output/screenshots/ for a human to look at.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay } from '@securebase/relay';

const WEB_ROOT = fileURLToPath(new URL('../../apps/web/dist', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
/** How long a change may take to reach the other browser before the test fails. */
const SYNC_WAIT = 15_000;

type Relay = Awaited<ReturnType<typeof startRelay>>;

let relay: Relay;
let dataDir: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Uncaught exceptions in any page: the app must never throw at the person. */
const pageErrors: string[] = [];
/** Anything the relay's Content-Security-Policy blocked: the app must work under it untouched. */
const cspViolations: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    throw new Error('apps/web/dist is missing: run `pnpm --filter @securebase/web build` first.');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  await mkdir(SCREENSHOTS, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'securebase-browser-'));
  relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, webRoot: WEB_ROOT });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await relay?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A fresh browser profile (its own IndexedDB), at phone or desktop width. */
async function openPerson(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  contexts.push(context);
  // Reported through the console, where both the event below and Chromium's own "Refused to…" land.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`securitypolicyviolation ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('securitypolicyviolation') || text.includes('Content Security Policy')) cspViolations.push(text);
  });
  page.setDefaultTimeout(SYNC_WAIT);
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function waitSynced(page: Page): Promise<void> {
  await page.locator('[data-sync="synced"]').waitFor();
}

/** The card of one vocabulary word. */
function wordCard(page: Page, term: string): Locator {
  return page.getByRole('list', { name: 'Our words' }).getByRole('listitem', { name: term, exact: true });
}

/** Does the page's document show no element matching `locator` any more? */
async function waitGone(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'detached' });
}

describe('pairing two browsers through the relay', () => {
  it('creates, invites, joins, and syncs words, meanings, notes and removals both ways', async () => {
    const alex = await openPerson(1024, 900);
    const sam = await openPerson(390, 844); // phone width

    // Alex creates the space.
    await alex.goto(relay.url);
    await alex.getByRole('heading', { name: 'Secure Base' }).waitFor();
    await screenshot(alex, '01-welcome');
    await alex.getByLabel('Your name (optional)').fill('Alex');
    await alex.getByRole('button', { name: 'Create our space' }).click();
    await waitSynced(alex);

    // The relay serves the app, and the invite secret only ever lives after the '#'.
    await alex.getByRole('button', { name: 'Create invite link' }).click();
    const link = await alex.getByLabel('Invite link').inputValue();
    expect(link.startsWith(`${relay.url.replace(/\/$/, '')}/#/join/`)).toBe(true);
    await screenshot(alex, '02-space-with-invite');

    // Sam opens the link in another profile and joins.
    await sam.goto(link);
    await sam.getByRole('heading', { name: 'Join your partner’s space' }).waitFor();
    // The secret left the address bar as soon as the app read it (the join flow keeps it in memory).
    const secret = link.slice(link.indexOf('#/join/') + '#/join/'.length);
    expect(await sam.evaluate(() => location.hash)).toBe('#/join');
    expect(sam.url()).not.toContain(secret);
    await screenshot(sam, '03-join-phone');
    await sam.getByLabel('Your name (optional)').fill('Sam');
    await sam.getByRole('button', { name: 'Join', exact: true }).click();
    await sam.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
    await waitSynced(sam);
    // The spent invite secret does not linger in the address bar.
    expect(sam.url()).not.toContain('/join/');

    // Once Sam's name arrives, Alex's invite panel steps aside.
    await waitGone(alex.getByRole('heading', { name: 'Invite your partner' }));

    // A refused write is explained next to its field.
    await alex.getByRole('button', { name: 'Add word' }).click();
    await alex.getByText('Please write something here first.').waitFor();

    // Alex adds a word with a meaning; Sam sees both.
    await alex.getByLabel('Word or phrase').fill('flooded');
    await alex.getByLabel('Kind of word').selectOption('emotion');
    await alex.getByLabel('What it means to me', { exact: true }).fill('Too much at once; I need a pause.');
    await alex.getByRole('button', { name: 'Add word' }).click();
    await waitGone(alex.getByText('Please write something here first.'));
    const samsCard = wordCard(sam, 'flooded');
    await samsCard.getByText('Too much at once; I need a pause.').waitFor();
    expect(await samsCard.getByRole('group', { name: 'What it means to Alex' }).textContent()).toContain(
      'Too much at once',
    );

    // Sam writes their own meaning (saved on Enter); Alex sees it under Sam's name.
    await samsCard.getByLabel('What it means to me (flooded)').fill('My chest gets tight and I go quiet.');
    await samsCard.getByLabel('What it means to me (flooded)').press('Enter');
    await samsCard.getByText('Saved.').waitFor();
    const alexsCard = wordCard(alex, 'flooded');
    await alexsCard.getByRole('group', { name: 'What it means to Sam' }).getByText('My chest gets tight').waitFor();
    await screenshot(alex, '04-vocabulary-desktop');
    await screenshot(sam, '05-vocabulary-phone');

    // Sam leaves a quick note; Alex sees it, signed with Sam's name.
    await sam.getByRole('link', { name: 'Inbox' }).click();
    await sam.getByLabel('Note', { exact: true }).fill('Thank you for listening tonight.');
    await sam.getByLabel('What kind of note').selectOption('appreciation');
    await sam.getByRole('button', { name: 'Add note' }).click();
    await alex.getByRole('link', { name: 'Inbox' }).click();
    const alexsNote = alex.getByRole('listitem', { name: 'Note: Thank you for listening tonight.' });
    await alexsNote.waitFor();
    expect(await alexsNote.textContent()).toContain('Sam');

    // Triage travels too: Alex marks it discussed, Sam sees the pressed state.
    await alexsNote.getByRole('button', { name: 'Discussed' }).click();
    const samsNote = sam.getByRole('listitem', { name: 'Note: Thank you for listening tonight.' });
    await samsNote.locator('button[aria-pressed="true"]', { hasText: 'Discussed' }).waitFor();
    await screenshot(sam, '06-inbox-phone');
    await screenshot(alex, '07-inbox-desktop');

    // Removals propagate: Sam removes the note, Alex removes the word.
    await samsNote.getByRole('button', { name: 'Remove note' }).click();
    await samsNote.getByRole('button', { name: 'Yes, remove' }).click();
    await waitGone(alexsNote);
    await alex.getByRole('link', { name: 'Our words' }).click();
    await sam.getByRole('link', { name: 'Our words' }).click();
    await samsCard.waitFor();
    await alexsCard.getByRole('button', { name: 'Remove flooded' }).click();
    await screenshot(alex, '08-confirm-remove');
    await alexsCard.getByRole('button', { name: 'Yes, remove' }).click();
    await waitGone(samsCard);

    // What was written survives a reload (credentials and document live in IndexedDB).
    // (Submitted from the keyboard: Enter in the field.)
    await alex.getByLabel('Kind of word').selectOption('signal');
    await alex.getByLabel('Word or phrase').fill('Would it help if we pause?');
    await alex.getByLabel('Word or phrase').press('Enter');
    await wordCard(sam, 'Would it help if we pause?').waitFor();
    await alex.reload();
    await wordCard(alex, 'Would it help if we pause?').waitFor();
    await waitSynced(alex);

    // The invite was single-use: a third profile is told plainly.
    const stranger = await openPerson(800, 700);
    await stranger.goto(link);
    await stranger.getByRole('button', { name: 'Join', exact: true }).click();
    await stranger.getByText('This invitation has already been used.').waitFor();
    await screenshot(stranger, '09-invite-used');

    // A browser that already has a space is never overwritten by an invite.
    await sam.goto(link);
    await sam.getByRole('heading', { name: 'You already have a space here' }).waitFor();
    await sam.getByRole('link', { name: 'Go to your space' }).click();
    await wordCard(sam, 'Would it help if we pause?').waitFor();

    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
