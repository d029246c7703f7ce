// The store zips are reproducible: the same folder gives the same bytes, whatever the files'
// times on disk or the machine's time zone, with entries in sorted order, hidden files left out,
// and every file's bytes inside. (With `web-ext build` two builds of one commit differed.)
import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { packedFiles, storeZip } from '../build/store-zip.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>, time: Date): string {
  const dir = mkdtempSync(join(tmpdir(), 'securebase-zip-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    utimesSync(file, time, time);
  }
  return dir;
}

const FILES = { 'manifest.json': '{"name":"Secure Base"}', 'assets/b.js': 'console.log(2)', 'assets/a.js': 'console.log(1)', 'sidepanel.html': '<!doctype html>' };

describe('storeZip', () => {
  it('gives the same bytes for the same folder, written at different times', () => {
    const one = storeZip(folder(FILES, new Date('2026-01-02T03:04:05Z')));
    const two = storeZip(folder({ ...FILES }, new Date('2026-11-30T23:59:59Z')));
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
  });

  it('gives the same bytes in another time zone', () => {
    const dir = folder(FILES, new Date());
    const here = storeZip(dir);
    const before = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(Buffer.from(storeZip(dir)).equals(Buffer.from(here))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('holds every file, sorted, and no hidden ones', () => {
    const dir = folder({ ...FILES, '.DS_Store': 'x', '.git/config': 'y', 'assets/.hidden.js': 'z' }, new Date());
    expect(packedFiles(dir)).toEqual(['assets/a.js', 'assets/b.js', 'manifest.json', 'sidepanel.html']);
    const entries = unzipSync(storeZip(dir));
    expect(Object.keys(entries)).toEqual(['assets/a.js', 'assets/b.js', 'manifest.json', 'sidepanel.html']);
    expect(new TextDecoder().decode(entries['assets/b.js'])).toBe('console.log(2)');
  });

  it('changes when a file does', () => {
    const one = storeZip(folder(FILES, new Date()));
    const two = storeZip(folder({ ...FILES, 'assets/a.js': 'console.log(3)' }, new Date()));
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(false);
  });
});
