// The profile's file store: private modes, atomic replace, and a key → file name mapping that
// is injective even on case-insensitive file systems.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStateStore, fileNameToKey, keyToFileName } from '../src/file-store.js';

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

describe('listing keys', () => {
  it('lists the keys stored under readable names, skipping temp files and counting hashed ones', async () => {
    const store = await FileStateStore.open(join(dir, 'store'));
    const keys = ['credentials', 'sync/AbC/private-xY/outbox', 'ünïcode', 'k'.repeat(400)];
    for (const key of keys) await store.set(key, new Uint8Array([1]));
    await writeFile(join(dir, 'store', '.credentials.123.abcdef.tmp'), 'half written');
    const listed = await store.keys();
    expect(listed.keys.sort()).toEqual(['credentials', 'sync/AbC/private-xY/outbox', 'ünïcode'].sort());
    expect(listed.unlisted).toBe(1);
    expect(await store.removeTempFiles()).toBe(1);
    expect((await readdir(join(dir, 'store'))).some((name) => name.startsWith('.'))).toBe(false);
    expect(await store.removeTempFiles()).toBe(0);
  });

  it('fileNameToKey inverts keyToFileName for every readable name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60, unit: 'binary' }), (key) => {
        // Lone surrogates are not text: UTF-8 cannot carry them, so no store key holds one.
        fc.pre(Buffer.from(key, 'utf8').toString('utf8') === key);
        expect(fileNameToKey(keyToFileName(key))).toBe(key);
      }),
    );
  });

  it('fileNameToKey refuses names keyToFileName never writes', () => {
    for (const name of ['', '~abc', '.x.tmp', 'Upper', '_6', '_zz', '_61', '_ff', 'a b']) expect(fileNameToKey(name)).toBeUndefined();
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
