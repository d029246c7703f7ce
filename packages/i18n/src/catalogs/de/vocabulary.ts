import type { PartOf } from '../../part.js';
import type { vocabulary as source } from '../en/vocabulary.js';

export const vocabulary: PartOf<typeof source> = {
};
