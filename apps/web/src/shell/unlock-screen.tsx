/**
 * The lock screen: asks for the passphrase and opens the local store with it. Shows nothing of
 * the workbook; a wrong passphrase is refused in plain words.
 *
 *   <UnlockScreen onUnlock={(passphrase) => openLocalStore(raw, passphrase)} />
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { useI18n, type Said } from '../i18n.js';
import { describeError } from '../messages.js';
import { isWrongPassphrase } from './local-lock.js';

interface Props {
  /** Resolves when unlocked; rejects (SecureBaseError 'local-store-locked') on a wrong passphrase. */
  onUnlock: (passphrase: string) => Promise<void>;
}

/** The unlock form. */
export function UnlockScreen({ onUnlock }: Props) {
  const id = useId();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const { t } = useI18n();
  const [error, setError] = useState<Said>();
  // A function in state: wrapped, so useState does not take it for an updater.
  const say = (said: Said | undefined): void => setError(() => said);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    document.title = 'Secure Base';
    input.current?.focus();
  }, []);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!passphrase) {
      say((words) => words('shell.typePassphrase'));
      return;
    }
    setBusy(true);
    say(undefined);
    try {
      await onUnlock(passphrase);
    } catch (err) {
      say((words) => (isWrongPassphrase(err) ? words('shell.wrongPassphrase') : describeError(err, words)));
      setPassphrase('');
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <main id="main" class="page narrow">
      <h1 class="title">{t('shell.lockedTitle')}</h1>
      <form class="card" onSubmit={(e) => void submit(e)} aria-label={t('shell.unlock')} noValidate>
        <div class="field">
          <label for={`${id}-pass`}>{t('shell.passphrase')}</label>
          <input
            ref={input}
            id={`${id}-pass`}
            type="password"
            autocomplete="current-password"
            value={passphrase}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onInput={(e) => setPassphrase(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? t('shell.unlocking') : t('shell.unlock')}
        </button>
        <p id={`${id}-error`} class="form-error" role="alert">
          {error?.(t) ?? ''}
        </p>
      </form>
    </main>
  );
}
