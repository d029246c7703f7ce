/**
 * The store zip of one built folder, byte for byte the same from the same folder: entries in
 * sorted order, one fixed timestamp, no hidden files. fflate (small, no dependencies) writes the
 * zip; `web-ext build` was tried and stamps each entry with the build time, so two builds of one
 * commit gave different zips and nobody could check a store package against its source.
 *
 *   writeFileSync('dist/securebase-firefox.zip', storeZip('dist/firefox'));
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync, type Zippable } from 'fflate';

/**
 * The entries' time: noon on 1 January 1980, the first day a zip can name. Built from local
 * parts, at each call, because zip stores local wall-clock time (fflate reads it with local
 * getters): so the bytes do not depend on the machine's time zone.
 */
function entryTime(): Date {
  return new Date(1980, 0, 1, 12, 0, 0);
}

/** Every file under `dir` (relative, '/'-separated, sorted), hidden files and folders left out. */
export function packedFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter((path) => !path.split('/').some((part) => part.startsWith('.')))
    .sort();
}

/** The zip of `dir`. */
export function storeZip(dir: string): Uint8Array {
  const entries: Zippable = {};
  const mtime = entryTime();
  for (const path of packedFiles(dir)) entries[path] = [readFileSync(join(dir, path)), { mtime, level: 9 }];
  return zipSync(entries);
}
