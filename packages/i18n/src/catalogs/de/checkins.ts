import type { PartOf } from '../../part.js';
import type { checkins as source } from '../en/checkins.js';

export const checkins: PartOf<typeof source> = {
};
