/**
 * The first screen: what Secure Base is, what stays private, and "Create our space". A relay
 * whose operator gates creation answers `creation-closed`; the form then asks for the creation
 * code, says in plain words why, and sends it with the next try.
 *
 *   <WelcomeScreen store={store} onReady={(creds, name) => ...} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { SecureBaseError } from '@securebase/protocol';
import { createSpace, type Credentials, type LocalStateStore } from '@securebase/sync';
import { FieldError } from '../components/field-error.js';
import { TextField } from '../components/text-field.js';
import { saveCredentials } from '../credentials-storage.js';
import { LanguagePicker, useI18n, type Said, type Translate } from '../i18n.js';
import { describeError } from '../messages.js';
import { OptionalNameField } from './optional-name-field.js';
import { PrivacyNote } from './privacy-note.js';

interface Props {
  store: LocalStateStore;
  onReady: (credentials: Credentials, name: string | undefined) => void;
}

/** Welcome and space creation. */
export function WelcomeScreen({ store, onReady }: Props) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const { t } = useI18n();
  const [error, setError] = useState<Said>();
  // Shown once the relay has said it creates spaces only with a code from its operator.
  const [codeNeeded, setCodeNeeded] = useState(false);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<Said>();
  const id = useId();

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const creationCode = code.trim();
    if (codeNeeded && !creationCode) {
      setCodeError(() => (words: Translate) => words('screens.codeMissing'));
      return;
    }
    setBusy(true);
    setError(undefined);
    setCodeError(undefined);
    try {
      const credentials = await createSpace(location.origin, creationCode ? { creationCode } : {});
      await saveCredentials(store, credentials);
      onReady(credentials, name.trim() || undefined);
    } catch (err) {
      if (err instanceof SecureBaseError && err.code === 'creation-closed') {
        if (codeNeeded) setCodeError(() => (words: Translate) => words('screens.codeRefused'));
        setCodeNeeded(true);
      } else {
        setError(() => (words: Translate) => describeError(err, words));
      }
      setBusy(false);
    }
  };

  return (
    <main class="page narrow">
      <LanguagePicker />
      <h1 class="title">Secure Base</h1>
      <p class="lead">{t('screens.welcomeLead')}</p>
      <p class="lead">{t('screens.welcomeEncrypted')}</p>
      <PrivacyNote />
      <form class="card" onSubmit={(e) => void submit(e)} aria-label={t('screens.create')} noValidate>
        <h2>{t('screens.startHere')}</h2>
        <p>{t('screens.startHereText')}</p>
        <OptionalNameField value={name} onInput={setName} />
        {/* Announced when it appears: the press of the button seemed to do nothing otherwise. */}
        <div aria-live="polite">
          {codeNeeded && (
            <div class="creation-code" role="group" aria-labelledby={`${id}-code-title`}>
              <h3 id={`${id}-code-title`}>{t('screens.inviteOnlyTitle')}</h3>
              <p>{t('screens.inviteOnlyText')}</p>
              <TextField label={t('screens.codeLabel')} value={code} onInput={setCode} error={codeError?.(t)} autocomplete="off" />
            </div>
          )}
        </div>
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? t('screens.creating') : t('screens.create')}
        </button>
        <FieldError id={`${id}-error`} message={error?.(t)} />
      </form>
      <p class="fine-print">{t('screens.welcomeFinePrint')}</p>
    </main>
  );
}
