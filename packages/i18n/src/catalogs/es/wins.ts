import type { PartOf } from '../../part.js';
import type { wins as source } from '../en/wins.js';

export const wins: PartOf<typeof source> = {
};
