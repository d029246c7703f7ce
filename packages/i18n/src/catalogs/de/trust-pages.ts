import type { PartOf } from '../../part.js';
import type { trustPages as source } from '../en/trust-pages.js';

export const trustPages: PartOf<typeof source> = {
};
