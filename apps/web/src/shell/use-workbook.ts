/**
 * Opens the shared workbook for as long as the space shell is mounted: a Y.Doc synced by the
 * EncryptedProvider through the relay, the typed Workbook over it, and the sync state in calm
 * words. Unmounting (leaving the space, locking, quick-hide) tears the provider down, which
 * writes the final state to the local store first. On `pagehide` the state is written at once,
 * so closing the tab right after typing loses nothing (doc-session.ts). New credentials of the
 * same device (a key rotation) are handed to the open provider: no reconnect.
 *
 *   const { workbook, sync, revision } = useWorkbook(credentials, store);
 */
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import * as Y from 'yjs';
import { Workbook } from '@securebase/model';
import { SHARED_DOC_ID, toBase64Url, type SecureBaseError } from '@securebase/protocol';
import { EncryptedProvider, type Credentials, type LocalStateStore, type ProviderStatus } from '@securebase/sync';
import { describeError } from '../messages.js';
import { TrustContext } from '../trust/trust-context.js';
import { openDocSession, type DocSession } from './doc-session.js';
import type { SyncState } from './sync-state.js';

export interface WorkbookSession {
  workbook: Workbook | undefined;
  sync: SyncState;
  /** Bumps on every document change; a cheap dependency for re-rendering. */
  revision: number;
  /** The open provider (for live signals: pause and gentle checks), once the workbook is open. */
  provider: EncryptedProvider | undefined;
}

/** Which device in which space: a provider lives as long as this stays the same. */
export function deviceIdentity(credentials: Credentials): string {
  return `${credentials.spaceId}/${toBase64Url(credentials.device.signPublicKey)}`;
}

/**
 * Connect to the space's shared document while the calling component is mounted. Keys fetched
 * by the provider itself (after a rotation) are saved and handed to the trust gate around it,
 * which makes them the app's credentials.
 */
export function useWorkbook(credentials: Credentials, store: LocalStateStore): WorkbookSession {
  const [workbook, setWorkbook] = useState<Workbook>();
  const [sync, setSync] = useState<SyncState>({ kind: 'syncing' });
  const [revision, setRevision] = useState(0);
  const [openProvider, setOpenProvider] = useState<EncryptedProvider>();
  const session = useRef<DocSession | undefined>(undefined);
  // The latest values, read by a session that started before they changed.
  const onCredentials = useContext(TrustContext)?.adoptCredentials;
  const latest = useRef({ credentials, onCredentials });
  latest.current = { credentials, onCredentials };
  const identity = deviceIdentity(credentials);

  useEffect(() => {
    // gc off: an overwritten value stays in the document, so "what changed" is read from the
    // partner's own signed structs and never from a history a client could leave out.
    const doc = new Y.Doc({ gc: false });
    let provider: EncryptedProvider | undefined;
    // Authorship comes from the sync layer's verified client-id bindings (client-bindings.ts).
    const book = new Workbook(doc, { authorOfClient: (client) => provider?.partnerOfClient(client) });
    let status: ProviderStatus = 'connecting';
    let synced = false;
    let problem: SecureBaseError | undefined;

    const show = (): void => {
      const err = problem;
      if (err) setSync({ kind: 'problem', say: (t) => describeError(err, t) });
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
    // Browsers report "offline" before the socket notices; say so at once rather than "syncing".
    const onOffline = (): void => {
      status = 'disconnected';
      synced = false;
      show();
    };
    // Back online: the socket may never have dropped, so no status event follows; read the provider.
    const onOnline = (): void => {
      if (!provider) return;
      status = provider.wsconnected ? 'connected' : provider.wsconnecting ? 'connecting' : 'disconnected';
      synced = provider.synced;
      show();
    };
    const stop = book.onChange(() => setRevision((r) => r + 1));
    const creds = latest.current.credentials;
    const opened = openDocSession({
      docId: SHARED_DOC_ID,
      doc,
      credentials: creds,
      store,
      create: (refreshKeys) => new EncryptedProvider(creds.relayUrl, SHARED_DOC_ID, doc, { credentials: creds, store, refreshKeys }),
      onCredentials: (next) => latest.current.onCredentials?.(next),
      onProvider: (made) => {
        provider = made;
        made.on('status', onStatus);
        made.on('sync', onSync);
        made.on('error', onError);
        window.addEventListener('offline', onOffline);
        window.addEventListener('online', onOnline);
        if (!navigator.onLine) onOffline();
        setWorkbook(book);
        setOpenProvider(made);
        return () => {
          setOpenProvider(undefined);
          window.removeEventListener('offline', onOffline);
          window.removeEventListener('online', onOnline);
          made.off('status', onStatus);
          made.off('sync', onSync);
          made.off('error', onError);
        };
      },
      onFailure: (err) => setSync({ kind: 'problem', say: (t) => describeError(err, t) }),
    });
    session.current = opened;
    return () => {
      stop();
      session.current = undefined;
      setWorkbook(undefined);
      void opened.close().catch((err: unknown) => {
        console.warn('closing the workbook failed:', err instanceof Error ? err.name : typeof err);
      });
    };
  }, [identity, store]);

  useEffect(() => {
    session.current?.setCredentials(credentials);
  }, [credentials]);

  return { workbook, sync, revision, provider: openProvider };
}
