// The sections area in en: one chunk, loaded as a whole.
import { agreements } from '../catalogs/en/agreements.js';
import { boundaries } from '../catalogs/en/boundaries.js';
import { checkins } from '../catalogs/en/checkins.js';
import { story } from '../catalogs/en/story.js';
import { vocabulary } from '../catalogs/en/vocabulary.js';
import { reframes } from '../catalogs/en/reframes.js';
import { triggers } from '../catalogs/en/triggers.js';
import { inbox } from '../catalogs/en/inbox.js';
import { wins } from '../catalogs/en/wins.js';
import { closeness } from '../catalogs/en/closeness.js';
import { desires } from '../catalogs/en/desires.js';
import { changes } from '../catalogs/en/changes.js';

export const messages = { ...agreements, ...boundaries, ...checkins, ...story, ...vocabulary, ...reframes, ...triggers, ...inbox, ...wins, ...closeness, ...desires, ...changes };
