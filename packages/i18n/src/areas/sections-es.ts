// The sections area in es: one chunk, loaded as a whole.
import { agreements } from '../catalogs/es/agreements.js';
import { boundaries } from '../catalogs/es/boundaries.js';
import { checkins } from '../catalogs/es/checkins.js';
import { story } from '../catalogs/es/story.js';
import { vocabulary } from '../catalogs/es/vocabulary.js';
import { reframes } from '../catalogs/es/reframes.js';
import { triggers } from '../catalogs/es/triggers.js';
import { inbox } from '../catalogs/es/inbox.js';
import { wins } from '../catalogs/es/wins.js';
import { closeness } from '../catalogs/es/closeness.js';
import { desires } from '../catalogs/es/desires.js';
import { changes } from '../catalogs/es/changes.js';

export const messages = { ...agreements, ...boundaries, ...checkins, ...story, ...vocabulary, ...reframes, ...triggers, ...inbox, ...wins, ...closeness, ...desires, ...changes };
