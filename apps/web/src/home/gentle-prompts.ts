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
 *   const prompt = promptForDay(new Date());  // { text, action, section }
 */
import type { SectionName } from '@securebase/model';

export interface GentlePrompt {
  /** The invitation itself. */
  text: string;
  /** What the link says. */
  action: string;
  /** Where it is written down. */
  section: SectionName;
}

export const GENTLE_PROMPTS: readonly GentlePrompt[] = [
  // Naming a need, softly (the shared language of needs; the inbox's "need" notes).
  { text: 'Is there a need you have not found words for yet? A rough first try is enough.', action: 'Write a note about a need', section: 'inbox' },
  // An appreciation (the check-in's appreciation; the inbox's "appreciation" notes).
  { text: 'What did your partner do lately that you were glad of, however small?', action: 'Leave an appreciation', section: 'inbox' },
  // A small win, noticed (small wins and micro-repairs, noticed and celebrated).
  { text: 'What went a little better this week? A moment you turned toward each other counts.', action: 'Notice a small win', section: 'wins' },
  // A micro-repair (reaching back after a sharp word).
  { text: 'Was there a moment one of you reached back after a misstep? That is a repair worth keeping.', action: 'Note a micro-repair', section: 'wins' },
  // A topic for the next check-in (consistent openings for honest talk).
  { text: 'Is something waiting to be talked about? It can wait safely for your next check-in.', action: 'Add a topic for our check-in', section: 'inbox' },
];

/** The prompt of the day: the same all day on this device, the next one tomorrow. */
export function promptForDay(date: Date): GentlePrompt {
  const day = Math.floor(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 86_400_000);
  // Always defined: the index is taken modulo the list's length.
  return GENTLE_PROMPTS[day % GENTLE_PROMPTS.length] as GentlePrompt;
}
