/**
 * A word-level diff of two plain texts, for "you acknowledged an earlier version: see what
 * changed". A longest-common-subsequence over words and the whitespace between them, after
 * trimming the common start and end (an added paragraph leaves a tiny middle). Small enough to
 * own rather than add a dependency to the model; when the changed middle is huge it says so as
 * one removal and one addition instead of spending memory on a table.
 *
 *   wordDiff('I felt alone.', 'I felt very alone.');
 *   // [{ kind: 'same', text: 'I felt ' }, { kind: 'added', text: 'very ' }, { kind: 'same', text: 'alone.' }]
 */

/** One run of the diff: words both versions share, or words only one of them has. */
export interface WordChange {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Above this many table cells the middle is reported as replaced wholesale. */
const MAX_CELLS = 4_000_000;

function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

function push(out: WordChange[], kind: WordChange['kind'], text: string): void {
  const last = out[out.length - 1];
  if (last && last.kind === kind) last.text += text;
  else if (text) out.push({ kind, text });
}

/** The changes that turn `before` into `after`, as runs of same / removed / added text. */
export function wordDiff(before: string, after: string): WordChange[] {
  const a = tokens(before);
  const b = tokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: WordChange[] = [];
  push(out, 'same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    push(out, 'removed', midA.join(''));
    push(out, 'added', midB.join(''));
  } else {
    // lcs[i * (m + 1) + j]: length of the LCS of midA[i..] and midB[j..].
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] =
          midA[i] === midB[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        push(out, 'same', midA[i]!);
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) {
        push(out, 'removed', midA[i++]!);
      } else {
        push(out, 'added', midB[j++]!);
      }
    }
  }
  push(out, 'same', a.slice(endA).join(''));
  return out;
}
