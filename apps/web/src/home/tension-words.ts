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
 *   <p>{TENSION_WORDS.privacy}</p>
 */
export const TENSION_WORDS = {
  question: 'Where am I now?',
  /** The legend of the eleven choices (the card's heading asks the question). */
  tap: 'Tap where you are:',
  scale: '0 is calm, 10 is the most tension you know.',
  badge: 'Only on your devices',
  privacy: 'Your partner never sees these unless you choose to share a short summary.',
  wordsLabel: 'A few words (optional)',
  saved: (level: number) => `Noted: ${level} of 10. Kept only on your devices.`,
  nudge: 'That is at or above the level you chose. A pause might help, or a few slow breaths. Nothing has been sent.',
} as const;
