/**
 * The web build's own code edits (build/streamed-sodium-wasm.ts, build/chunk-integrity.ts) on
 * real inputs: the libsodium-sumo module the package ships, run in Node with its WebAssembly
 * given back through the new hook (Argon2id works; a failed fetch rejects instead of hanging),
 * and the refusals that keep a changed package or bundle from being shipped unchecked.
 *
 *   npx vitest run apps/web/test/build-plugins.test.ts
 */
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rolldown } from 'vite';
import { routeDynamicImports } from '../build/chunk-integrity.js';
import { streamSodiumModule } from '../build/streamed-sodium-wasm.js';

type Hook = (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void, fail: (err: unknown) => void) => object;
type SodiumModule = { _sodium_init(): number; _crypto_pwhash_alg_argon2id13(): number };
const hooks = globalThis as { __sbTestHook?: Hook };

let tmp: string;
let original: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'sb-sodium-'));
  // The module the web build bundles: libsodium-sumo's ESM build, found through the wrappers package.
  // (pnpm: the wrappers' own dependency sits beside it in the store)
  const wrappers = await realpath(join(import.meta.dirname, '../../../packages/crypto/node_modules/libsodium-wrappers-sumo'));
  const sumo = join(dirname(wrappers), 'libsodium-sumo');
  original = await readFile(join(sumo, 'dist/modules-sumo-esm/libsodium-sumo.mjs'), 'utf8');
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The edited module, with the build's virtual loader swapped for the test's hook. */
async function loadEdited(name: string): Promise<{ factory: (options?: object) => Promise<SodiumModule>; wasm: Uint8Array }> {
  const { code, wasm } = streamSodiumModule(original);
  const file = join(tmp, `${name}.mjs`);
  const local = code.replace(/^import\{instantiateSodiumWasm as __sbInstantiateSodiumWasm\}from"[^"]+";/, 'const __sbInstantiateSodiumWasm = (...a) => globalThis.__sbTestHook(...a);');
  expect(local).not.toBe(code);
  await writeFile(file, local);
  const mod = (await import(pathToFileURL(file).href)) as { default: (options?: object) => Promise<SodiumModule> };
  return { factory: mod.default, wasm };
}

describe('streamed libsodium WebAssembly', () => {
  it('takes the WebAssembly out and runs from the file the build would ship', async () => {
    const { factory, wasm } = await loadEdited('ok');
    expect(Buffer.from(wasm.subarray(0, 4)).toString('latin1')).toBe('\0asm');
    expect(original.length - streamSodiumModule(original).code.length).toBeGreaterThan(wasm.length);
    hooks.__sbTestHook = (imports, done, fail) => {
      WebAssembly.instantiate(new Uint8Array(wasm), imports).then((r) => done(r.instance), fail);
      return {};
    };
    const sodium = await factory({ getRandomValue: () => 4 });
    expect(sodium._sodium_init()).toBeGreaterThanOrEqual(0);
    expect(sodium._crypto_pwhash_alg_argon2id13()).toBe(2);
  });

  it('rejects, instead of hanging, when the WebAssembly cannot be had', async () => {
    const { factory } = await loadEdited('fail');
    hooks.__sbTestHook = (_imports, _done, fail) => {
      queueMicrotask(() => fail(new Error('offline')));
      return {};
    };
    await expect(factory({ getRandomValue: () => 4 })).rejects.toThrow('offline');
  });

  it('refuses a module of another shape rather than shipping it inlined', () => {
    expect(() => streamSodiumModule(original.replace(/instantiateWasm\(/g, 'instantiateWasmX('))).toThrow(/instantiateWasm call/);
    expect(() => streamSodiumModule(original.replace('"AGFzbQ', '"QUJD'))).toThrow(/inlined WebAssembly/);
    expect(() => streamSodiumModule(`export default 1;${original}`)).toThrow(/factory/);
  });
});

describe('lazy-chunk imports', () => {
  const chunk = (code: string, dynamicImports: string[]) => ({ fileName: 'assets/index-a.js', code, dynamicImports }) as unknown as Rolldown.OutputChunk;

  it('routes every import() of a chunk through the verified loader, whatever the quotes', () => {
    const out = routeDynamicImports(chunk('a(()=>import(`./x-1.js`));b(()=>import("./y-2.js"))', ['assets/x-1.js', 'assets/y-2.js']));
    expect(out).toBe(
      'a(()=>globalThis.__securebaseVerifiedImport("./x-1.js",import.meta.url));b(()=>globalThis.__securebaseVerifiedImport("./y-2.js",import.meta.url))',
    );
  });

  it('fails the build when the bundle has a dynamic import it could not route', () => {
    expect(() => routeDynamicImports(chunk('import(someVariable)', ['assets/x-1.js']))).toThrow(/do not match/);
  });
});
