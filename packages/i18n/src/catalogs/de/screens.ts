import type { PartOf } from '../../part.js';
import type { screens as source } from '../en/screens.js';

export const screens: PartOf<typeof source> = {
};
