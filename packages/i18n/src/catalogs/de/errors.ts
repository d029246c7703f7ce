import type { PartOf } from '../../part.js';
import type { errors as source } from '../en/errors.js';

export const errors: PartOf<typeof source> = {
};
