/**
 * Settings: your name, the optional passphrase lock (set, change, remove) and how soon an idle
 * page locks itself. Changing or removing the passphrase asks for the current one, so someone
 * at an unlocked screen cannot quietly take the lock away.
 *
 *   <SettingsPage lock={lockControls} workbook={wb} me={me} />   // route #/settings
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { PartnerId, Workbook } from '@securebase/model';
import { NameForm } from '../components/name-form.js';
import { describeError } from '../messages.js';
import { IDLE_LOCK_CHOICES } from './use-idle-lock.js';
import { MIN_PASSPHRASE_LENGTH } from './local-lock.js';

/** What settings may do to the lock; provided by the app, which owns the local key. */
export interface LockControls {
  hasPassphrase: boolean;
  /** Set (or change to) `next`; `current` must open the store when a passphrase is already set. */
  setPassphrase(next: string, current: string | undefined): Promise<void>;
  /** Remove the passphrase after checking `current`. */
  removePassphrase(current: string): Promise<void>;
  idleLockMinutes: number;
  setIdleLockMinutes(minutes: number): void;
  /** Lock now. */
  lock(): void;
}

interface Props {
  lock: LockControls;
  workbook: Workbook;
  me: PartnerId;
}

/** The settings page. */
export function SettingsPage({ lock, workbook, me }: Props) {
  return (
    <section class="section" aria-labelledby="settings-heading">
      <h1 id="settings-heading" class="section-title">
        Settings
      </h1>
      <div class="card">
        <NameForm workbook={workbook} me={me} />
      </div>
      <PassphraseCard lock={lock} />
      {lock.hasPassphrase && <IdleLockCard lock={lock} />}
    </section>
  );
}

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'error'; text: string };

function PassphraseCard({ lock }: { lock: LockControls }) {
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const reset = (text: string): void => {
    setCurrent('');
    setNext('');
    setAgain('');
    setStatus({ kind: 'done', text });
  };

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (next.length < MIN_PASSPHRASE_LENGTH) {
      setStatus({ kind: 'error', text: `Please use at least ${MIN_PASSPHRASE_LENGTH} characters.` });
      return;
    }
    if (next !== again) {
      setStatus({ kind: 'error', text: 'The two passphrases are not the same.' });
      return;
    }
    setStatus({ kind: 'busy' });
    try {
      await lock.setPassphrase(next, lock.hasPassphrase ? current : undefined);
      reset(lock.hasPassphrase ? 'Passphrase changed.' : 'Passphrase set. Secure Base will ask for it when it locks.');
    } catch (err) {
      setStatus({ kind: 'error', text: describeError(err) });
    }
  };

  const remove = async (): Promise<void> => {
    setStatus({ kind: 'busy' });
    try {
      await lock.removePassphrase(current);
      reset('Passphrase removed. This browser opens Secure Base without asking.');
    } catch (err) {
      setStatus({ kind: 'error', text: describeError(err) });
    }
  };

  const busy = status.kind === 'busy';
  return (
    <form class="card" aria-labelledby={`${id}-h`} onSubmit={(e) => void submit(e)} noValidate>
      <h2 id={`${id}-h`}>Passphrase lock</h2>
      <p>
        {lock.hasPassphrase
          ? 'This browser asks for your passphrase whenever Secure Base locks: after a quiet while, on Quick hide, or when you press Lock.'
          : 'Add a passphrase so this browser asks for it before showing anything, locks itself after a quiet while, and locks on Quick hide.'}{' '}
        If you forget it, this browser&rsquo;s copy cannot be opened; your partner&rsquo;s copy is not affected.
      </p>
      {lock.hasPassphrase && (
        <div class="field">
          <label for={`${id}-current`}>Current passphrase</label>
          <input
            id={`${id}-current`}
            type="password"
            autocomplete="current-password"
            value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </div>
      )}
      <div class="form-row">
        <div class="field">
          <label for={`${id}-next`}>{lock.hasPassphrase ? 'New passphrase' : 'Passphrase'}</label>
          <input
            id={`${id}-next`}
            type="password"
            autocomplete="new-password"
            value={next}
            aria-describedby={`${id}-hint`}
            onInput={(e) => setNext(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={`${id}-again`}>Type it again</label>
          <input
            id={`${id}-again`}
            type="password"
            autocomplete="new-password"
            value={again}
            onInput={(e) => setAgain(e.currentTarget.value)}
          />
        </div>
      </div>
      <p class="hint" id={`${id}-hint`}>
        At least {MIN_PASSPHRASE_LENGTH} characters; a few unrelated words are easy to remember and hard to guess.
      </p>
      <div class="card-actions">
        <button type="submit" class="button-primary" disabled={busy}>
          {lock.hasPassphrase ? 'Change passphrase' : 'Set passphrase'}
        </button>
        {lock.hasPassphrase && (
          <>
            <button type="button" class="button-quiet" disabled={busy} onClick={() => void remove()}>
              Remove passphrase
            </button>
            <button type="button" class="button-quiet" onClick={lock.lock}>
              Lock now
            </button>
          </>
        )}
      </div>
      <p role="status" class={status.kind === 'error' ? 'form-error' : 'hint'}>
        {status.kind === 'busy' ? 'Working…' : status.kind === 'done' || status.kind === 'error' ? status.text : ''}
      </p>
    </form>
  );
}

function IdleLockCard({ lock }: { lock: LockControls }) {
  const id = useId();
  return (
    <div class="card">
      <h2 id={`${id}-h`}>Lock when idle</h2>
      <div class="field">
        <label for={`${id}-minutes`}>Lock after this long without use</label>
        <select
          id={`${id}-minutes`}
          value={String(lock.idleLockMinutes)}
          onChange={(e) => lock.setIdleLockMinutes(Number(e.currentTarget.value))}
        >
          {IDLE_LOCK_CHOICES.map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {minutes === 1 ? '1 minute' : `${minutes} minutes`}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
