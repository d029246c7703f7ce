// The pages area in de: one chunk, loaded as a whole.
import { pages } from '../catalogs/de/pages.js';
import { trustPages } from '../catalogs/de/trust-pages.js';
import { moments } from '../catalogs/de/moments.js';

export const messages = { ...pages, ...trustPages, ...moments };
