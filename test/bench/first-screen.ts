/**
 * Time to the first usable screen in real Chromium on a throttled mid-range 4G link (issue 15):
 * about 9 Mbit/s down, 150 ms round trip, emulated through the DevTools protocol for the page.
 *
 * Three paths, each timed from the navigation's start (the page's own clock, `performance.now()`)
 * to the moment a MutationObserver installed before the app sees the screen a person acts on:
 * - `cold`: a first visit in a fresh profile (no service worker, empty HTTP cache) until the
 *   welcome screen's "Create our space" button is there and enabled;
 * - `coldUnthrottled`: the same first visit over loopback, the baseline of the same run;
 * - `warmVisitor`: the same screen again in a profile whose service worker is installed and
 *   controls the page (its precache holds every chunk and the WebAssembly file);
 * - `warmHome`: a person in a space with their partner reopening the app (warm service worker) until the home's
 *   greeting is there, which needs the encrypted local state opened.
 *
 * The relay runs in this process from source and serves the built apps/web/dist, as in the
 * browser tests. Figures are medians (and the slowest run) of `runs` loads per path.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { startHarness, VIEWPORTS, WEB_ROOT, type Harness } from '../browser/helpers/harness.js';
import { createPair } from '../browser/helpers/space.js';
import { firstScreenBytes } from '../../scripts/lib/first-screen-bytes.mjs';
import { percentile, round } from './stats.js';

/** Chromium DevTools' network conditions for a mid-range 4G link. */
export const MID_4G = { latencyMs: 150, downloadBitsPerSecond: 9_000_000, uploadBitsPerSecond: 9_000_000 };

export interface PathFigures {
  /** Median load to the screen, ms. */
  ms: number;
  /** Slowest of the runs, ms. */
  maxMs: number;
  runs: number;
}

export interface FirstScreenFigures {
  network: typeof MID_4G;
  /** The JavaScript index.html loads before the first screen, gzipped (scripts/check-bundle-size). */
  firstScreenGzipBytes: number;
  cold: PathFigures;
  /** The same first visit without throttling (loopback), measured in the same run. */
  coldUnthrottled: PathFigures;
  warmVisitor: PathFigures;
  warmHome: PathFigures;
}

/** Runs in the page before the app: note when `window.__firstScreenReady()` first holds. */
const MARKER = `(() => {
  const check = () => {
    if (window.__firstScreenAt !== undefined) return;
    const ready = window.__firstScreenReady;
    if (ready && ready()) window.__firstScreenAt = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

const WELCOME_READY = `window.__firstScreenReady = () => [...document.querySelectorAll('button')]
  .some((b) => b.textContent.trim() === 'Create our space' && !b.disabled);`;
const HOME_READY = `window.__firstScreenReady = () => document.getElementById('home-heading') !== null;`;

async function throttle(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: MID_4G.latencyMs,
    downloadThroughput: MID_4G.downloadBitsPerSecond / 8,
    uploadThroughput: MID_4G.uploadBitsPerSecond / 8,
  });
}

/** Load `url` in `page` and return the ms from navigation start to the marked screen. */
async function timedLoad(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as { __firstScreenAt?: number }).__firstScreenAt !== undefined, undefined, { timeout: 60_000 });
  return page.evaluate(() => (window as unknown as { __firstScreenAt: number }).__firstScreenAt);
}

/** Wait until a service worker controls the page (reloading once after it activates). */
async function waitControlled(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

async function newProfile(h: Harness, ready: string): Promise<{ context: BrowserContext; page: Page }> {
  const page = await h.openPerson(VIEWPORTS.phone, { serviceWorkers: true, initScript: `${ready}\n${MARKER}` });
  return { context: page.context(), page };
}

function figures(samples: number[]): PathFigures {
  return { ms: round(percentile(samples, 0.5)), maxMs: round(Math.max(...samples)), runs: samples.length };
}

export async function benchFirstScreen(options: { runs?: number; progress?: (line: string) => void } = {}): Promise<FirstScreenFigures> {
  const runs = options.runs ?? 5;
  const progress = options.progress ?? (() => undefined);
  const h = await startHarness();
  try {
    progress(`first screen: ${runs} cold loads on throttled 4G, and ${runs} unthrottled as the baseline…`);
    const cold: number[] = [];
    const coldLocal: number[] = [];
    for (let i = 0; i < runs; i++) {
      for (const throttled of [true, false]) {
        const { context, page } = await newProfile(h, WELCOME_READY);
        if (throttled) await throttle(page);
        (throttled ? cold : coldLocal).push(await timedLoad(page, h.url));
        await context.close();
      }
    }

    progress(`first screen: ${runs} loads with a warm service worker…`);
    const visitor = await newProfile(h, WELCOME_READY);
    await visitor.page.goto(h.url);
    await waitControlled(visitor.page);
    await throttle(visitor.page);
    const warmVisitor: number[] = [];
    for (let i = 0; i < runs; i++) warmVisitor.push(await timedLoad(visitor.page, h.url));
    await visitor.context.close();

    progress(`first screen: ${runs} reopenings of a space with a warm service worker…`);
    // A paired person: alone in a space, the invite card stands in for the home.
    const { alex: person } = await createPair(h, {
      alex: { viewport: VIEWPORTS.phone, person: { serviceWorkers: true, initScript: `${HOME_READY}\n${MARKER}` } },
    });
    await waitControlled(person);
    await person.goto(h.url);
    await person.locator('#home-heading').waitFor();
    await throttle(person);
    const warmHome: number[] = [];
    for (let i = 0; i < runs; i++) warmHome.push(await timedLoad(person, h.url));

    return {
      network: MID_4G,
      firstScreenGzipBytes: firstScreenBytes(WEB_ROOT).js,
      cold: figures(cold),
      coldUnthrottled: figures(coldLocal),
      warmVisitor: figures(warmVisitor),
      warmHome: figures(warmHome),
    };
  } finally {
    await h.close();
  }
}
