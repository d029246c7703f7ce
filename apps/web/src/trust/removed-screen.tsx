/**
 * What a device sees once it is no longer part of the space: removed by another of this
 * partner's devices (a lost phone), or because this partner left from another device. It can
 * no longer connect or read anything new; what it still holds locally can be cleared here.
 *
 *   <RemovedScreen reason="removed" />
 */
import { useEffect, useState } from 'preact/hooks';
import { useI18n, type Said } from '../i18n.js';
import { describeError } from '../messages.js';
import { clearLocalDataAndRestart } from './clear-local-data.js';

/** The removed-device screen. */
export function RemovedScreen({ reason }: { reason: 'removed' | 'left' }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Said>();
  const { t } = useI18n();

  useEffect(() => {
    document.title = t('trustPages.removedTitle');
  }, [t]);

  const clear = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await clearLocalDataAndRestart();
    } catch (err) {
      setError(() => (words: Parameters<Said>[0]) => describeError(err, words));
      setBusy(false);
    }
  };

  return (
    <main id="main" class="page narrow trust-removed">
      <h1 class="title">
        {reason === 'removed' ? t('trustPages.removedHeading') : t('trustPages.leftHeading')}
      </h1>
      <div class="card">
        <p>
          {reason === 'removed' ? t('trustPages.removedText') : t('trustPages.leftText')}
        </p>
        <p>
          {t('trustPages.removedClear')}
        </p>
        <div class="card-actions">
          <button type="button" class="button-danger" disabled={busy} onClick={() => void clear()}>
            {busy ? t('trustPages.clearing') : t('trustPages.clearData')}
          </button>
        </div>
        {error && (
          <p class="form-error" role="alert">
            {error(t)}
          </p>
        )}
      </div>
    </main>
  );
}
