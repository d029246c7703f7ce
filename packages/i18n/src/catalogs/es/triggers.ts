import type { PartOf } from '../../part.js';
import type { triggers as source } from '../en/triggers.js';

export const triggers: PartOf<typeof source> = {
};
