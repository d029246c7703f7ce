import type { PartOf } from '../../part.js';
import type { home as source } from '../en/home.js';

export const home: PartOf<typeof source> = {
};
