/**
 * One gentle prompt for the home, a different one each day: an invitation to name a need, say an
 * appreciation, or notice a small win, each leading to the place it is written down.
 *
 * Source of the wording: the practices the workbook is built on (docs, /work/shared/DESIGN-BRIEF.md
 * "What it is", and issue 12): attachment-focused couple therapy's shared language for emotions
 * and needs ("a shared language for emotions, needs, desires and boundaries"), regular check-ins
 * with appreciations and needs, and "small wins noticed and celebrated". The phrasing is ours,
 * kept invitational: nothing here asks for a streak or scolds a quiet day.
 *
 *   const prompt = promptForDay(new Date());  // { text, action, section }: t(prompt.text)
 */
import type { SectionName } from '@securebase/model';
import type { MessageKey } from '../i18n.js';

export interface GentlePrompt {
  /** The invitation itself. */
  text: MessageKey;
  /** What the link says. */
  action: MessageKey;
  /** Where it is written down. */
  section: SectionName;
}

export const GENTLE_PROMPTS: readonly GentlePrompt[] = [
  // Naming a need, softly (the shared language of needs; the inbox's "need" notes).
  { text: 'home.promptNeed', action: 'home.promptNeedAction', section: 'inbox' },
  // An appreciation (the check-in's appreciation; the inbox's "appreciation" notes).
  { text: 'home.promptThanks', action: 'home.promptThanksAction', section: 'inbox' },
  // A small win, noticed (small wins and micro-repairs, noticed and celebrated).
  { text: 'home.promptWin', action: 'home.promptWinAction', section: 'wins' },
  // A micro-repair (reaching back after a sharp word).
  { text: 'home.promptRepair', action: 'home.promptRepairAction', section: 'wins' },
  // A topic for the next check-in (consistent openings for honest talk).
  { text: 'home.promptTopic', action: 'home.promptTopicAction', section: 'inbox' },
];

/** The prompt of the day: the same all day on this device, the next one tomorrow. */
export function promptForDay(date: Date): GentlePrompt {
  const day = Math.floor(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 86_400_000);
  // Always defined: the index is taken modulo the list's length.
  return GENTLE_PROMPTS[day % GENTLE_PROMPTS.length] as GentlePrompt;
}
