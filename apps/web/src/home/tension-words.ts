/**
 * The words of the private tension log, shared by the web app's home and the extension's
 * quick-note panel so both say the same thing.
 *
 * How the wording was chosen: the source practice is each partner "tracking their own arousal
 * and emotion, recognizing when tension spikes and choosing repair over retreat" (issue 17). So
 * the question is about now and about oneself ("Where am I now?"), the ends of the scale are
 * named in plain words rather than clinical ones, and the nudge offers the pause tools as an
 * invitation ("might help"), never an instruction, and says plainly that nothing was sent.
 *
 *   <p>{t(TENSION_WORDS.privacy)}</p>
 */
import type { MessageKey } from '../i18n.js';

export const TENSION_WORDS = {
  question: 'home.tensionQuestion',
  /** The legend of the eleven choices (the card's heading asks the question). */
  tap: 'home.tensionTap',
  scale: 'home.tensionScale',
  badge: 'home.tensionBadge',
  privacy: 'home.tensionPrivacy',
  wordsLabel: 'home.tensionWordsLabel',
  /** With `{ level }`. */
  saved: 'home.tensionSaved',
  nudge: 'home.tensionNudge',
} as const satisfies Record<string, MessageKey>;
