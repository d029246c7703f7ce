/**
 * A readable word-level diff of two texts, for "edited by Jonah — what changed" and "agreed to
 * an earlier version — see what changed": word-diff.ts's diff, with a lone space between two
 * changes folded into them so a rewrite reads as what went, then what came.
 *
 *   textDiff('I wait', 'I wait ten minutes');
 *   // [{ kind: 'same', text: 'I wait' }, { kind: 'added', text: ' ten minutes' }]
 */

import { wordDiff, type WordChange } from './word-diff.js';

export type DiffPiece = WordChange;

/** The pieces that turn `before` into `after` (wordDiff's, with lone spaces folded). */
export function textDiff(before: string, after: string): DiffPiece[] {
  return merge(wordDiff(before, after));
}

/**
 * Joins neighbouring pieces of one kind and drops empty ones. A lone space kept between two
 * changes is folded into them, and each run of changes reads as what went, then what came.
 */
function merge(pieces: DiffPiece[]): DiffPiece[] {
  const folded: DiffPiece[] = [];
  let removed = '';
  let added = '';
  const flush = (): void => {
    if (removed) folded.push({ kind: 'removed', text: removed });
    if (added) folded.push({ kind: 'added', text: added });
    removed = added = '';
  };
  pieces.forEach((p, i) => {
    const between = p.kind === 'same' && /^\s+$/.test(p.text) && (removed || added) && pieces[i + 1] && pieces[i + 1]!.kind !== 'same';
    if (p.kind === 'same' && !between) {
      flush();
      folded.push(p);
    } else if (between) {
      removed += p.text;
      added += p.text;
    } else if (p.kind === 'removed') removed += p.text;
    else added += p.text;
  });
  flush();
  const out: DiffPiece[] = [];
  for (const p of folded) {
    if (!p.text) continue;
    const last = out[out.length - 1];
    if (last && last.kind === p.kind) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

/** Any stored value as text for a diff: lists one per line, numbers as digits. */
export function diffableText(value: unknown): string {
  if (Array.isArray(value)) return value.map((v, i) => `${i + 1}. ${String(v)}`).join('\n');
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}
