// The cli area in es: one chunk, loaded as a whole.
import { cli } from '../catalogs/es/cli.js';

export const messages = { ...cli };
