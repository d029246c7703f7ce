import type { PartOf } from '../../part.js';
import type { boundaries as source } from '../en/boundaries.js';

export const boundaries: PartOf<typeof source> = {
};
