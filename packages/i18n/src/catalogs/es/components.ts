import type { PartOf } from '../../part.js';
import type { components as source } from '../en/components.js';

export const components: PartOf<typeof source> = {
};
