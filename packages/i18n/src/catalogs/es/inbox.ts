import type { PartOf } from '../../part.js';
import type { inbox as source } from '../en/inbox.js';

export const inbox: PartOf<typeof source> = {
};
