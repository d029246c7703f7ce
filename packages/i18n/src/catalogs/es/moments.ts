import type { PartOf } from '../../part.js';
import type { moments as source } from '../en/moments.js';

export const moments: PartOf<typeof source> = {
};
