/**
 * A word diff shown as running text: added words underlined on a soft green, removed words
 * struck through and muted, each also named in words for screen readers (which do not announce
 * <ins> and <del> on their own). Line breaks of the text are kept.
 *
 *   <WordDiffView changes={wordDiff(before, after)} />
 */
import type { WordChange } from '@securebase/model';
import { slots, useI18n } from '../i18n.js';
import './story.css';

const MARK = slots('text');

/** The words around a changed piece ("[added: ", "]"), as said in this language. */
function around(sentence: string): [string, string] {
  const [before = '', after = ''] = sentence.split(MARK.text ?? '');
  return [before, after];
}

/** The changes from one version of a text to the next, readable in place. */
export function WordDiffView({ changes }: { changes: WordChange[] }) {
  const { t } = useI18n();
  const [addedBefore, addedAfter] = around(t('changes.diffAdded', MARK));
  const [removedBefore, removedAfter] = around(t('changes.diffRemoved', MARK));
  return (
    <p class="word-diff" dir="auto">
      {changes.map((c, i) =>
        c.kind === 'same' ? (
          <span key={i}>{c.text}</span>
        ) : c.kind === 'added' ? (
          <ins key={i}>
            <span class="visually-hidden">{addedBefore}</span>
            {c.text}
            <span class="visually-hidden">{addedAfter}</span>
          </ins>
        ) : (
          <del key={i}>
            <span class="visually-hidden">{removedBefore}</span>
            {c.text}
            <span class="visually-hidden">{removedAfter}</span>
          </del>
        ),
      )}
    </p>
  );
}
