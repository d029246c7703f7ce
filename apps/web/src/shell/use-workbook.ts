/**
 * Opens the shared workbook for as long as the space shell is mounted: a Y.Doc synced by the
 * EncryptedProvider through the relay, the typed Workbook over it, and the sync state in calm
 * words. Unmounting (leaving the space, locking, quick-hide) tears the provider down, which
 * writes the final state to the local store first. On `pagehide` the state is written at once,
 * so closing the tab right after typing loses nothing.
 *
 *   const { workbook, sync, revision } = useWorkbook(credentials, store);
 */
import { useEffect, useState } from 'preact/hooks';
import * as Y from 'yjs';
import { Workbook } from '@securebase/model';
import { SHARED_DOC_ID, type SecureBaseError } from '@securebase/protocol';
import { EncryptedProvider, type Credentials, type LocalStateStore, type ProviderStatus } from '@securebase/sync';
import { describeError } from '../messages.js';
import type { SyncState } from './sync-state.js';

export interface WorkbookSession {
  workbook: Workbook | undefined;
  sync: SyncState;
  /** Bumps on every document change; a cheap dependency for re-rendering. */
  revision: number;
}

/** Connect to the space's shared document while the calling component is mounted. */
export function useWorkbook(credentials: Credentials, store: LocalStateStore): WorkbookSession {
  const [workbook, setWorkbook] = useState<Workbook>();
  const [sync, setSync] = useState<SyncState>({ kind: 'syncing' });
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    const doc = new Y.Doc();
    const book = new Workbook(doc);
    const provider = new EncryptedProvider(credentials.relayUrl, SHARED_DOC_ID, doc, { credentials, store });
    let status: ProviderStatus = 'connecting';
    let synced = false;
    let problem: SecureBaseError | undefined;

    const show = (): void => {
      if (problem) setSync({ kind: 'problem', message: describeError(problem) });
      else if (status === 'disconnected') setSync({ kind: 'offline' });
      else setSync(status === 'connected' && synced ? { kind: 'synced' } : { kind: 'syncing' });
    };
    const onStatus = (event: { status: ProviderStatus }): void => {
      status = event.status;
      // A new connection must sync again before we say "synced".
      if (status !== 'connected') synced = false;
      show();
    };
    const onSync = (isSynced: boolean): void => {
      synced = isSynced;
      // A recoverable problem is healed once a full sync succeeds again.
      if (isSynced && problem && !problem.fatal) problem = undefined;
      show();
    };
    const onError = (err: SecureBaseError): void => {
      problem = err;
      show();
    };
    const onPageHide = (): void => {
      void provider.persistNow().catch((err: unknown) => {
        console.warn('saving on pagehide failed:', err instanceof Error ? err.name : typeof err);
      });
    };
    // Browsers report "offline" before the socket notices; say so at once rather than "syncing".
    const onOffline = (): void => {
      status = 'disconnected';
      synced = false;
      show();
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('error', onError);
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('offline', onOffline);
    if (!navigator.onLine) onOffline();
    const stop = book.onChange(() => setRevision((r) => r + 1));
    setWorkbook(book);
    return () => {
      stop();
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('offline', onOffline);
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.off('error', onError);
      // The provider writes the final document state on destroy; free the doc only after that.
      void provider.destroy().then(() => doc.destroy());
    };
  }, [credentials, store]);

  return { workbook, sync, revision };
}
