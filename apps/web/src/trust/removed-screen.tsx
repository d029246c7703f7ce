/**
 * What a device sees once it is no longer part of the space: removed by another of this
 * partner's devices (a lost phone), or because this partner left from another device. It can
 * no longer connect or read anything new; what it still holds locally can be cleared here.
 *
 *   <RemovedScreen reason="removed" />
 */
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../messages.js';
import { clearLocalDataAndRestart } from './clear-local-data.js';

/** The removed-device screen. */
export function RemovedScreen({ reason }: { reason: 'removed' | 'left' }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    document.title = 'Removed · Secure Base';
  }, []);

  const clear = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await clearLocalDataAndRestart();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <main id="main" class="page narrow trust-removed">
      <h1 class="title">
        {reason === 'removed' ? 'This device was removed from the space' : 'You have left this space'}
      </h1>
      <div class="card">
        <p>
          {reason === 'removed'
            ? 'One of your other devices removed this one, for example because it was lost. It can no longer connect to the space or read anything written from now on.'
            : 'You left this space from another of your devices. This device can no longer connect to the space or read anything written from now on.'}
        </p>
        <p>
          This browser may still hold a copy of what it had before. Clearing it removes the workbook, your keys and
          everything else Secure Base kept here. Your other devices and your partner&rsquo;s are not affected.
        </p>
        <div class="card-actions">
          <button type="button" class="button-danger" disabled={busy} onClick={() => void clear()}>
            {busy ? 'Clearing…' : 'Clear this browser’s data'}
          </button>
        </div>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </main>
  );
}
