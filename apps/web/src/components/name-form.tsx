/**
 * "Your name": how your partner sees you in the workbook. The name is stored only inside the
 * encrypted document; the relay knows partners by random id alone.
 *
 *   <NameForm workbook={workbook} me={credentials.partnerId} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { LIMITS, ModelValidationError, type PartnerId, type Workbook } from '@securebase/model';
import { useI18n } from '../i18n.js';
import { describeError } from '../messages.js';
import { FieldError } from './field-error.js';

/** A one-field form that sets this partner's display name. */
export function NameForm({ workbook, me }: { workbook: Workbook; me: PartnerId }) {
  const { t } = useI18n();
  const current = workbook.members.name(me) ?? '';
  // Undefined until edited, so a name set on another device (or just after joining) shows up.
  const [draft, setDraft] = useState<string>();
  const name = draft ?? current;
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const id = useId();

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    try {
      workbook.members.setName(me, name);
    } catch (err) {
      if (!(err instanceof ModelValidationError)) throw err;
      setError(describeError(err, t));
      return;
    }
    setError(undefined);
    setDraft(undefined);
    setSaved(true);
  };

  return (
    <form class="name-form" onSubmit={submit} aria-label={t('components.name.form')} noValidate>
      <label for={`${id}-name`}>{t('components.name.label')}</label>
      <div class="form-row">
        <input
          id={`${id}-name`}
          class="grow"
          value={name}
          maxLength={LIMITS.name}
          autocomplete="given-name"
          onInput={(e) => {
            setDraft(e.currentTarget.value);
            setSaved(false);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-name-error` : undefined}
        />
        <button type="submit" class="button-quiet">
          {t('components.name.save')}
        </button>
      </div>
      <FieldError id={`${id}-name-error`} message={error} />
      <p class="hint" aria-live="polite">
        {saved ? t('components.name.saved') : ''}
      </p>
    </form>
  );
}
