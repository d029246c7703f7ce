import type { PartOf } from '../../part.js';
import type { reframes as source } from '../en/reframes.js';

export const reframes: PartOf<typeof source> = {
};
