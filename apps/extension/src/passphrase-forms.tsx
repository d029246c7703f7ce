/**
 * The two passphrase forms: unlocking a locked vault, and setting a passphrase (which turns on
 * the lock button and idle auto-lock). Neither keeps a passphrase after submitting.
 *
 *   <UnlockForm onUnlock={(p) => unlock(p)} />        // onUnlock rejects on a wrong passphrase
 *   <SetPassphraseForm onSet={(p) => lockWithPassphrase(raw, key, p)} />
 */
import { useState } from 'preact/hooks';
import { useI18n, type Said } from './i18n.js';
import { MIN_PASSPHRASE_LENGTH, isWrongPassphrase } from './local-vault.js';

export function UnlockForm({ onUnlock }: { onUnlock: (passphrase: string) => Promise<void> }) {
  const { t } = useI18n();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<{ say: Said }>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onUnlock(passphrase);
    } catch (err) {
      setPassphrase('');
      setError({ say: isWrongPassphrase(err) ? (t) => t('lock.wrong') : (t) => t('lock.failed') });
      setBusy(false);
    }
  };
  return (
    <main class="panel-body" aria-labelledby="unlock-heading">
      <h1 id="unlock-heading">{t('lock.heading')}</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label for="unlock-passphrase">{t('lock.passphrase')}</label>
        <input
          id="unlock-passphrase"
          type="password"
          autocomplete="current-password"
          value={passphrase}
          onInput={(e) => setPassphrase((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="primary" disabled={busy || passphrase.length === 0}>
          {busy ? t('lock.unlocking') : t('lock.unlock')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error.say(t)}
        </p>
      )}
    </main>
  );
}

export function SetPassphraseForm({ onSet }: { onSet: (passphrase: string) => Promise<void> }) {
  const { t } = useI18n();
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [error, setError] = useState<{ say: Said }>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (first.length < MIN_PASSPHRASE_LENGTH) return setError({ say: (t) => t('pass.tooShort', { count: MIN_PASSPHRASE_LENGTH }) });
    if (first !== second) return setError({ say: (t) => t('pass.differ') });
    setBusy(true);
    setError(undefined);
    try {
      await onSet(first);
    } catch (err) {
      console.warn('quick note: setting the passphrase failed:', err instanceof Error ? err.name : typeof err);
      setError({ say: (t) => t('pass.failed') });
      setBusy(false);
    }
  };
  return (
    <details class="passphrase">
      <summary>{t('pass.summary')}</summary>
      <p class="quiet">{t('pass.explain')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <label for="new-passphrase">{t('pass.new')}</label>
        <input id="new-passphrase" type="password" autocomplete="new-password" value={first} onInput={(e) => setFirst((e.target as HTMLInputElement).value)} />
        <label for="repeat-passphrase">{t('pass.repeat')}</label>
        <input id="repeat-passphrase" type="password" autocomplete="new-password" value={second} onInput={(e) => setSecond((e.target as HTMLInputElement).value)} />
        <button type="submit" disabled={busy}>
          {busy ? t('pass.setting') : t('pass.set')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error.say(t)}
        </p>
      )}
    </details>
  );
}
