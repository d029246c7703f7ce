// The cli area in de: one chunk, loaded as a whole.
import { cli } from '../catalogs/de/cli.js';

export const messages = { ...cli };
