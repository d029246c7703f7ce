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
import { useI18n } from '../i18n.js';
import './gentle-phrasing.css';

interface Props {
  text: string;
  onText: (text: string) => void;
  /** The couple's shared words: their feelings and needs are offered for the blanks. */
  vocabulary: readonly VocabularyEntry[];
}

export function GentlePhrasingOffer({ text, onText, vocabulary }: Props) {
  const { t } = useI18n();
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
      <aside class="phrasing-offer" aria-label={t('inbox.phrasing.label')}>
        <p class="phrasing-lead">{t('inbox.phrasing.lead', { noticed: offer.noticed })}</p>
        <p class="phrasing-suggestion" dir="auto">
          {offer.suggestion}
        </p>
        <div class="phrasing-actions">
          <button type="button" class="button-quiet" onClick={() => onText(text.replace(offer.sentence, offer.suggestion))}>
            {t('inbox.phrasing.use')}
          </button>
          <button type="button" class="button-quiet" onClick={() => setKeptAsWritten(new Set([...keptAsWritten, offer.key]))}>
            {t('inbox.phrasing.keep')}
          </button>
        </div>
      </aside>
    );
  }
  const offerFeelings = blanks.feeling && words.feelings.length > 0;
  const offerNeeds = blanks.need && words.needs.length > 0;
  if (!offerFeelings && !offerNeeds) return null;
  return (
    <aside class="phrasing-offer" aria-label={t('inbox.phrasing.words')}>
      {offerFeelings && <WordChoices label={t('inbox.phrasing.felt')} words={words.feelings} onPick={(w) => onText(fillPhrasingBlank(text, 'feeling', w))} />}
      {offerNeeds && <WordChoices label={t('inbox.phrasing.need')} words={words.needs} onPick={(w) => onText(fillPhrasingBlank(text, 'need', w))} />}
      <p class="hint">{t('inbox.phrasing.hint')}</p>
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
