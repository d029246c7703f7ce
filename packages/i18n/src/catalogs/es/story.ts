import type { PartOf } from '../../part.js';
import type { story as source } from '../en/story.js';

export const story: PartOf<typeof source> = {
};
