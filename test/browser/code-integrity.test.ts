/**
 * Hostile operator, web half (issue 10): a real relay serves a signed build of the web app; a
 * person visits with service workers allowed and gets it; then the test, acting as the relay's
 * operator, swaps the bundle (it now sets a global marker) and sw.js (a new version) in the web
 * root, with a manifest that is unsigned, signed by another key, or signed by the right key over
 * other files. The person reloads: the warning shows and the modified bundle never ran. A genuine
 * update signed by the same key shows "Updated to version 0.2.0" and runs. The warning is
 * screenshotted at phone and desktop width (test-output/screenshots/code-warning-*.png) and
 * checked with axe.
 *
 *   npx vitest run -c vitest.browser.config.ts test/browser/code-integrity.test.ts
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReleaseKey, hashReleaseFile, readyCrypto, signReleaseManifest, type ReleaseKeyPair } from '@securebase/crypto';
import { decodeReleaseManifestJson, encodeReleaseManifestJson, toBase64Url, type ReleaseBody } from '@securebase/protocol';
import { startRelay } from '@securebase/relay';
import { buildWebApp } from '../integration/web-build.js';
import { CHROMIUM, SCREENSHOTS, SYNC_WAIT, VIEWPORTS, screenshot, seriousA11yViolations, type Viewport } from './helpers/index.js';

type Relay = Awaited<ReturnType<typeof startRelay>>;

const MARKER = '__SB_OPERATOR_CODE_RAN__';
const WARNING = 'Warning: the relay is serving changed app code';

let tmp: string;
let genuine: string;
let webRoot: string;
let relay: Relay;
let browser: Browser;
let publisher: ReleaseKeyPair;
let other: ReleaseKeyPair;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  await readyCrypto();
  publisher = generateReleaseKey();
  other = generateReleaseKey();
  await mkdir(SCREENSHOTS, { recursive: true });
  tmp = await mkdtemp(join(tmpdir(), 'securebase-code-integrity-'));
  genuine = join(tmp, 'genuine');
  webRoot = join(tmp, 'web');
  await buildWebApp(genuine, { SECUREBASE_RELEASE_KEY: toBase64Url(publisher.seed), SOURCE_COMMIT: 'test', NODE_ENV: 'production' });
  await cp(genuine, webRoot, { recursive: true });
  relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir: join(tmp, 'data'), webRoot });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await relay?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Put the genuine signed build back in the web root. */
async function restoreGenuine(): Promise<void> {
  await rm(webRoot, { recursive: true, force: true });
  await cp(genuine, webRoot, { recursive: true });
}

