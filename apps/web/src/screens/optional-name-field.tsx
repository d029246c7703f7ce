/**
 * "Your name (optional)": the name field on the screens that create or join a space. The name
 * is handed on with the new credentials and stored only inside the encrypted workbook.
 *
 *   <OptionalNameField value={name} onInput={setName} />
 */
import { useId } from 'preact/hooks';
import { LIMITS } from '@securebase/model';
import { useI18n } from '../i18n.js';

/** A labelled, optional name input with its privacy hint. */
export function OptionalNameField({ value, onInput }: { value: string; onInput: (value: string) => void }) {
  const id = useId();
  const { t } = useI18n();
  return (
    <div class="field">
      <label for={`${id}-name`}>{t('screens.nameLabel')}</label>
      <input
        id={`${id}-name`}
        value={value}
        maxLength={LIMITS.name}
        autocomplete="given-name"
        onInput={(e) => onInput(e.currentTarget.value)}
        aria-describedby={`${id}-name-hint`}
      />
      <p class="hint" id={`${id}-name-hint`}>
        {t('screens.nameHint')}
      </p>
    </div>
  );
}
