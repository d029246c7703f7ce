/**
 * Driving the app the way a person does: create a space, invite, join, wait for sync, move
 * between sections. Elements are found by role and label, so these also guard accessible names.
 *
 *   const { alex, sam } = await createPair(h);                 // both in the space, synced
 *   await gotoSection(alex, 'Check-ins');
 */
import type { Locator, Page } from 'playwright-core';
import { VIEWPORTS, type Harness, type PersonOptions, type Viewport } from './harness.js';

/** Wait until the page's sync badge says everything is synced. */
export async function waitSynced(page: Page): Promise<void> {
  await page.locator('[data-sync="synced"]').waitFor();
}

/** Wait until no element matches `locator` any more. */
export async function waitGone(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'detached' });
}

/** Close the first-run onboarding card if it is showing (it is shown once per browser). */
export async function dismissOnboarding(page: Page): Promise<void> {
  const done = page.getByRole('button', { name: 'Got it, open the workbook' });
  if (await done.isVisible()) await done.click();
}

/** Click a section in the main navigation by its visible label (e.g. 'Our words'). */
export async function gotoSection(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Workbook sections' }).getByRole('link', { name: label, exact: true }).click();
}

export interface CreateSpaceOptions {
  name?: string;
  viewport?: Viewport;
  person?: PersonOptions;
  /** Leave the onboarding card up (default: dismissed). */
  keepOnboarding?: boolean;
}

/** A fresh profile that creates a space through the welcome screen; returns its page, synced. */
export async function createSpaceAs(h: Harness, options: CreateSpaceOptions = {}): Promise<Page> {
  const page = await h.openPerson(options.viewport ?? VIEWPORTS.desktop, options.person);
  await page.goto(h.url);
  await page.getByRole('heading', { name: 'Secure Base' }).waitFor();
  if (options.name) await page.getByLabel('Your name (optional)').fill(options.name);
  await page.getByRole('button', { name: 'Create our space' }).click();
  await waitSynced(page);
  if (!options.keepOnboarding) await dismissOnboarding(page);
  return page;
}

/** Make an invite link from a page that is in a space. */
export async function createInvite(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Create invite link' }).click();
  return page.getByLabel('Invite link').inputValue();
}

/** A fresh profile that joins through `link`; returns its page, synced. */
export async function joinAs(h: Harness, link: string, options: CreateSpaceOptions = {}): Promise<Page> {
  const page = await h.openPerson(options.viewport ?? VIEWPORTS.phone, options.person);
  await page.goto(link);
  await page.getByRole('heading', { name: 'Join your partner’s space' }).waitFor();
  if (options.name) await page.getByLabel('Your name (optional)').fill(options.name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
  await waitSynced(page);
  if (!options.keepOnboarding) await dismissOnboarding(page);
  return page;
}

export interface Pair {
  alex: Page;
  sam: Page;
}

/**
 * Two people in two profiles, paired through the relay: Alex (desktop) creates and invites, Sam
 * (phone) joins. Returns once each has seen the other's name, so both are fully in the space.
 */
export async function createPair(
  h: Harness,
  options: { alex?: CreateSpaceOptions; sam?: CreateSpaceOptions } = {},
): Promise<Pair> {
  const alex = await createSpaceAs(h, { name: 'Alex', ...options.alex });
  const link = await createInvite(alex);
  const sam = await joinAs(h, link, { name: 'Sam', ...options.sam });
  // The invite panel steps aside once the partner's name arrives: both sides are connected.
  await alex.getByRole('heading', { name: 'Invite your partner' }).waitFor({ state: 'detached' });
  return { alex, sam };
}
