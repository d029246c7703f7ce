/**
 * How the breathing patterns and steps read on screen (the patterns and their sources are in
 * packages/sync/src/breathe-pacer.ts).
 *
 *   <option>{t(PATTERN_WORDS.box.name)}</option>
 *
 * Only a pattern's id travels to the partner: each screen says it in its own language.
 */
import type { BreathePatternId, BreathStep } from '@securebase/sync';
import type { MessageKey } from '../i18n.js';

export const PATTERN_WORDS: Record<BreathePatternId, { name: MessageKey; pace: MessageKey }> = {
  resonance: { name: 'live.slowName', pace: 'live.slowPace' },
  box: { name: 'live.boxName', pace: 'live.boxPace' },
  '4-7-8': { name: 'live.478Name', pace: 'live.478Pace' },
};

/** The pacer's steps (the breathing screen loads lazily: its words are in `moments`). */
export const STEP_WORDS: Record<BreathStep, MessageKey> = {
  in: 'moments.breatheIn',
  hold: 'moments.hold',
  out: 'moments.breatheOut',
};
