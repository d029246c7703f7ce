import type { PartOf } from '../../part.js';
import type { changes as source } from '../en/changes.js';

export const changes: PartOf<typeof source> = {
};
