/**
 * The lock screen: asks for the passphrase and opens the local store with it. Shows nothing of
 * the workbook; a wrong passphrase is refused in plain words.
 *
 *   <UnlockScreen onUnlock={(passphrase) => openLocalStore(raw, passphrase)} />
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
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
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    document.title = 'Secure Base';
    input.current?.focus();
  }, []);

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!passphrase) {
      setError('Please type your passphrase.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await onUnlock(passphrase);
    } catch (err) {
      setError(isWrongPassphrase(err) ? 'That passphrase did not open Secure Base. Please try again.' : describeError(err));
      setPassphrase('');
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <main id="main" class="page narrow">
      <h1 class="title">Secure Base is locked</h1>
      <form class="card" onSubmit={(e) => void submit(e)} aria-label="Unlock" noValidate>
        <div class="field">
          <label for={`${id}-pass`}>Passphrase</label>
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
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
        <p id={`${id}-error`} class="form-error" role="alert">
          {error ?? ''}
        </p>
      </form>
    </main>
  );
}
