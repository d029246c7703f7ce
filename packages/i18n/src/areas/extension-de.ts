// The extension area in de: one chunk, loaded as a whole.
import { extension } from '../catalogs/de/extension.js';

export const messages = { ...extension };
