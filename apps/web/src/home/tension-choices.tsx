/**
 * "Where am I now?": eleven one-tap choices 0–10 with optional words, recording straight into
 * the person's private tension log, then a quiet confirmation and, at or above the level they
 * chose, a gentle nudge towards the pause tools. Used on the web app's home and in the
 * extension's quick-note panel; the host says how to reach its pause tools.
 *
 *   <TensionChoices idPrefix="home" record={(level, words) => log.record(level, words)} pauseTools={<button …/>} />
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ModelValidationError, TENSION_LEVEL, TENSION_WORDS_MAX, shouldNudge, type PrivateWorkbook } from '@securebase/model';
import { useI18n, type Translate } from '../i18n.js';
import { TENSION_WORDS } from './tension-words.js';

/** Every sentence the choices say; a host in another language passes its own (the extension's panel). */
export interface TensionChoiceWords {
  wordsLabel: string;
  tap: string;
  scale: string;
  level: (level: number) => string;
  saved: (level: number) => string;
  nudge: string;
  suggestion: string;
  tooLong: (max: number) => string;
  newerSchema: string;
  notSaved: string;
}

/** The web app's words, in this person's language. */
export function tensionChoiceWords(t: Translate): TensionChoiceWords {
  return {
    wordsLabel: t(TENSION_WORDS.wordsLabel),
    tap: t(TENSION_WORDS.tap),
    scale: t(TENSION_WORDS.scale),
    level: (level) => t('home.tensionLevel', { level }),
    saved: (level) => t(TENSION_WORDS.saved, { level }),
    nudge: t(TENSION_WORDS.nudge),
    suggestion: t('home.tensionSuggestion'),
    tooLong: (max) => t('home.tensionTooLong', { max }),
    newerSchema: t('home.tensionNewer'),
    notSaved: t('home.tensionNotSaved'),
  };
}

/** What recording one entry told the host: whether to nudge. */
export interface RecordedTension {
  level: number;
  nudge: boolean;
}

/** Records one entry in `log` and says whether to nudge (the rule is the model's shouldNudge). */
export function recordTension(log: PrivateWorkbook, level: number, words: string): RecordedTension {
  const entry = log.tension.add({ level, words });
  return { level: entry.level, nudge: shouldNudge(entry, log.tension.nudgeFrom()) };
}

interface Props {
  /** Distinguishes the ids when the component appears twice on a page. */
  idPrefix: string;
  /** Writes one entry to the private log; throws ModelValidationError for bad input. */
  record: (level: number, words: string) => Promise<RecordedTension> | RecordedTension;
  /** Disabled while the private log is not open. */
  disabled?: boolean;
  /** The host's way to the pause tools, shown inside the nudge. */
  pauseTools: ComponentChildren;
  /** The words in the host's language (default: the web app's). */
  words?: TensionChoiceWords;
}

const LEVELS = Array.from({ length: TENSION_LEVEL.max - TENSION_LEVEL.min + 1 }, (_, i) => TENSION_LEVEL.min + i);

/** The one-tap tension entry. */
export function TensionChoices({ idPrefix, record, disabled = false, pauseTools, words: given }: Props) {
  const { t } = useI18n();
  const say = given ?? tensionChoiceWords(t);
  const [words, setWords] = useState('');
  const [last, setLast] = useState<RecordedTension>();
  // The problem is kept as what went wrong and worded when shown, so a language switch rewords it.
  const [problem, setProblem] = useState<'' | 'too-long' | 'newer-schema' | 'not-saved'>('');
  const [saving, setSaving] = useState(false);

  const choose = async (level: number): Promise<void> => {
    setSaving(true);
    setProblem('');
    try {
      const recorded = await record(level, words);
      setLast(recorded);
      setWords('');
    } catch (err) {
      if (err instanceof ModelValidationError && err.reason === 'too-long') {
        setProblem('too-long');
      } else if (err instanceof ModelValidationError && err.reason === 'newer-schema') {
        setProblem('newer-schema');
      } else {
        console.warn('tension entry not saved:', err instanceof Error ? err.name : typeof err);
        setProblem('not-saved');
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <div class="tension-choices">
      <label class="tension-words-label" for={`${idPrefix}-tension-words`}>
        {say.wordsLabel}
      </label>
      <input
        id={`${idPrefix}-tension-words`}
        type="text"
        maxLength={TENSION_WORDS_MAX}
        value={words}
        autoComplete="off"
        onInput={(e) => setWords((e.currentTarget as HTMLInputElement).value)}
      />
      <fieldset class="tension-levels">
        <legend>
          {say.tap} <span class="tension-scale">{say.scale}</span>
        </legend>
        <div class="tension-level-row">
          {LEVELS.map((level) => (
            <button
              key={level}
              type="button"
              class="tension-level"
              data-level={level}
              aria-label={say.level(level)}
              disabled={disabled || saving}
              onClick={() => void choose(level)}
            >
              {level}
            </button>
          ))}
        </div>
      </fieldset>
      <p class={problem ? 'tension-status error' : 'tension-status'} role="status" aria-live="polite">
        {problem === 'too-long'
          ? say.tooLong(TENSION_WORDS_MAX)
          : problem === 'newer-schema'
            ? say.newerSchema
            : problem === 'not-saved'
              ? say.notSaved
              : last
                ? say.saved(last.level)
                : ''}
      </p>
      {last?.nudge && !problem && (
        <div class="tension-nudge" role="note" aria-label={say.suggestion}>
          <p>{say.nudge}</p>
          <div class="tension-nudge-actions">{pauseTools}</div>
        </div>
      )}
    </div>
  );
}
