import type { PartOf } from '../../part.js';
import type { desires as source } from '../en/desires.js';

export const desires: PartOf<typeof source> = {
};
