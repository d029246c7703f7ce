// The core area in en: one chunk, loaded as a whole.
import { common } from '../catalogs/en/common.js';
import { labels } from '../catalogs/en/labels.js';
import { shell } from '../catalogs/en/shell.js';
import { screens } from '../catalogs/en/screens.js';
import { errors } from '../catalogs/en/errors.js';
import { components } from '../catalogs/en/components.js';
import { home } from '../catalogs/en/home.js';
import { live } from '../catalogs/en/live.js';
import { trust } from '../catalogs/en/trust.js';

export const messages = { ...common, ...labels, ...shell, ...screens, ...errors, ...components, ...home, ...live, ...trust };
