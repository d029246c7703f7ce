/**
 * Debian's Firefox ESR driven by puppeteer-core over WebDriver BiDi (Playwright can only drive
 * its own patched Firefox, which cannot be downloaded here). One headless browser per test file,
 * on a fresh temporary profile that puppeteer deletes on close; each `openPerson` is a new BiDi
 * user context (its own cookies, storage and IndexedDB), like a separate Chromium context.
 *
 *   const ff = await launchFirefox();                 // in beforeAll
 *   const sam = await ff.openPerson(VIEWPORTS.phone);
 *   await sam.goto(link);
 *   expect(ff.pageErrors).toEqual([]);
 *   await ff.close();                                 // in afterAll
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { SYNC_WAIT, VIEWPORTS, type Viewport } from './harness.js';

export const FIREFOX = '/usr/bin/firefox-esr';
/** How long `close` waits for Firefox to quit by itself before killing it. */
const CLOSE_WAIT = 10_000;

export interface FirefoxOptions {
  /** Extra preferences for the profile (e.g. to allow an unsigned add-on). */
  prefs?: Record<string, string | number | boolean>;
  /** Extra command-line arguments. */
  args?: string[];
}

export interface FirefoxSession {
  browser: Browser;
  /** Uncaught exceptions from every page opened through this session. */
  pageErrors: string[];
  /** A fresh user context (its own storage) with one page at the given size. */
  openPerson(viewport?: Viewport): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Firefox logs a WebSocket it could not open ("Firefox can’t establish a connection to the server
 * at ws://…") as a script error, which BiDi reports like an uncaught exception; Chromium logs it
 * as a network message. The app is not thrown at (it gets the socket's close event and retries),
 * so that one message is not a page error; anything else is.
 */
const REFUSED_WEBSOCKET = /^Firefox can’t establish a connection to the server at wss?:\/\//;

export function recordPageError(pageErrors: string[], err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  if (!REFUSED_WEBSOCKET.test(message)) pageErrors.push(message);
}

export async function launchFirefox(options: FirefoxOptions = {}): Promise<FirefoxSession> {
  if (!existsSync(FIREFOX)) throw new Error(`Firefox not found at ${FIREFOX}: run scripts/ensure-firefox (apt-get install -y firefox-esr)`);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    args: options.args ?? [],
    extraPrefsFirefox: {
      // As Chromium's contexts get `reducedMotion: 'reduce'`: no transitions mid-assertion.
      'ui.prefersReducedMotion': 1,
      // No first-run pages, update checks or telemetry pings from the test profile.
      'browser.shell.checkDefaultBrowser': false,
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      ...options.prefs,
    },
  });
  const pageErrors: string[] = [];
  let closed = false;
  return {
    browser,
    pageErrors,
    async openPerson(viewport = VIEWPORTS.desktop) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(viewport);
      page.on('pageerror', (err) => recordPageError(pageErrors, err));
      page.setDefaultTimeout(SYNC_WAIT);
      return page;
    },
    async close() {
      if (closed) return;
      closed = true;
      // A stuck BiDi session must not hang the suite: kill the process if it will not quit.
      const quit = browser.close().then(() => true, () => false);
      const inTime = await Promise.race([quit, new Promise<false>((r) => setTimeout(() => r(false), CLOSE_WAIT))]);
      if (!inTime) browser.process()?.kill('SIGKILL');
    },
  };
}
