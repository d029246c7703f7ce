/**
 * The phrasing helper beside a text a partner is writing to the other: when a sentence blames
 * ("you always…", "you never…"), a quiet card offers the same thought as "When…, I felt…, and I
 * need…" (packages/model/src/gentle-phrasing.ts decides). It is an offer, never a gate: the note
 * sends as written, "Keep my words" puts the card away for that sentence, "Use this" swaps the
 * sentence and then offers the couple's own feeling and need words for the blanks. Everything
 * runs here, on the device: no text goes anywhere.
 *
 *   <GentlePhrasingOffer text={text} onText={setText} vocabulary={workbook.vocabulary.list()} />
 */
import { useMemo, useState } from 'preact/hooks';
import { PHRASING_BLANK, fillPhrasingBlank, phrasingWords, suggestGentlePhrasing, type VocabularyEntry } from '@securebase/model';
import './gentle-phrasing.css';

interface Props {
  text: string;
  onText: (text: string) => void;
  /** The couple's shared words: their feelings and needs are offered for the blanks. */
  vocabulary: readonly VocabularyEntry[];
}

export function GentlePhrasingOffer({ text, onText, vocabulary }: Props) {
  // Put away per sentence: a new blaming sentence is offered, one kept as written is not again.
  const [keptAsWritten, setKeptAsWritten] = useState<ReadonlySet<string>>(new Set());
  const offer = useMemo(() => suggestGentlePhrasing(text, keptAsWritten), [text, keptAsWritten]);
  const words = useMemo(() => phrasingWords(vocabulary), [vocabulary]);
  const blanks = {
    feeling: text.includes(`I felt ${PHRASING_BLANK}`),
    need: text.includes(`I need ${PHRASING_BLANK}`),
  };

  if (offer) {
    return (
      <aside class="phrasing-offer" aria-label="A gentler way to say it">
        <p class="phrasing-lead">
          “{offer.noticed}” can land as a verdict. The same thought as a need, if it fits:
        </p>
        <p class="phrasing-suggestion" dir="auto">
          {offer.suggestion}
        </p>
        <div class="phrasing-actions">
          <button type="button" class="button-quiet" onClick={() => onText(text.replace(offer.sentence, offer.suggestion))}>
            Use this
          </button>
          <button type="button" class="button-quiet" onClick={() => setKeptAsWritten(new Set([...keptAsWritten, offer.key]))}>
            Keep my words
          </button>
        </div>
      </aside>
    );
  }
  const offerFeelings = blanks.feeling && words.feelings.length > 0;
  const offerNeeds = blanks.need && words.needs.length > 0;
  if (!offerFeelings && !offerNeeds) return null;
  return (
    <aside class="phrasing-offer" aria-label="Your shared words">
      {offerFeelings && <WordChoices label="I felt…" words={words.feelings} onPick={(w) => onText(fillPhrasingBlank(text, 'feeling', w))} />}
      {offerNeeds && <WordChoices label="I need…" words={words.needs} onPick={(w) => onText(fillPhrasingBlank(text, 'need', w))} />}
      <p class="hint">Words from your shared vocabulary, or your own.</p>
    </aside>
  );
}

function WordChoices({ label, words, onPick }: { label: string; words: string[]; onPick: (word: string) => void }) {
  return (
    <div class="phrasing-words" role="group" aria-label={label}>
      <span class="phrasing-words-label">{label}</span>
      {words.map((word) => (
        <button key={word} type="button" class="button-quiet phrasing-word" onClick={() => onPick(word)}>
          {word}
        </button>
      ))}
    </div>
  );
}
