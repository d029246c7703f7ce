/**
 * "Breathe together" beside the pause button: choose one of the few patterns and start a shared
 * pacer on both partners' screens with one tap.
 *
 *   <BreatheStarter partner="Sam" disabled={!ready} onStart={(p) => together.start(p)} />
 */
import { useState } from 'preact/hooks';
import { BREATHE_PATTERN_IDS, type BreathePatternId } from '@securebase/sync';
import { WithName, slots, useI18n } from '../i18n.js';
import { PATTERN_WORDS } from './breathe-words.js';

interface Props {
  partner: string;
  disabled: boolean;
  onStart: (pattern: BreathePatternId) => void;
}

/** The pattern choice and the start button, folded away until wanted. */
export function BreatheStarter({ partner, disabled, onStart }: Props) {
  const [pattern, setPattern] = useState<BreathePatternId>('resonance');
  const [open, setOpen] = useState(false);
  const { t } = useI18n();
  return (
    <details class="live-checks breathe-starter" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('home.breatheTogether')}</summary>
      <div class="live-checks-panel">
        <fieldset class="breathe-patterns">
          <legend>{t('live.pattern')}</legend>
          {BREATHE_PATTERN_IDS.map((id) => (
            <label key={id} class="breathe-pattern">
              <input type="radio" name="breathe-pattern" value={id} checked={pattern === id} onChange={() => setPattern(id)} />
              <span>
                <span class="breathe-pattern-name">{t(PATTERN_WORDS[id].name)}</span>
                <span class="breathe-pattern-pace">{t(PATTERN_WORDS[id].pace)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          class="button-primary"
          disabled={disabled}
          onClick={() => {
            setOpen(false);
            onStart(pattern);
          }}
        >
          <WithName text={t('live.startWith', slots('partner'))} name={partner} />
        </button>
      </div>
    </details>
  );
}
