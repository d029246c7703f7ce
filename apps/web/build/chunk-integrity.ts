/**
 * Vite plugin: Subresource Integrity for the chunks the app loads later with `import()`.
 * index.html's integrity attributes (build/subresource-integrity.ts) cover the entry and what it
 * imports statically; a dynamic `import()` has no integrity option. So every `import("./x.js")`
 * in the built chunks becomes `globalThis.__securebaseVerifiedImport("./x.js", import.meta.url)`,
 * and the table of every lazy chunk's sha384 and static imports is written into the entry (which
 * index.html's integrity covers, so the chain is unbroken). At run time
 * (src/shell/verified-import.ts) the loader first adds `<link rel="modulepreload" integrity=…>`
 * for the chunk and everything it imports, all in one go, then imports it: the browser puts the
 * verified module in its module map, and the `import()` takes it from there. A chunk whose bytes
 * do not match is refused like a tampered entry would be. Why not an import map with integrity:
 * it must be an inline script, which `script-src 'self'` (the relay's CSP, and the extension's
 * MV3 policy) forbids without a hash the relay would have to learn from each build.
 *
 *   plugins: [chunkIntegrity(), serviceWorker(), subresourceIntegrity(), releaseManifest(…)]
 *
 * It runs in `generateBundle` (order `post`) and must come before the plugins that hash files.
 */
import { createHash } from 'node:crypto';
import type { Plugin, Rolldown } from 'vite';

type OutputBundle = Rolldown.OutputBundle;
type OutputChunk = Rolldown.OutputChunk;

/** The string the loader holds until the build writes the table in (src/shell/verified-import.ts). */
export const TABLE_PLACEHOLDER = '__SECUREBASE_CHUNK_INTEGRITY__';
// The minifier quotes with ", ' or ` (no template holes in a chunk name).
const PLACEHOLDER_LITERAL = new RegExp(`(["'\`])${TABLE_PLACEHOLDER}\\1`);
const DYNAMIC_IMPORT = /\bimport\(\s*(["'`])(\.\/[^"'`$]+\.js)\1\s*\)/g;

/** One lazy chunk: its integrity and the chunks it imports statically (URL paths). */
export interface ChunkRecord {
  integrity: string;
  imports: string[];
}

function sha384(code: string): string {
  return `sha384-${createHash('sha384').update(code).digest('base64')}`;
}

/** Rewrite a chunk's `import("./x.js")` calls; throws unless they are exactly its dynamic imports. */
export function routeDynamicImports(chunk: OutputChunk): string {
  const dir = chunk.fileName.includes('/') ? chunk.fileName.slice(0, chunk.fileName.lastIndexOf('/') + 1) : '';
  const seen = new Set<string>();
  const code = chunk.code.replace(DYNAMIC_IMPORT, (_m, _quote: string, specifier: string) => {
    seen.add(dir + specifier.slice(2));
    return `globalThis.__securebaseVerifiedImport(${JSON.stringify(specifier)},import.meta.url)`;
  });
  const expected = [...new Set(chunk.dynamicImports)].sort();
  const found = [...seen].sort();
  if (expected.join('\n') !== found.join('\n')) {
    throw new Error(`${chunk.fileName}: dynamic imports ${JSON.stringify(found)} do not match the bundle's ${JSON.stringify(expected)}`);
  }
  return code;
}

/** The plugin (build only). */
export function chunkIntegrity(): Plugin {
  let base = '/';
  return {
    name: 'securebase-chunk-integrity',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle: OutputBundle) {
        const chunks = Object.values(bundle).filter((o): o is OutputChunk => o.type === 'chunk');
        const entries = chunks.filter((c) => c.isEntry);
        if (entries.length !== 1) throw new Error(`expected one entry chunk, found ${entries.length}`);
        const entry = entries[0]!;
        for (const chunk of chunks) chunk.code = routeDynamicImports(chunk);
        // Loaded with index.html's integrity already: the entry and its static imports.
        const eager = new Set<string>();
        const visit = (file: string): void => {
          if (eager.has(file)) return;
          eager.add(file);
          const c = bundle[file];
          if (c?.type === 'chunk') for (const dep of c.imports) visit(dep);
        };
        visit(entry.fileName);
        // Each of them must be named by index.html (a modulepreload), where it gets its integrity.
        const index = bundle['index.html'];
        const html = index?.type === 'asset' ? String(index.source) : '';
        const unnamed = [...eager].filter((file) => !html.includes(`"${base}${file}"`));
        if (unnamed.length) throw new Error(`index.html does not preload ${unnamed.join(', ')}: it would load without integrity`);
        const holders = chunks.filter((c) => PLACEHOLDER_LITERAL.test(c.code));
        if (holders.length !== 1 || holders[0] !== entry) {
          throw new Error(`the chunk loader (src/shell/verified-import.ts) must be in the entry chunk once; found in ${holders.map((c) => c.fileName).join(', ') || 'none'}`);
        }
        const table: Record<string, ChunkRecord> = {};
        for (const chunk of [...chunks].sort((a, b) => (a.fileName < b.fileName ? -1 : 1))) {
          if (eager.has(chunk.fileName)) continue;
          table[`${base}${chunk.fileName}`] = {
            integrity: sha384(chunk.code),
            imports: chunk.imports.filter((f) => !eager.has(f)).map((f) => `${base}${f}`),
          };
        }
        entry.code = entry.code.replace(PLACEHOLDER_LITERAL, JSON.stringify(JSON.stringify(table)));
      },
    },
  };
}
