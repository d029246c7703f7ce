/**
 * Catalogs load by area, so the first screen carries only the words it shows, in one language:
 * `core` (the shell, home, live moments, trust gate) comes with the first screen; the workbook's
 * sections, the rarer pages, the extension's panel and the CLI each load with their own code.
 * Every area is a dynamic import, one chunk per area and language (English too, so a German
 * first screen does not carry the English words); the first screen's chunk loads while libsodium
 * starts, and scripts/check-bundle-size counts it in the first screen's budget.
 */
import type { Language } from './languages.js';

export type Area = 'core' | 'pages' | 'sections' | 'extension' | 'cli';
export type AreaMessages = Readonly<Record<string, unknown>>;

type Loader = () => Promise<AreaMessages>;

export const AREA_LOADERS: Record<Area, Record<Language, Loader>> = {
  core: {
    en: () => import('./areas/core-en.js').then((m) => m.messages),
    de: () => import('./areas/core-de.js').then((m) => m.messages),
    es: () => import('./areas/core-es.js').then((m) => m.messages),
  },
  pages: {
    en: () => import('./areas/pages-en.js').then((m) => m.messages),
    de: () => import('./areas/pages-de.js').then((m) => m.messages),
    es: () => import('./areas/pages-es.js').then((m) => m.messages),
  },
  sections: {
    en: () => import('./areas/sections-en.js').then((m) => m.messages),
    de: () => import('./areas/sections-de.js').then((m) => m.messages),
    es: () => import('./areas/sections-es.js').then((m) => m.messages),
  },
  extension: {
    en: () => import('./areas/extension-en.js').then((m) => m.messages),
    de: () => import('./areas/extension-de.js').then((m) => m.messages),
    es: () => import('./areas/extension-es.js').then((m) => m.messages),
  },
  cli: {
    en: () => import('./areas/cli-en.js').then((m) => m.messages),
    de: () => import('./areas/cli-de.js').then((m) => m.messages),
    es: () => import('./areas/cli-es.js').then((m) => m.messages),
  },
};
