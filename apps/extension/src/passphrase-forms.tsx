/**
 * The two passphrase forms: unlocking a locked vault, and setting a passphrase (which turns on
 * the lock button and idle auto-lock). Neither keeps a passphrase after submitting.
 *
 *   <UnlockForm onUnlock={(p) => unlock(p)} />        // onUnlock rejects on a wrong passphrase
 *   <SetPassphraseForm onSet={(p) => lockWithPassphrase(raw, key, p)} />
 */
import { useState } from 'preact/hooks';
import { MIN_PASSPHRASE_LENGTH, isWrongPassphrase } from './local-vault.js';

export function UnlockForm({ onUnlock }: { onUnlock: (passphrase: string) => Promise<void> }) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onUnlock(passphrase);
    } catch (err) {
      setPassphrase('');
      setError(isWrongPassphrase(err) ? 'That passphrase did not unlock this extension.' : 'Unlocking failed. Try again.');
      setBusy(false);
    }
  };
  return (
    <main class="panel-body" aria-labelledby="unlock-heading">
      <h1 id="unlock-heading">Locked</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label for="unlock-passphrase">Passphrase</label>
        <input
          id="unlock-passphrase"
          type="password"
          autocomplete="current-password"
          value={passphrase}
          onInput={(e) => setPassphrase((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="primary" disabled={busy || passphrase.length === 0}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}

export function SetPassphraseForm({ onSet }: { onSet: (passphrase: string) => Promise<void> }) {
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (first.length < MIN_PASSPHRASE_LENGTH) return setError(`Use at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    if (first !== second) return setError('The two passphrases differ.');
    setBusy(true);
    setError(undefined);
    try {
      await onSet(first);
    } catch (err) {
      console.warn('quick note: setting the passphrase failed:', err instanceof Error ? err.name : typeof err);
      setError('The passphrase could not be set. Try again.');
      setBusy(false);
    }
  };
  return (
    <details class="passphrase">
      <summary>Lock with a passphrase</summary>
      <p class="quiet">Your notes and keys on this computer are encrypted. A passphrase also locks them when idle.</p>
      <form onSubmit={(e) => void submit(e)}>
        <label for="new-passphrase">New passphrase</label>
        <input id="new-passphrase" type="password" autocomplete="new-password" value={first} onInput={(e) => setFirst((e.target as HTMLInputElement).value)} />
        <label for="repeat-passphrase">Repeat passphrase</label>
        <input id="repeat-passphrase" type="password" autocomplete="new-password" value={second} onInput={(e) => setSecond((e.target as HTMLInputElement).value)} />
        <button type="submit" disabled={busy}>
          {busy ? 'Setting…' : 'Set passphrase'}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}
