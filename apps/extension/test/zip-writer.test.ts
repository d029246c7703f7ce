// The build's ZIP writer: CRC-32 against zlib's, and archives read back entry by entry through
// their central directory (the way browsers' extension installers read them), stored and deflated.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as zlibCrc32, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, zipDirectory, zipEntries } from '../build/zip-writer.js';

/** Every entry of `zip`, read through the central directory. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    expect(crc32(data)).toBe(crc);
    out.set(name, data);
    at += 46 + nameLength;
  }
  return out;
}

describe('zip writer', () => {
  it('computes the same CRC-32 as zlib', () => {
    for (const text of ['', 'a', 'manifest.json', 'x'.repeat(10_000)]) {
      expect(crc32(Buffer.from(text))).toBe(zlibCrc32(Buffer.from(text)));
    }
  });

  it('round-trips stored and deflated entries, sorted, with nested paths', () => {
    const random = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 251));
    const text = Buffer.from('{"manifest_version":3}'.repeat(50));
    const zip = zipEntries([
      { name: 'icons/icon-16.png', data: random },
      { name: 'manifest.json', data: text },
      { name: 'empty.txt', data: new Uint8Array() },
    ]);
    const entries = readZip(zip);
    expect([...entries.keys()]).toEqual(['empty.txt', 'icons/icon-16.png', 'manifest.json']);
    expect(entries.get('manifest.json')).toEqual(text);
    expect(entries.get('icons/icon-16.png')).toEqual(random);
    expect(entries.get('empty.txt')?.length).toBe(0);
  });

  it('writes the same bytes for the same files (reproducible builds)', () => {
    const files = [{ name: 'a.js', data: Buffer.from('let a = 1;') }];
    expect(zipEntries(files).equals(zipEntries([...files]))).toBe(true);
  });

  it('archives a directory with the manifest at the root, readable by unzip', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-writer-'));
    try {
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'manifest.json'), '{}');
      writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
      const zipPath = join(dir, '..', `${dir.split('/').pop()}.zip`);
      writeFileSync(zipPath, zipDirectory(dir));
      try {
        // The system's unzip tests every entry's CRC and lists names exactly as stored.
        const listing = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).trim().split('\n').sort();
        expect(listing).toEqual(['assets/app.js', 'manifest.json']);
        expect(execFileSync('unzip', ['-tq', zipPath], { encoding: 'utf8' })).toMatch(/No errors detected/);
      } finally {
        rmSync(zipPath, { force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
