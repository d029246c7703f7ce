/**
 * Needs, not accusations: when a sentence a partner is writing blames with "you always…" or
 * "you never…", offer the same thought as "When…, I felt…, I need…" (the nonviolent
 * communication shape the source practices lean on: name the moment, own the feeling, ask for
 * the need). It is only an offer: the app shows it beside the words, the person may use it, edit
 * it or ignore it, and nothing here leaves the device (a pure function, no network, no store).
 *
 * The rewrite is deliberately modest: it keeps the person's own words for what happened and
 * leaves the feeling and the need as blanks to fill, with a few words from the couple's own
 * vocabulary offered for each, never chosen for them.
 *
 *   const offer = suggestGentlePhrasing('You never listen to me when I talk about work');
 *   offer?.suggestion  // "When I hoped you would listen to me when I talk about work and you didn't, I felt …, and I need …."
 *   phrasingWords(workbook.vocabulary.list())  // { feelings: ['flooded', …], needs: ['reassurance', …] }
 */

/** What the helper offers for one sentence. */
export interface GentlePhrasing {
  /** The blaming words it noticed, as written ("You never"). */
  noticed: string;
  /** The whole sentence they were in, as written: what "use this" replaces. */
  sentence: string;
  /** The sentence without case or closing punctuation: what "keep my words" remembers. */
  key: string;
  /** The sentence reshaped, with "…" where the feeling and the need go. */
  suggestion: string;
  /** Where the feeling blank is in `suggestion` (an index of its "…"), for an editor to select it. */
  feelingAt: number;
}

import type { VocabularyEntry } from './sections.js';

/** The blank left for the person's own feeling and need. */
export const PHRASING_BLANK = '…';

type Shape = 'always' | 'never';

interface Pattern {
  /** Matches at a sentence start: the blaming words, then what the person says happens. */
  re: RegExp;
  shape: Shape;
  /** "you're always late" keeps its "you're": the rest is not a verb on its own. */
  keep?: string;
}

// Each pattern starts a sentence (after optional "but", "and", "why do", "it's like"…), so
// "thank you, you always make me laugh" is a compliment, not an accusation, and is left alone.
const LEAD = String.raw`^(?:(?:and|but|so|honestly|seriously|why do|why does it feel like|it feels like|it's like)[,\s]+)?`;
const PATTERNS: Pattern[] = [
  { re: new RegExp(`${LEAD}(you(?:'re| are) (?:always|constantly|forever))\\s+(.+)$`, 'i'), shape: 'always', keep: "you're" },
  { re: new RegExp(`${LEAD}(you(?:'re| are) never)\\s+(.+)$`, 'i'), shape: 'never', keep: 'be' },
  { re: new RegExp(`${LEAD}(you keep)\\s+(.+)$`, 'i'), shape: 'always', keep: "you're" },
  { re: new RegExp(`${LEAD}(you (?:always|constantly))\\s+(.+)$`, 'i'), shape: 'always' },
  { re: new RegExp(`${LEAD}(every (?:single )?time,? you)\\s+(.+)$`, 'i'), shape: 'always' },
  { re: new RegExp(`${LEAD}(you (?:never|don't ever|do not ever|won't ever|can't ever))\\s+(.+)$`, 'i'), shape: 'never' },
];

/** Longest sentence the helper reads: anything longer is an essay, not a flash of blame. */
const MAX_SENTENCE = 400;

/**
 * The gentler shape of the first blaming sentence in `text`, or undefined when there is none.
 * Only the first is offered: one suggestion at a time is a help, five are a lecture. Sentences
 * whose `key` is in `keptAsWritten` (the person chose their own words) are passed over.
 */
export function suggestGentlePhrasing(text: string, keptAsWritten: ReadonlySet<string> = new Set()): GentlePhrasing | undefined {
  for (const sentence of sentences(text)) {
    const key = tidy(sentence).toLowerCase();
    if (sentence.length > MAX_SENTENCE || keptAsWritten.has(key)) continue;
    for (const pattern of PATTERNS) {
      const match = pattern.re.exec(sentence);
      if (!match) continue;
      const noticed = match[1] ?? '';
      const rest = firstClause(tidy(match[2] ?? ''));
      if (!rest) continue;
      const moment = momentOf(pattern, rest);
      const suggestion = `When ${moment}, I felt ${PHRASING_BLANK}, and I need ${PHRASING_BLANK}.`;
      return { noticed, sentence, key, suggestion, feelingAt: suggestion.indexOf(PHRASING_BLANK) };
    }
  }
  return undefined;
}

/** "When …": the person's own words for what happens, turned from a verdict into a moment. */
function momentOf(pattern: Pattern, rest: string): string {
  const own = withoutVerdicts(rest);
  if (pattern.shape === 'always') return pattern.keep ? `${pattern.keep} ${own}` : `you ${own}`;
  if (pattern.keep) return `I hoped you would ${pattern.keep} ${own} and you weren't`;
  return `I hoped you would ${own} and you didn't`;
}

/** Sentences of the text, split at . ! ? and line breaks, trimmed, empty ones dropped. */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The clause without its closing punctuation or trailing emphasis ("!!!", "?!"). */
function tidy(rest: string): string {
  return rest.replace(/[\s.!?…]+$/u, '').trim();
}

/** Only the first complaint: "call and you always forget" keeps "call"; one moment at a time. */
function firstClause(rest: string): string {
  return rest.split(/,?\s+(?:and|but|or)\s+you\b/i)[0]?.trim() ?? '';
}

/**
 * Inside the moment, the speaker's words stay theirs: "you never listen to me" becomes "…you
 * would listen to me…", unchanged. Only a second "you always/never" inside is softened, so the
 * suggestion does not carry the blame it replaces.
 */
function withoutVerdicts(rest: string): string {
  return rest.replace(/\b(always|never|constantly)\s+/gi, '');
}

/** How many of the couple's own words are offered for each blank. */
const WORDS_OFFERED = 4;

/**
 * The couple's own words for feelings and needs (their shared vocabulary), newest first, a few
 * of each: offered beside the blanks so the sentence can be finished in words they already share.
 */
export function phrasingWords(entries: readonly VocabularyEntry[]): { feelings: string[]; needs: string[] } {
  const newest = [...entries].sort((a, b) => b.createdAt - a.createdAt);
  const of = (category: VocabularyEntry['category']): string[] =>
    [...new Set(newest.filter((e) => e.category === category).map((e) => e.term))].slice(0, WORDS_OFFERED);
  return { feelings: of('emotion'), needs: of('need') };
}

/** The sentence with the person's word in one blank ("I felt …" or "I need …"), if it is still blank. */
export function fillPhrasingBlank(text: string, blank: 'feeling' | 'need', word: string): string {
  const lead = blank === 'feeling' ? 'I felt ' : 'I need ';
  return text.replace(`${lead}${PHRASING_BLANK}`, `${lead}${word}`);
}
