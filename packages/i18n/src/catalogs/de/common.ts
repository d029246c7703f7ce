import type { PartOf } from '../../part.js';
import type { common as source } from '../en/common.js';

export const common: PartOf<typeof source> = {
  'language.label': "Sprache",
};
