/**
 * The quick-note app, shared by the popup and the side panel: open the encrypted vault (or ask
 * for the passphrase), link on first run, then the note form (and a way to the whole workbook,
 * the pinned app in its own tab). The header always offers quick exit; with a passphrase set it
 * also offers "Lock", and the panel locks itself when idle.
 *
 *   render(<QuickNoteApp surface="popup" />, document.getElementById('app')!);
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { deviceFingerprint, type Credentials, type LocalStateStore } from '@securebase/sync';
import { openIndexedDbStore } from './idb-store.js';
import { useIdleLock, idleLockMs } from './idle-lock.js';
import { LinkScreen } from './link-screen.js';
import { loadCredentials, lockWithPassphrase, openVault } from './local-vault.js';
import { NotePanel } from './note-panel.js';
import { openWorkbookTab } from './open-workbook.js';
import { SetPassphraseForm, UnlockForm } from './passphrase-forms.js';
import { closePanelNow, useQuickExitKeys } from './quick-exit.js';
import { LanguagePicker, useI18n } from './i18n.js';

type OpenVault = { store: LocalStateStore; key: Uint8Array; hasPassphrase: boolean };

type Screen =
  | { kind: 'starting' }
  | { kind: 'locked' }
  | { kind: 'unlinked'; vault: OpenVault }
  | { kind: 'ready'; vault: OpenVault; credentials: Credentials }
  | { kind: 'failed' };

export function QuickNoteApp({ surface }: { surface: 'popup' | 'sidepanel' }) {
  const { t } = useI18n();
  const [raw, setRaw] = useState<LocalStateStore>();
  const [screen, setScreen] = useState<Screen>({ kind: 'starting' });

  const show = useCallback(async (store: LocalStateStore, passphrase?: string): Promise<void> => {
    const vault = await openVault(store, passphrase);
    if (vault.kind === 'locked') return setScreen({ kind: 'locked' });
    const credentials = await loadCredentials(vault.store);
    setScreen(credentials ? { kind: 'ready', vault, credentials } : { kind: 'unlinked', vault });
  }, []);

  useEffect(() => {
    openIndexedDbStore()
      .then(async (store) => {
        setRaw(store);
        await show(store);
      })
      .catch((err: unknown) => {
        console.warn('quick note: could not open local storage:', err instanceof Error ? err.name : typeof err);
        setScreen({ kind: 'failed' });
      });
  }, [show]);

  const lock = useCallback(() => setScreen({ kind: 'locked' }), []);
  const exit = useCallback(() => {
    setScreen({ kind: 'starting' });
    closePanelNow();
  }, []);
  useQuickExitKeys(exit);
  const idleMs = screen.kind === 'ready' && screen.vault.hasPassphrase ? idleLockMs() : undefined;
  useIdleLock(idleMs, lock);

  return (
    <div class={`app surface-${surface}`}>
      <header class="top">
        <span class="brand">{t('panel.brand')}</span>
        <span class="actions">
          {screen.kind === 'ready' && screen.vault.hasPassphrase && (
            <button type="button" onClick={lock}>
              {t('panel.lock')}
            </button>
          )}
          <button type="button" class="exit" onClick={exit} title={t('panel.exitHint')}>
            {t('panel.exit')}
          </button>
        </span>
      </header>
      {screen.kind === 'starting' && <p class="panel-body quiet">{t('panel.opening')}</p>}
      {screen.kind === 'failed' && (
        <p class="panel-body error" role="alert">
          {t('panel.storageFailed')}
        </p>
      )}
      {screen.kind === 'locked' && raw && <UnlockForm onUnlock={(p) => show(raw, p)} />}
      {screen.kind === 'unlinked' && (
        <LinkScreen store={screen.vault.store} onLinked={(credentials) => setScreen({ kind: 'ready', vault: screen.vault, credentials })} />
      )}
      {screen.kind === 'ready' && (
        <>
          <NotePanel credentials={screen.credentials} store={screen.vault.store} />
          <footer class="panel-foot">
            <button type="button" class="open-workbook" onClick={openWorkbookTab}>
              {t('panel.openWorkbook')}
            </button>
            {!screen.vault.hasPassphrase && raw && (
              <SetPassphraseForm
                onSet={async (passphrase) => {
                  await lockWithPassphrase(raw, screen.vault.key, passphrase);
                  setScreen({ ...screen, vault: { ...screen.vault, hasPassphrase: true } });
                }}
              />
            )}
            <p class="quiet device">{t('panel.fingerprint', { fingerprint: deviceFingerprint(screen.credentials.device.signPublicKey) })}</p>
          </footer>
        </>
      )}
      <LanguagePicker />
    </div>
  );
}
