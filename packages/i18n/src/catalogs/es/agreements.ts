import type { PartOf } from '../../part.js';
import type { agreements as source } from '../en/agreements.js';

export const agreements: PartOf<typeof source> = {
};