/** A returning visitor: first visit installs the (genuine) worker, which then controls the page. */
async function visitor(viewport: Viewport): Promise<Page> {
  const context = await browser.newContext({ viewport, serviceWorkers: 'allow', reducedMotion: 'reduce' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.setDefaultTimeout(SYNC_WAIT);
  await page.goto(relay.url);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return page;
}

const sha384 = (bytes: Buffer | string) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/**
 * The operator's swap: the main bundle now sets a global marker, index.html's integrity follows
 * it, sw.js is a new version. Returns the files as now served, for a manifest over them.
 */
async function swapCode(): Promise<Map<string, Uint8Array>> {
  const indexPath = join(webRoot, 'index.html');
  let index = await readFile(indexPath, 'utf8');
  const script = /<script type="module" crossorigin src="([^"]+)" integrity="([^"]+)"><\/script>/.exec(index);
  if (!script?.[1] || !script[2]) throw new Error('index.html has no module script with integrity');
  const bundlePath = join(webRoot, script[1]);
  const bundle = `globalThis.${MARKER} = true;\n${await readFile(bundlePath, 'utf8')}`;
  await writeFile(bundlePath, bundle);
  index = index.replace(script[2], sha384(bundle));
  await writeFile(indexPath, index);
  const swPath = join(webRoot, 'sw.js');
  const sw = (await readFile(swPath, 'utf8')).replace(/self\.__SB_VERSION__ = "[^"]*";/, 'self.__SB_VERSION__ = "operator-0002";');
  await writeFile(swPath, sw);
  const manifest = decodeReleaseManifestJson(await readFile(join(genuine, 'release-manifest.json'), 'utf8'));
  const served = new Map<string, Uint8Array>();
  for (const file of manifest.files) served.set(file.path, new Uint8Array(await readFile(join(webRoot, file.path))));
  return served;
}

function bodyOver(served: ReadonlyMap<string, Uint8Array>, version = '0.2.0'): ReleaseBody {
  return { version, commit: 'operator', files: [...served].map(([path, bytes]) => ({ path, sha256: hashReleaseFile(bytes) })) };
}

async function writeManifest(text: string): Promise<void> {
  await writeFile(join(webRoot, 'release-manifest.json'), text);
}

async function markerRan(page: Page): Promise<boolean> {
  return page.evaluate((name) => (globalThis as Record<string, unknown>)[name] === true, MARKER);
}

/** Reload as the person would, and wait for the warning. */
async function reloadToWarning(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole('heading', { name: WARNING }).waitFor();
}

describe('a returning visitor whose relay swaps the web app', () => {
  it('warns on an unsigned new version, never runs it, and keeps the previous one on request', async () => {
    await restoreGenuine();
    const page = await visitor(VIEWPORTS.phone);
    const served = await swapCode();
    await writeManifest(encodeReleaseManifestJson({ ...bodyOver(served), signature: undefined }));
    await reloadToWarning(page);
    await expect(page.getByRole('alert').filter({ hasText: 'not signed by any publisher' }).count()).resolves.toBe(1);
    expect(await markerRan(page)).toBe(false);
    await screenshot(page, 'code-warning-phone');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize(VIEWPORTS.desktop);
    await screenshot(page, 'code-warning-desktop');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Keep using the previous version' }).click();
    await expect(page.getByRole('heading', { name: WARNING }).count()).resolves.toBe(0);
    // A second reload still runs the previous code and warns again: nothing switched silently.
    await reloadToWarning(page);
    expect(await markerRan(page)).toBe(false);
  });

  it('warns on a new version signed by another key, never runs it', async () => {
    await restoreGenuine();
    const page = await visitor(VIEWPORTS.desktop);
    const served = await swapCode();
    await writeManifest(encodeReleaseManifestJson(signReleaseManifest(bodyOver(served), other)));
    await reloadToWarning(page);
    await page.getByText('signed by a different key').waitFor();
    expect(await markerRan(page)).toBe(false);
  });

  it('warns on a manifest signed by the right key over other files, never runs them', async () => {
    await restoreGenuine();
    const page = await visitor(VIEWPORTS.desktop);
    const genuineFiles = new Map<string, Uint8Array>();
    for (const file of decodeReleaseManifestJson(await readFile(join(genuine, 'release-manifest.json'), 'utf8')).files) {
      genuineFiles.set(file.path, new Uint8Array(await readFile(join(genuine, file.path))));
    }
    await swapCode();
    await writeManifest(encodeReleaseManifestJson(signReleaseManifest(bodyOver(genuineFiles, '0.2.0'), publisher)));
    await reloadToWarning(page);
    await page.getByText('not the files the new version').waitFor();
    expect(await markerRan(page)).toBe(false);
  });

  it('takes a genuine update signed by the same key, and says so', async () => {
    await restoreGenuine();
    const page = await visitor(VIEWPORTS.desktop);
    const served = await swapCode();
    await writeManifest(encodeReleaseManifestJson(signReleaseManifest(bodyOver(served), publisher)));
    await page.reload();
    await page.getByText('Updated to version 0.2.0 (signed by the same publisher)').waitFor();
    // The new bundle (here the operator's, signed by the publisher's key) is what runs now.
    expect(await markerRan(page)).toBe(true);
    await expect(page.getByRole('heading', { name: WARNING }).count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  });
});

