// The pages area in es: one chunk, loaded as a whole.
import { pages } from '../catalogs/es/pages.js';
import { trustPages } from '../catalogs/es/trust-pages.js';
import { moments } from '../catalogs/es/moments.js';

export const messages = { ...pages, ...trustPages, ...moments };
