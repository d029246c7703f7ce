/**
 * How the breathing patterns and steps read on screen (the patterns and their sources are in
 * packages/sync/src/breathe-pacer.ts).
 *
 *   <option>{PATTERN_WORDS.box.name}</option>
 */
import type { BreathePatternId, BreathStep } from '@securebase/sync';

export const PATTERN_WORDS: Record<BreathePatternId, { name: string; pace: string }> = {
  resonance: { name: 'Slow breathing', pace: 'In 5, out 6: about 5½ breaths a minute' },
  box: { name: 'Box breathing', pace: 'In 4, hold 4, out 4, hold 4' },
  '4-7-8': { name: '4-7-8 breathing', pace: 'In 4, hold 7, out 8: long holds, skip it if they feel like too much' },
};

export const STEP_WORDS: Record<BreathStep, string> = {
  in: 'Breathe in',
  hold: 'Hold',
  out: 'Breathe out',
};
