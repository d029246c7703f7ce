/**
 * A rehearsal script split into turns: "you say… / your partner answers…". The two speakers are
 * roles, not people: the one who opens (`first`) and the one who answers (`second`); who takes
 * which role is chosen when a rehearsal starts, and swapping roles flips every turn.
 *
 * The rule, in order (chosen because it reads the scripts couples actually write, and the
 * template's own default, without asking them to learn a format):
 *  1. Lines: the text's non-blank lines. A script written on one line as several quotations
 *     (the secure-base template: `"Can you remind me…?" "Yes. I'm here…"`) is read as one line
 *     per quotation, because a quotation is the plainest sign of "this is said by someone".
 *  2. A line may start with a speaker marker: `A:` / `B:` or `1:` / `2:` (any case). A marked
 *     line goes to that role and the marker is not shown.
 *  3. An unmarked line goes to the role after the previous line's: lines alternate, starting
 *     with `first`. Alternation is the default because a script is a conversation; a marker is
 *     only needed where one person says two things in a row.
 * A de-escalation script's steps are already lines: each step is a turn, alternating, so each
 * partner reads a step aloud in turn.
 *
 *   const turns = scriptTurns(agreement.fields.script);
 *   turnsForRole(turns, 'second'); // [{ text, speaker: 'partner' }, { text, speaker: 'me' }, …]
 */
import type { Agreement, AgreementKind } from './sections.js';

/** The two roles of a rehearsal: who opens, and who answers. */
export type ScriptRole = 'first' | 'second';

/** One turn of a script, as written. */
export interface ScriptTurn {
  role: ScriptRole;
  text: string;
}

/** One turn as one partner's screen shows it. */
export interface RehearsalTurn {
  speaker: 'me' | 'partner';
  text: string;
}

const MARKER = /^\s*([AB12])\s*[:：]\s*/i;
// Straight and curly quotes, and the German („…“) and Spanish/French («…») ones.
const QUOTATION = /"[^"]+"|“[^”]+”|„[^“”]+[“”]|«[^»]+»/g;

/** The other role. */
export function otherRole(role: ScriptRole): ScriptRole {
  return role === 'first' ? 'second' : 'first';
}

/** Split a script (one text, or a list of steps) into turns by the rule above. */
export function scriptTurns(script: string | readonly string[]): ScriptTurn[] {
  const lines = (typeof script === 'string' ? script.split(/\r?\n/) : script).flatMap(splitQuotations);
  const turns: ScriptTurn[] = [];
  let previous: ScriptRole | undefined;
  for (const line of lines) {
    const marked = MARKER.exec(line);
    const text = (marked ? line.slice(marked[0].length) : line).trim();
    if (text === '') continue;
    const role: ScriptRole = marked ? (/^[A1]$/i.test(marked[1] ?? '') ? 'first' : 'second') : previous ? otherRole(previous) : 'first';
    turns.push({ role, text });
    previous = role;
  }
  return turns;
}

/** Kinds of agreement that hold a script to rehearse. */
export const REHEARSABLE_KINDS: readonly AgreementKind[] = ['secure-base-script', 'de-escalation'];

/** The turns of an agreement's script (the secure-base lines, or the de-escalation steps); undefined for other kinds. */
export function agreementTurns(agreement: Agreement): ScriptTurn[] | undefined {
  if (agreement.kind === 'secure-base-script') return scriptTurns(agreement.fields.script);
  if (agreement.kind === 'de-escalation') return scriptTurns(agreement.fields.steps);
  return undefined;
}

/** The turns as seen by the partner who takes `myRole`. */
export function turnsForRole(turns: readonly ScriptTurn[], myRole: ScriptRole): RehearsalTurn[] {
  return turns.map((t) => ({ speaker: t.role === myRole ? 'me' : 'partner', text: t.text }));
}

/** A line holding two or more whole quotations (and nothing else) is one line per quotation. */
function splitQuotations(line: string): string[] {
  const quotes = line.match(QUOTATION);
  if (!quotes || quotes.length < 2 || line.replace(QUOTATION, '').trim() !== '') return [line];
  return quotes.map((q) => q.slice(1, -1).trim());
}
