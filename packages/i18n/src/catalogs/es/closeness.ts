import type { PartOf } from '../../part.js';
import type { closeness as source } from '../en/closeness.js';

export const closeness: PartOf<typeof source> = {
};
