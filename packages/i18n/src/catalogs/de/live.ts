import type { PartOf } from '../../part.js';
import type { live as source } from '../en/live.js';

export const live: PartOf<typeof source> = {
};
