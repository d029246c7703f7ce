/**
 * After Vite has built the pages and the background once into dist/chromium, derive every
 * browser's loadable folder from it: copy the bundle, write that browser's manifest, and zip
 * the folder with Mozilla's `web-ext build` (the packager the stores expect; it skips hidden
 * files and stray archives). The JavaScript is identical across browsers; only the manifest differs.
 *
 *   await writeTargets({ outRoot: 'dist', builtDir: 'dist/chromium', version: '0.1.0' });
 *   // → dist/chromium, dist/firefox, dist/securebase-chromium.zip, dist/securebase-firefox.zip
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import webExt from 'web-ext';
import { TARGETS, manifestFor, type ManifestOptions } from './manifest.js';

export interface TargetsOptions extends ManifestOptions {
  /** Where the folders and zips go (dist). */
  outRoot: string;
  /** The folder Vite wrote (one of the targets' folders). */
  builtDir: string;
}

/** Write one loadable folder and one zip per browser target; resolves to the zip paths. */
export async function writeTargets(opts: TargetsOptions): Promise<string[]> {
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
    const { extensionPath } = await webExt.cmd.build(
      { sourceDir: resolve(dir), artifactsDir: resolve(opts.outRoot), filename: `securebase-${target}.zip`, overwriteDest: true },
      { showReadyMessage: false },
    );
    zips.push(extensionPath);
  }
  return zips;
}
