// The profile's file store: private modes, atomic replace, and a key → file name mapping that
// is injective even on case-insensitive file systems.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStateStore, keyToFileName } from '../src/file-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'securebase-filestore-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

describe('FileStateStore', () => {
  it('stores, replaces, reads back and deletes values', async () => {
    const store = await FileStateStore.open(join(dir, 'store'));
    expect(await store.get('sync/abc/shared/doc')).toBeUndefined();
    await store.set('sync/abc/shared/doc', new Uint8Array([1, 2, 3]));
    expect(await store.get('sync/abc/shared/doc')).toEqual(new Uint8Array([1, 2, 3]));
    await store.set('sync/abc/shared/doc', new Uint8Array([9]));
    expect(await store.get('sync/abc/shared/doc')).toEqual(new Uint8Array([9]));
    await store.set('empty', new Uint8Array());
    expect(await store.get('empty')).toEqual(new Uint8Array());
    await store.delete('sync/abc/shared/doc');
    expect(await store.get('sync/abc/shared/doc')).toBeUndefined();
    await store.delete('never-stored');
  });

  it('keeps values in a private directory of private files and leaves no temp files', async () => {
    const storeDir = join(dir, 'store');
    const store = await FileStateStore.open(storeDir);
    await store.set('credentials', new Uint8Array(64).fill(7));
    await store.set('credentials', new Uint8Array(64).fill(8));
    expect(await modeOf(storeDir)).toBe(0o700);
    const names = await readdir(storeDir);
    expect(names).toEqual(['credentials']);
    expect(await modeOf(join(storeDir, 'credentials'))).toBe(0o600);
  });

  it('tightens an existing directory that others could read', async () => {
    const storeDir = join(dir, 'loose');
    await FileStateStore.open(storeDir);
    await chmod(storeDir, 0o755);
    await FileStateStore.open(storeDir);
    expect(await modeOf(storeDir)).toBe(0o700);
  });

  it('keeps keys apart that differ only in case or in escaped characters', async () => {
    const store = await FileStateStore.open(join(dir, 'store'));
    const keys = ['Doc', 'doc', 'a/b', 'a_2fb', 'a_b', '../escape', 'ünïcode', 'k'.repeat(400), `${'k'.repeat(400)}x`];
    for (const [i, key] of keys.entries()) await store.set(key, new Uint8Array([i]));
    for (const [i, key] of keys.entries()) expect(await store.get(key)).toEqual(new Uint8Array([i]));
    // Nothing escaped the store directory.
    expect(await readdir(dir)).toEqual(['store']);
  });
});

describe('keyToFileName', () => {
  it('maps every key to a short, safe, lower-case name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }), (key) => {
        const name = keyToFileName(key);
        expect(name).toMatch(/^[a-z0-9_~-]+$/);
        expect(name.length).toBeLessThanOrEqual(180);
        expect(name.startsWith('.')).toBe(false);
      }),
    );
  });

  it('is injective, even when names are compared without case', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 120, unit: 'binary' }), fc.string({ minLength: 1, maxLength: 120, unit: 'binary' }), (a, b) => {
        fc.pre(a !== b);
        expect(keyToFileName(a).toLowerCase()).not.toBe(keyToFileName(b).toLowerCase());
      }),
    );
    expect(keyToFileName('A')).not.toBe(keyToFileName('a'));
  });

  it('refuses an empty key', () => {
    expect(() => keyToFileName('')).toThrow(RangeError);
  });
});
