/**
 * Vite/Rolldown plugin for the browser builds: every message key ('checkins.rhythm.title') is
 * replaced, in the app's code and in the precompiled catalogs alike, by a short id (its index
 * among the sorted English keys, in base 36: 'a7'). Keys are written for people; shipped whole
 * they were about a sixth of every catalog chunk and appeared again at each call site, and the
 * first screen's budget (180 KB gzipped) has no room for them. Deterministic: the same keys give
 * the same ids, so builds stay reproducible. Runs after TypeScript is stripped and after
 * precompile-catalogs (list it second).
 *
 *   plugins: [precompileCatalogs(), shortKeys()]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENGLISH = fileURLToPath(new URL('../src/catalogs/en/', import.meta.url));
/** The code that names keys: the apps' sources and the catalogs (never node_modules). */
const CODE = /[\\/](apps[\\/](web|extension)[\\/]src|packages[\\/]i18n[\\/]src)[\\/].*\.(tsx?|jsx?|mjs)$/;
const QUOTED = /(['"`])([a-z][A-Za-z0-9]*\.[A-Za-z0-9.]+)\1/g;

interface KeyPlugin {
  name: string;
  enforce: 'post';
  buildStart: () => Promise<void>;
  transform: (code: string, id: string) => { code: string; map: null } | null;
}

/** Every English key, from the source parts (plain data: type-only imports are the only TS). */
async function englishKeys(): Promise<string[]> {
  const keys: string[] = [];
  for (const file of readdirSync(ENGLISH).filter((f) => f.endsWith('.ts')).sort()) {
    const js = readFileSync(`${ENGLISH}${file}`, 'utf8').replace(/^import type .*$/gm, '');
    const part = (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)) as Record<string, Record<string, string>>;
    for (const messages of Object.values(part)) keys.push(...Object.keys(messages));
  }
  return keys.sort();
}

export function shortKeys(): KeyPlugin {
  let ids = new Map<string, string>();
  return {
    name: 'securebase-short-keys',
    enforce: 'post',
    async buildStart() {
      ids = new Map((await englishKeys()).map((key, i) => [key, i.toString(36)]));
    },
    transform(code, id) {
      if (!CODE.test(id)) return null;
      let changed = false;
      const out = code.replace(QUOTED, (whole, quote: string, key: string) => {
        const short = ids.get(key);
        if (short === undefined) return whole;
        changed = true;
        return `${quote}${short}${quote}`;
      });
      return changed ? { code: out, map: null } : null;
    },
  };
}
