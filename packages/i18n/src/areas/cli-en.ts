// The cli area in en: one chunk, loaded as a whole.
import { cli } from '../catalogs/en/cli.js';

export const messages = { ...cli };
