/**
 * Vite plugin: ship libsodium-sumo's WebAssembly as its own file instead of the base64 string
 * the package inlines into its JavaScript. The inlined form is ~172 KB gzipped of JavaScript that
 * the browser must parse and decode before it can even start compiling; as a file it is
 * 124 KB gzipped of `application/wasm`, fetched with Subresource Integrity (`fetch(url,
 * { integrity })`, the hash baked into the entry chunk, which index.html's own integrity covers)
 * and compiled by `WebAssembly.instantiateStreaming`. Same library, same build, same API: only
 * the web bundle changes; Node (CLI, relay, tests) keeps the package as it is.
 *
 *   plugins: [streamedSodiumWasm()]   // apps/web/vite.config.ts (build only)
 *
 * It edits the package's output in three places and fails the build if any of them is not found
 * (a libsodium update that moves them must be looked at, not silently bundled inline again):
 * the base64 literal becomes "", the module factory gets an `instantiateWasm` hook by default,
 * and the factory's promise gets its reject function passed to that hook, so a failed fetch
 * (offline before the service worker cached the file, a wrong hash) rejects `sodium.ready`
 * instead of leaving it pending for ever.
 */
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

const SUMO_MODULE = /[\\/]libsodium-sumo[\\/]dist[\\/]modules-sumo-esm[\\/]libsodium-sumo\.mjs$/;
const VIRTUAL_ID = 'virtual:securebase-sodium-wasm';
const RESOLVED_VIRTUAL_ID = `\0${VIRTUAL_ID}`;
// The one base64 string that starts with the WebAssembly magic (`\0asm` → "AGFzbQ").
const WASM_LITERAL = /"(AGFzbQ[A-Za-z0-9+/]+={0,2})"/g;
const FACTORY_START = /^async function (\w+)\((\w+)=\{\}\)\{/;
const HOOK_CALL = /new Promise\(\((\w+),(\w+)\)=>\{(\w+)\.instantiateWasm\((\w+),(\(\w+,\w+\)=>\{[^{}]*\})\)\}\)/g;

/** The same edit, exported for the build's own test: throws if the module does not have the expected shape. */
export function streamSodiumModule(code: string): { code: string; wasm: Uint8Array } {
  const literals = [...code.matchAll(WASM_LITERAL)];
  if (literals.length !== 1) throw new Error(`libsodium-sumo: expected one inlined WebAssembly literal, found ${literals.length}`);
  const wasm = Buffer.from(literals[0]![1]!, 'base64');
  const factory = FACTORY_START.exec(code);
  if (!factory) throw new Error('libsodium-sumo: module factory not found');
  const hooks = [...code.matchAll(HOOK_CALL)];
  if (hooks.length !== 1) throw new Error(`libsodium-sumo: expected one instantiateWasm call, found ${hooks.length}`);
  const options = factory[2]!;
  let out = code.replace(literals[0]![0], '""');
  out = out.replace(HOOK_CALL, (_m, resolve: string, reject: string, module: string, imports: string, callback: string) =>
    `new Promise((${resolve},${reject})=>{${module}.instantiateWasm(${imports},${callback},${reject})})`,
  );
  out = out.replace(FACTORY_START, (start) => `${start}${options}={instantiateWasm:__sbInstantiateSodiumWasm,...${options}};`);
  out = `import{instantiateSodiumWasm as __sbInstantiateSodiumWasm}from${JSON.stringify(VIRTUAL_ID)};\n${out}`;
  return { code: out, wasm };
}

/** The loader module: fetch with integrity, compile (streaming when the server says application/wasm). */
function loaderSource(url: string, integrity: string): string {
  return `
const URL_ = ${JSON.stringify(url)};
const INTEGRITY = ${JSON.stringify(integrity)};
async function instantiate(imports) {
  const response = await fetch(URL_, { integrity: INTEGRITY, credentials: 'same-origin' });
  if (!response.ok) throw new Error('libsodium WebAssembly: HTTP ' + response.status);
  if ((response.headers.get('content-type') || '').startsWith('application/wasm')) {
    return WebAssembly.instantiateStreaming(response, imports);
  }
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}
export function instantiateSodiumWasm(imports, done, fail) {
  instantiate(imports).then((result) => done(result.instance, result.module), fail);
  return {};
}
`;
}

/** The plugin (build only; the dev server keeps the inlined module). */
export function streamedSodiumWasm(): Plugin {
  let loader: string | undefined;
  let base = '/';
  return {
    name: 'securebase-streamed-sodium-wasm',
    apply: 'build',
    enforce: 'pre',
    configResolved(config) {
      base = config.base;
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_VIRTUAL_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_VIRTUAL_ID) return undefined;
      if (!loader) throw new Error('libsodium-sumo was not transformed before its loader was needed');
      return loader;
    },
    transform(code, id) {
      if (!SUMO_MODULE.test(id)) return undefined;
      const { code: out, wasm } = streamSodiumModule(code);
      const name = createHash('sha256').update(wasm).digest('hex').slice(0, 10);
      const fileName = `assets/libsodium-sumo-${name}.wasm`;
      this.emitFile({ type: 'asset', fileName, source: wasm });
      loader = loaderSource(`${base}${fileName}`, `sha384-${createHash('sha384').update(wasm).digest('base64')}`);
      return { code: out, map: null };
    },
  };
}
