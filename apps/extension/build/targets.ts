/**
 * After Vite has built the pages and the background once into dist/chromium, derive every
 * browser's loadable folder from it: copy the bundle, write that browser's manifest, and zip
 * the folder reproducibly (store-zip.ts: sorted entries, one fixed time, no hidden files). The
 * JavaScript is identical across browsers; only the manifest differs. `web-ext lint` checks the
 * Firefox folder in the test command (scripts/check-extension-lint).
 *
 *   await writeTargets({ outRoot: 'dist', builtDir: 'dist/chromium', version: '0.1.0' });
 *   // → dist/chromium, dist/firefox, dist/securebase-chromium.zip, dist/securebase-firefox.zip
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TARGETS, manifestFor, type ManifestOptions } from './manifest.js';
import { storeZip } from './store-zip.js';

export interface TargetsOptions extends ManifestOptions {
  /** Where the folders and zips go (dist). */
  outRoot: string;
  /** The folder Vite wrote (one of the targets' folders). */
  builtDir: string;
}

/** Write one loadable folder and one zip per browser target; returns the zip paths. */
export function writeTargets(opts: TargetsOptions): string[] {
  const zips: string[] = [];
  for (const target of TARGETS) {
    const dir = join(opts.outRoot, target);
    if (resolve(dir) !== resolve(opts.builtDir)) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      cpSync(opts.builtDir, dir, { recursive: true });
    }
    const manifest = manifestFor(target, opts);
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const zip = join(opts.outRoot, `securebase-${target}.zip`);
    writeFileSync(zip, storeZip(dir));
    zips.push(resolve(zip));
  }
  return zips;
}
