// The core area in de: one chunk, loaded as a whole.
import { common } from '../catalogs/de/common.js';
import { labels } from '../catalogs/de/labels.js';
import { shell } from '../catalogs/de/shell.js';
import { screens } from '../catalogs/de/screens.js';
import { errors } from '../catalogs/de/errors.js';
import { components } from '../catalogs/de/components.js';
import { home } from '../catalogs/de/home.js';
import { live } from '../catalogs/de/live.js';
import { trust } from '../catalogs/de/trust.js';

export const messages = { ...common, ...labels, ...shell, ...screens, ...errors, ...components, ...home, ...live, ...trust };
