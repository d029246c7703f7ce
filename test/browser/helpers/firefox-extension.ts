/**
 * Firefox with the built extension (apps/extension/dist/firefox) installed as a temporary add-on
 * over WebDriver BiDi (`webExtension.install`), as `web-ext run` or about:debugging would load it.
 * The add-on's internal UUID is pinned through a preference, so its pages have a known
 * moz-extension:// address that the test can open in a tab (BiDi only navigates there with
 * --remote-allow-system-access).
 *
 *   const fx = await launchFirefoxWithExtension(FIREFOX_BUILD);
 *   const panel = await fx.openExtensionPage('sidepanel.html');
 */
import type { Page } from 'puppeteer-core';
import { GECKO_ID } from '../../../apps/extension/build/manifest.js';
import { launchFirefox, recordPageError, type FirefoxSession } from './firefox.js';
import { SYNC_WAIT, type Viewport } from './harness.js';

/** Any fixed UUID will do; it only has to be the same for the preference and the URLs. */
export const EXTENSION_UUID = '5ec0ba5e-0000-4000-8000-00000000f1fe';

export interface FirefoxWithExtension {
  session: FirefoxSession;
  /** moz-extension://<uuid>/ */
  origin: string;
  /** A new tab showing one of the extension's pages (popup.html, sidepanel.html). */
  openExtensionPage(path: string, viewport?: Viewport): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Resolve once the page's tab is gone (the page called window.close()). Puppeteer misses the
 * close event of a tab that moved into the extension process, as it misses its load event, so
 * ask Firefox: scripting a closed tab fails with "no such frame".
 */
export async function waitClosed(page: Page, timeoutMs = SYNC_WAIT): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await page.evaluate(() => 1);
    } catch (err) {
      if (err instanceof Error && /no such frame|not found|closed/i.test(err.message)) return;
      throw err;
    }
    if (Date.now() > deadline) throw new Error('the extension page did not close');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function launchFirefoxWithExtension(build: string): Promise<FirefoxWithExtension> {
  const session = await launchFirefox({
    args: ['--remote-allow-system-access'],
    prefs: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }) },
  });
  const id = await session.browser.installExtension(build);
  if (id !== GECKO_ID) throw new Error(`installed add-on has id ${id}, expected ${GECKO_ID}`);
  const origin = `moz-extension://${EXTENSION_UUID}/`;
  return {
    session,
    origin,
    async openExtensionPage(path, viewport = { width: 380, height: 640 }) {
      const page = await session.browser.newPage();
      await page.setViewport(viewport);
      page.on('pageerror', (err) => recordPageError(session.pageErrors, err));
      page.setDefaultTimeout(SYNC_WAIT);
      // Firefox moves the tab into the extension process, and puppeteer never hears that
      // navigation's load event; the document is there all the same, so wait for it instead.
      void page.goto(`${origin}${path}`, { timeout: SYNC_WAIT }).catch(() => undefined);
      await page.waitForFunction((href: string) => location.href === href && document.readyState !== 'loading', {}, `${origin}${path}`);
      return page;
    },
    close: () => session.close(),
  };
}
