/**
 * Finding things in a puppeteer page the way helpers/space.ts does in Playwright: by ARIA role
 * and accessible name (puppeteer's `::-p-aria`, which over BiDi asks Firefox's own accessibility
 * tree), so the Firefox tests guard the same accessible names as the Chromium ones.
 *
 *   await click(sam, aria('button', 'Add note'));
 *   await fill(sam, aria('textbox', 'Note'), 'Thank you.');
 *   await waitText(sam, 'Saved.');
 */
import type { ElementHandle, Page } from 'puppeteer-core';

type Scope = Page | ElementHandle;

/** A selector for the element with this role and exact accessible name. */
export function aria(role: string, name: string): string {
  if (name.includes('"')) throw new Error(`aria(): names with double quotes cannot be matched: ${name}`);
  return `::-p-aria([name="${name}"][role="${role}"])`;
}

/** Wait for `selector` inside `scope` and return it. */
export async function find(scope: Scope, selector: string): Promise<ElementHandle> {
  const el = await scope.waitForSelector(selector);
  if (!el) throw new Error(`not found: ${selector}`);
  return el as ElementHandle;
}

/**
 * Click the element's centre after scrolling it to the middle of the viewport: at phone width the
 * fixed pause bar covers the bottom edge, where puppeteer would otherwise scroll it (Playwright
 * waits for an unobscured point instead).
 */
export async function click(scope: Scope, selector: string): Promise<void> {
  const el = await find(scope, selector);
  await el.evaluate((node) => node.scrollIntoView({ block: 'center' }));
  await el.click();
}

/** Replace a field's value, as a person selecting all and typing would. */
export async function fill(scope: Scope, selector: string, value: string): Promise<void> {
  const el = await find(scope, selector);
  await el.evaluate((node) => {
    node.scrollIntoView({ block: 'center' });
    (node as HTMLInputElement | HTMLTextAreaElement).select();
  });
  await el.click();
  await el.evaluate((node) => (node as HTMLInputElement | HTMLTextAreaElement).select());
  await el.press('Backspace');
  await el.type(value);
}

/**
 * The form control a `<label>` with exactly this text points at. For password fields, which
 * Firefox's accessibility tree gives a role of their own ("password text"), where Chromium's says
 * textbox.
 */
export async function labelled(page: Page, label: string): Promise<ElementHandle> {
  const handle = await page.waitForFunction(
    (text: string) => Array.from(document.querySelectorAll('label')).find((l) => l.textContent?.trim() === text && l.control)?.control ?? null,
    {},
    label,
  );
  const el = handle.asElement();
  if (!el) throw new Error(`no field labelled ${label}`);
  return el as ElementHandle;
}

/** Type into the field labelled `label`, replacing what was there. */
export async function fillLabelled(page: Page, label: string, value: string): Promise<void> {
  const el = await labelled(page, label);
  await el.evaluate((node) => {
    node.scrollIntoView({ block: 'center' });
    (node as HTMLInputElement).select();
  });
  await el.type(value);
}

export async function select(scope: Scope, selector: string, value: string): Promise<void> {
  await (await find(scope, selector)).select(value);
}

/** Wait until some element's text contains `text`. */
export async function waitText(scope: Scope, text: string): Promise<ElementHandle> {
  return find(scope, `::-p-text(${JSON.stringify(text)})`);
}

/** Wait until nothing matches `selector` any more. */
export async function waitGone(scope: Scope, selector: string): Promise<void> {
  await scope.waitForSelector(selector, { hidden: true });
}

/** Wait until the page's sync badge says everything is synced. */
export async function waitSynced(page: Page): Promise<void> {
  await page.waitForSelector('[data-sync="synced"]');
}

/** Click a section in the main navigation by its visible label. */
export async function gotoSection(page: Page, label: string): Promise<void> {
  const nav = await find(page, aria('navigation', 'Workbook sections'));
  await click(nav, aria('link', label));
}

/** The serialised DOM: hidden text counts too. */
export async function domText(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.outerHTML);
}
