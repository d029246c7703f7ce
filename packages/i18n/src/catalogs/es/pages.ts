import type { PartOf } from '../../part.js';
import type { pages as source } from '../en/pages.js';

export const pages: PartOf<typeof source> = {
};
