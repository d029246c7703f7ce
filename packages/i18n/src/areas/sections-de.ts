// The sections area in de: one chunk, loaded as a whole.
import { agreements } from '../catalogs/de/agreements.js';
import { boundaries } from '../catalogs/de/boundaries.js';
import { checkins } from '../catalogs/de/checkins.js';
import { story } from '../catalogs/de/story.js';
import { vocabulary } from '../catalogs/de/vocabulary.js';
import { reframes } from '../catalogs/de/reframes.js';
import { triggers } from '../catalogs/de/triggers.js';
import { inbox } from '../catalogs/de/inbox.js';
import { wins } from '../catalogs/de/wins.js';
import { closeness } from '../catalogs/de/closeness.js';
import { desires } from '../catalogs/de/desires.js';
import { changes } from '../catalogs/de/changes.js';

export const messages = { ...agreements, ...boundaries, ...checkins, ...story, ...vocabulary, ...reframes, ...triggers, ...inbox, ...wins, ...closeness, ...desires, ...changes };
