/**
 * The closeness ladder's words in each viewer's language: the model keeps ids (and English words
 * for the CLI and for steps it does not know here); what a step, position or pace is called is
 * looked up here. A built-in step is stored only by its id, so each partner reads it in their
 * own language; a step the couple wrote stays as written.
 *
 *   t(POSITION_KEYS['maybe-soon'])          // 'Maybe soon'
 *   stepWords(step, t)                      // { title: 'Holding hands', detail: '…' }
 */
import type { ClosenessPace, ClosenessPosition, ClosenessStep } from '@securebase/model';
import type { MessageKey, Translate } from '../i18n.js';

export const POSITION_KEYS: Readonly<Record<ClosenessPosition, MessageKey>> = {
  ready: 'closeness.position.ready',
  'maybe-soon': 'closeness.position.maybeSoon',
  'not-yet': 'closeness.position.notYet',
};

export const PACE_KEYS: Readonly<Record<ClosenessPace, MessageKey>> = {
  'no-rush': 'closeness.pace.noRush',
  monthly: 'closeness.pace.monthly',
  fortnightly: 'closeness.pace.fortnightly',
  weekly: 'closeness.pace.weekly',
};

/** The built-in steps by id (packages/model/src/closeness-steps.ts). */
const BUILT_IN_STEP_KEYS: Readonly<Record<string, { title: MessageKey; detail: MessageKey }>> = {
  'builtin-presence': { title: 'closeness.step.presence.title', detail: 'closeness.step.presence.detail' },
  'builtin-time-together': { title: 'closeness.step.timeTogether.title', detail: 'closeness.step.timeTogether.detail' },
  'builtin-warm-words': { title: 'closeness.step.warmWords.title', detail: 'closeness.step.warmWords.detail' },
  'builtin-holding-hands': { title: 'closeness.step.holdingHands.title', detail: 'closeness.step.holdingHands.detail' },
  'builtin-hugs': { title: 'closeness.step.hugs.title', detail: 'closeness.step.hugs.detail' },
  'builtin-sitting-close': { title: 'closeness.step.sittingClose.title', detail: 'closeness.step.sittingClose.detail' },
  'builtin-sharing-a-bed': { title: 'closeness.step.sharingABed.title', detail: 'closeness.step.sharingABed.detail' },
  'builtin-cuddling': { title: 'closeness.step.cuddling.title', detail: 'closeness.step.cuddling.detail' },
  'builtin-caring-touch': { title: 'closeness.step.caringTouch.title', detail: 'closeness.step.caringTouch.detail' },
  'builtin-kissing': { title: 'closeness.step.kissing.title', detail: 'closeness.step.kissing.detail' },
  'builtin-sensual-touch': { title: 'closeness.step.sensualTouch.title', detail: 'closeness.step.sensualTouch.detail' },
  'builtin-intimate-touch': { title: 'closeness.step.intimateTouch.title', detail: 'closeness.step.intimateTouch.detail' },
  'builtin-sexual-intimacy': { title: 'closeness.step.sexualIntimacy.title', detail: 'closeness.step.sexualIntimacy.detail' },
};

/** A step's words as this viewer reads them: a built-in one in their language, the couple's own as written. */
export function stepWords(step: Pick<ClosenessStep, 'id' | 'title' | 'detail' | 'builtIn'>, t: Translate): { title: string; detail: string } {
  const keys = step.builtIn ? BUILT_IN_STEP_KEYS[step.id] : undefined;
  return keys ? { title: t(keys.title), detail: t(keys.detail) } : { title: step.title, detail: step.detail };
}
