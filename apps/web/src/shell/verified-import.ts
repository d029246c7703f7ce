/**
 * Loads the app's lazy chunks with Subresource Integrity. The web build (build/chunk-integrity.ts)
 * rewrites every `import("./x.js")` into a call of the function installed here and writes the
 * table of chunk hashes into TABLE; this module must stay in the entry chunk (main.tsx imports
 * it), whose own integrity index.html carries. Before importing, it adds a
 * `<link rel="modulepreload" integrity=…>` for the chunk and every chunk it imports, all at
 * once, so each URL enters the module map through a verified fetch; a mismatch or a network
 * failure rejects and the screen shows "Try again" (shell/lazy-screen.tsx).
 *
 *   installVerifiedImport();   // main.tsx, before anything lazy is rendered
 *
 * In the dev server and in the extension's build nothing is rewritten and this is never called.
 */

interface ChunkRecord {
  integrity: string;
  imports: string[];
}

// Replaced by the web build with the JSON table (never compared here: a minifier could fold that).
const TABLE = '__SECUREBASE_CHUNK_INTEGRITY__';
let table: Record<string, ChunkRecord> | undefined;
const preloaded = new Map<string, Promise<void>>();

/** Raised when a lazy chunk cannot be had (offline before it was cached, or its bytes do not match). */
export class ChunkLoadError extends Error {
  constructor(path: string) {
    super(`could not load ${path}`);
    this.name = 'ChunkLoadError';
  }
}

function preload(path: string, record: ChunkRecord): Promise<void> {
  const known = preloaded.get(path);
  if (known) return known;
  const link = document.createElement('link');
  link.rel = 'modulepreload';
  link.href = path;
  link.integrity = record.integrity;
  link.crossOrigin = '';
  const done = new Promise<void>((resolve, reject) => {
    link.addEventListener('load', () => resolve(), { once: true });
    link.addEventListener('error', () => {
      // Forget it, so "Try again" makes a fresh request.
      preloaded.delete(path);
      link.remove();
      reject(new ChunkLoadError(path));
    }, { once: true });
  });
  preloaded.set(path, done);
  document.head.appendChild(link);
  return done;
}

/** The chunk and everything it imports that is not already loaded, each with its record. */
function closure(path: string, into = new Map<string, ChunkRecord>()): Map<string, ChunkRecord> {
  table ??= JSON.parse(TABLE) as Record<string, ChunkRecord>;
  if (into.has(path)) return into;
  const record = table[path];
  // Fail closed: a chunk the build did not list is never imported.
  if (!record) throw new ChunkLoadError(path);
  into.set(path, record);
  for (const dep of record.imports) closure(dep, into);
  return into;
}

/** Import a lazy chunk by the specifier the bundle wrote, after verifying it and its imports. */
export async function verifiedImport(specifier: string, importerUrl: string): Promise<unknown> {
  const url = new URL(specifier, importerUrl);
  if (url.origin !== location.origin) throw new ChunkLoadError(url.pathname);
  // All links in one synchronous pass: each URL is in the module map, verified, before any
  // parent's own fetch could ask for it without integrity.
  const pending = [...closure(url.pathname)].map(([path, record]) => preload(path, record));
  await Promise.all(pending);
  return import(/* @vite-ignore */ url.href);
}

declare global {
  var __securebaseVerifiedImport: typeof verifiedImport | undefined;
}

/** Make the loader reachable from the rewritten `import()` calls of every chunk. */
export function installVerifiedImport(): void {
  globalThis.__securebaseVerifiedImport = verifiedImport;
}
