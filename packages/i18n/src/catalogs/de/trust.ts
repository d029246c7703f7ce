import type { PartOf } from '../../part.js';
import type { trust as source } from '../en/trust.js';

export const trust: PartOf<typeof source> = {
};
