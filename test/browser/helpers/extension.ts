/**
 * A Chromium profile with the built extension loaded, as the extension's browser tests start it:
 * headless, reduced motion, the flags every test uses, and the extension's id read from its
 * service worker.
 *
 *   const { context, extensionId } = await launchWithExtension(profileDir, { build, viewport: VIEWPORTS.phone });
 */
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { CHROMIUM, type Viewport } from './harness.js';

export interface ExtensionLaunchOptions {
  /** The extension's built directory (apps/extension/dist/chromium). */
  build: string;
  viewport: Viewport;
  acceptDownloads?: boolean;
  /** Accept a self-signed certificate (the load balancer's), in pages and the extension's worker. */
  insecureTls?: boolean;
}

export async function launchWithExtension(profileDir: string, options: ExtensionLaunchOptions): Promise<{ context: BrowserContext; extensionId: string }> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport,
    reducedMotion: 'reduce',
    acceptDownloads: options.acceptDownloads ?? false,
    ignoreHTTPSErrors: options.insecureTls ?? false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.insecureTls ? ['--ignore-certificate-errors'] : []),
      `--disable-extensions-except=${options.build}`,
      `--load-extension=${options.build}`,
    ],
  });
  const worker: Worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, extensionId: new URL(worker.url()).host };
}
