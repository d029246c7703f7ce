// The core area in es: one chunk, loaded as a whole.
import { common } from '../catalogs/es/common.js';
import { labels } from '../catalogs/es/labels.js';
import { shell } from '../catalogs/es/shell.js';
import { screens } from '../catalogs/es/screens.js';
import { errors } from '../catalogs/es/errors.js';
import { components } from '../catalogs/es/components.js';
import { home } from '../catalogs/es/home.js';
import { live } from '../catalogs/es/live.js';
import { trust } from '../catalogs/es/trust.js';

export const messages = { ...common, ...labels, ...shell, ...screens, ...errors, ...components, ...home, ...live, ...trust };
