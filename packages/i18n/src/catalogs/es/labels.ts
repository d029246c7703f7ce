import type { PartOf } from '../../part.js';
import type { labels as source } from '../en/labels.js';

export const labels: PartOf<typeof source> = {
};
