// The pages area in en: one chunk, loaded as a whole.
import { pages } from '../catalogs/en/pages.js';
import { trustPages } from '../catalogs/en/trust-pages.js';
import { moments } from '../catalogs/en/moments.js';

export const messages = { ...pages, ...trustPages, ...moments };
