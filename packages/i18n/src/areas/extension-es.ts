// The extension area in es: one chunk, loaded as a whole.
import { extension } from '../catalogs/es/extension.js';

export const messages = { ...extension };
