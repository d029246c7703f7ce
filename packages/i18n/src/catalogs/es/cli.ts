import type { PartOf } from '../../part.js';
import type { cli as source } from '../en/cli.js';

export const cli: PartOf<typeof source> = {
};
