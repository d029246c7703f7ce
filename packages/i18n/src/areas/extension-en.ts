// The extension area in en: one chunk, loaded as a whole.
import { extension } from '../catalogs/en/extension.js';

export const messages = { ...extension };
