/**
 * One browser test run: a real relay (temp SQLite dir) serving the built web app, and Debian
 * Chromium driven by playwright-core. Each `openPerson` is a fresh browser profile with its own
 * IndexedDB, at phone or desktop width; uncaught page errors are collected so a test can assert
 * the app never threw at the person.
 *
 *   const h = await startHarness();            // in beforeAll
 *   const alex = await h.openPerson(VIEWPORTS.desktop);
 *   await alex.goto(h.url);
 *   expect(h.pageErrors).toEqual([]);
 *   await h.close();                           // in afterAll
 *
 * `startHarness({ cluster: true })` puts three relay node processes on PostgreSQL + Redis behind
 * nginx instead (helpers/cluster.ts); `h.url` is then the load balancer's https address.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startRelay } from '@securebase/relay';
import { startRelayCluster, type RelayCluster } from './cluster.js';

// SECUREBASE_WEB_ROOT: a build elsewhere (a helper testing its own build while others rebuild dist).
export const WEB_ROOT = process.env.SECUREBASE_WEB_ROOT ?? fileURLToPath(new URL('../../../apps/web/dist', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../../../test-output/screenshots', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
/** How long a change may take to reach the other browser (or a screen to appear) before failing. */
export const SYNC_WAIT = 15_000;
/**
 * Behind the load balancer every step crosses more processes (nginx over TLS, three relay nodes,
 * PostgreSQL, Redis) on the same two cores as Chromium, so a page there gets twice as long. A page
 * that never syncs still fails; CI's one failure here was a join that had not synced after 15 s.
 */
export const CLUSTER_SYNC_WAIT = 2 * SYNC_WAIT;

/** The two widths every screen is checked at. */
export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;

export type Viewport = { width: number; height: number };
export type Relay = Awaited<ReturnType<typeof startRelay>>;

export interface PersonOptions {
  /** Extra init script run before the app in every page of this profile (e.g. test settings). */
  initScript?: string;
  /** Let the profile register a service worker (default: blocked, as in pairing tests). */
  serviceWorkers?: boolean;
  /** The browser's language (navigator.language), e.g. 'de-DE'; default Chromium's (en-US). */
  locale?: string;
}

export interface HarnessOptions {
  /** Three relay node processes behind nginx (TLS, self-signed) instead of one in-process relay. */
  cluster?: boolean;
}

export interface Harness {
  /** The in-process relay; undefined with `cluster`. */
  relay: Relay | undefined;
  /** The nodes and the load balancer, with `cluster`. */
  cluster: RelayCluster | undefined;
  /** The in-process relay's data directory (what it stores on disk; unused with `cluster`). */
  dataDir: string;
  /** The relay's base URL, e.g. http://127.0.0.1:40123/ (with `cluster`, nginx's https://localhost:PORT/) */
  url: string;
  browser: Browser;
  /** Uncaught exceptions from every page opened through this harness. */
  pageErrors: string[];
  /** A fresh browser profile (its own IndexedDB) with one page at the given size. */
  openPerson(viewport?: Viewport, options?: PersonOptions): Promise<Page>;
  /** Stop the relay only (for offline tests); `close` still cleans up everything. */
  stopRelay(): Promise<void>;
  close(): Promise<void>;
}

/** Start a relay (or, with `cluster`, three behind nginx) serving apps/web/dist and launch Chromium. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    throw new Error('apps/web/dist is missing: run `pnpm --filter @securebase/web build` first.');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  await mkdir(SCREENSHOTS, { recursive: true });
  const dataDir = await mkdtemp(join(tmpdir(), 'securebase-browser-'));
  const cluster = options.cluster ? await startRelayCluster({ webRoot: WEB_ROOT }) : undefined;
  const relay = cluster ? undefined : await startRelay({ host: '127.0.0.1', port: 0, dataDir, webRoot: WEB_ROOT });
  const url = cluster?.url ?? relay?.url ?? '';
  const stopRelays = async (): Promise<void> => {
    await relay?.close();
    await cluster?.close();
  };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let relayOpen = true;

  return {
    relay,
    cluster,
    dataDir,
    url,
    browser,
    pageErrors,
    async openPerson(viewport = VIEWPORTS.desktop, options = {}) {
      const context = await browser.newContext({
        viewport,
        ...(options.locale ? { locale: options.locale } : {}),
        serviceWorkers: options.serviceWorkers ? 'allow' : 'block',
        acceptDownloads: true,
        // No colour transitions: axe must judge contrast on settled colours, not mid-fade.
        reducedMotion: 'reduce',
        // nginx's test certificate is self-signed.
        ignoreHTTPSErrors: cluster !== undefined,
      });
      contexts.push(context);
      if (options.initScript) await context.addInitScript(options.initScript);
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      // A screen that showed a message its words' area had not loaded (the translator says so).
      page.on('console', (message) => {
        if (message.type() === 'error' && /^message \S+ is not loaded for /.test(message.text())) pageErrors.push(message.text());
      });
      page.setDefaultTimeout(cluster ? CLUSTER_SYNC_WAIT : SYNC_WAIT);
      return page;
    },
    async stopRelay() {
      if (!relayOpen) return;
      relayOpen = false;
      await stopRelays();
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      if (relayOpen) await stopRelays();
      relayOpen = false;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
