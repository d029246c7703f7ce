/**
 * Settings: your name, this device's language, the optional passphrase lock (set, change,
 * remove) and how soon an idle page locks itself. Changing or removing the passphrase asks for
 * the current one, so someone at an unlocked screen cannot quietly take the lock away.
 *
 *   <SettingsPage lock={lockControls} workbook={wb} me={me} />   // route #/settings
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { PartnerId, Workbook } from '@securebase/model';
import { NameForm } from '../components/name-form.js';
import { LanguagePicker, useI18n, type Said } from '../i18n.js';
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
  const { t } = useI18n();
  return (
    <section class="section" aria-labelledby="settings-heading">
      <h1 id="settings-heading" class="section-title">
        {t('shell.navSettings')}
      </h1>
      <div class="card">
        <NameForm workbook={workbook} me={me} />
      </div>
      <div class="card">
        <LanguagePicker id="settings-language" />
        <p class="hint">{t('pages.languageHint')}</p>
      </div>
      <PassphraseCard lock={lock} />
      {lock.hasPassphrase && <IdleLockCard lock={lock} />}
    </section>
  );
}

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; say: Said } | { kind: 'error'; say: Said };

function PassphraseCard({ lock }: { lock: LockControls }) {
  const id = useId();
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const reset = (say: Said): void => {
    setCurrent('');
    setNext('');
    setAgain('');
    setStatus({ kind: 'done', say });
  };

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (next.length < MIN_PASSPHRASE_LENGTH) {
      setStatus({ kind: 'error', say: (words) => words('pages.passTooShort', { count: MIN_PASSPHRASE_LENGTH }) });
      return;
    }
    if (next !== again) {
      setStatus({ kind: 'error', say: (words) => words('pages.passMismatch') });
      return;
    }
    setStatus({ kind: 'busy' });
    try {
      await lock.setPassphrase(next, lock.hasPassphrase ? current : undefined);
      const had = lock.hasPassphrase;
      reset((words) => (had ? words('pages.passChanged') : words('pages.passSet')));
    } catch (err) {
      setStatus({ kind: 'error', say: (words) => describeError(err, words) });
    }
  };

  const remove = async (): Promise<void> => {
    setStatus({ kind: 'busy' });
    try {
      await lock.removePassphrase(current);
      reset((words) => words('pages.passRemoved'));
    } catch (err) {
      setStatus({ kind: 'error', say: (words) => describeError(err, words) });
    }
  };

  const busy = status.kind === 'busy';
  return (
    <form class="card" aria-labelledby={`${id}-h`} onSubmit={(e) => void submit(e)} noValidate>
      <h2 id={`${id}-h`}>{t('pages.passTitle')}</h2>
      <p>
        {lock.hasPassphrase ? t('pages.passOnText') : t('pages.passOffText')} {t('pages.passForget')}
      </p>
      {lock.hasPassphrase && (
        <div class="field">
          <label for={`${id}-current`}>{t('pages.passCurrent')}</label>
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
          <label for={`${id}-next`}>{lock.hasPassphrase ? t('pages.passNew') : t('shell.passphrase')}</label>
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
          <label for={`${id}-again`}>{t('pages.passAgain')}</label>
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
        {t('pages.passHint', { count: MIN_PASSPHRASE_LENGTH })}
      </p>
      <div class="card-actions">
        <button type="submit" class="button-primary" disabled={busy}>
          {lock.hasPassphrase ? t('pages.passChange') : t('pages.passSetButton')}
        </button>
        {lock.hasPassphrase && (
          <>
            <button type="button" class="button-quiet" disabled={busy} onClick={() => void remove()}>
              {t('pages.passRemove')}
            </button>
            <button type="button" class="button-quiet" onClick={lock.lock}>
              {t('pages.lockNow')}
            </button>
          </>
        )}
      </div>
      <p role="status" class={status.kind === 'error' ? 'form-error' : 'hint'}>
        {status.kind === 'busy' ? t('pages.working') : status.kind === 'done' || status.kind === 'error' ? status.say(t) : ''}
      </p>
    </form>
  );
}

function IdleLockCard({ lock }: { lock: LockControls }) {
  const id = useId();
  const { t } = useI18n();
  return (
    <div class="card">
      <h2 id={`${id}-h`}>{t('pages.idleTitle')}</h2>
      <div class="field">
        <label for={`${id}-minutes`}>{t('pages.idleLabel')}</label>
        <select
          id={`${id}-minutes`}
          value={String(lock.idleLockMinutes)}
          onChange={(e) => lock.setIdleLockMinutes(Number(e.currentTarget.value))}
        >
          {IDLE_LOCK_CHOICES.map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {t('pages.idleMinutes', { count: minutes })}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
