/**
 * A word diff shown as running text: added words underlined on a soft green, removed words
 * struck through and muted, each also named in words for screen readers (which do not announce
 * <ins> and <del> on their own). Line breaks of the text are kept.
 *
 *   <WordDiffView changes={wordDiff(before, after)} />
 */
import type { WordChange } from '@securebase/model';
import './story.css';

/** The changes from one version of a text to the next, readable in place. */
export function WordDiffView({ changes }: { changes: WordChange[] }) {
  return (
    <p class="word-diff" dir="auto">
      {changes.map((c, i) =>
        c.kind === 'same' ? (
          <span key={i}>{c.text}</span>
        ) : c.kind === 'added' ? (
          <ins key={i}>
            <span class="visually-hidden">[added: </span>
            {c.text}
            <span class="visually-hidden">]</span>
          </ins>
        ) : (
          <del key={i}>
            <span class="visually-hidden">[removed: </span>
            {c.text}
            <span class="visually-hidden">]</span>
          </del>
        ),
      )}
    </p>
  );
}
