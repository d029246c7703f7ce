/**
 * This partner's private workbook (boundary drafts, answers held for a simultaneous check-in):
 * the document `private-<partnerId>`, encrypted under a key only this partner's devices hold,
 * synced through the private-document provider. One session is shared by every section that
 * asks for it and closed shortly after the last one lets go, so moving between Boundaries and
 * Check-ins does not reconnect each time. New credentials of the same device (a key rotation)
 * are handed to the open provider; keys the provider fetches itself are saved and handed to the
 * trust gate around it, which makes them the app's credentials.
 *
 *   const priv = usePrivateWorkbook(credentials, store);
 *   if (priv.kind === 'ready') priv.workbook.boundaryDrafts.list();
 */
import { useContext, useEffect, useState } from 'preact/hooks';
import * as Y from 'yjs';
import { PrivateWorkbook } from '@securebase/model';
import { SecureBaseError, privateDocId, privateScope } from '@securebase/protocol';
import { currentKey, makeCredentials, openPrivateDoc, type Credentials, type LocalStateStore } from '@securebase/sync';
import { useI18n } from '../i18n.js';
import { describeError } from '../messages.js';
import { openDocSession, type DocSession } from '../shell/doc-session.js';
import { deviceIdentity } from '../shell/use-workbook.js';
import { TrustContext } from '../trust/trust-context.js';

export type PrivateWorkbookState =
  | { kind: 'opening' }
  | { kind: 'ready'; workbook: PrivateWorkbook; synced: boolean; revision: number }
  | { kind: 'unavailable'; message: string };

/** As kept between renders: the error itself, put into words in the viewer's language at render. */
type HeldState = Exclude<PrivateWorkbookState, { kind: 'unavailable' }> | { kind: 'unavailable'; error: unknown };

interface Session {
  identity: string;
  workbook: PrivateWorkbook;
  doc: DocSession;
  users: number;
  synced: boolean;
  closeTimer: ReturnType<typeof setTimeout> | undefined;
  listeners: Set<() => void>;
  /** Told when the provider fetched and saved new credentials itself. */
  onCredentials: ((next: Credentials) => void) | undefined;
  /** Set when the provider could not be made (the error, put into words where it is shown). */
  failure: { error: unknown } | undefined;
}

/** How long a session outlives its last user (switching sections is quicker than this). */
const LINGER_MS = 10_000;
let current: Session | undefined;

function acquire(credentials: Credentials, store: LocalStateStore): Session {
  const identity = deviceIdentity(credentials);
  if (current && current.identity !== identity) {
    release(current, true);
  }
  if (!current) {
    // Throws 'unknown-epoch' now, not later, when this device holds no private key.
    currentKey(credentials, privateScope(credentials.partnerId));
    const doc = new Y.Doc();
    const workbook = new PrivateWorkbook(doc);
    const session: Omit<Session, 'doc'> = {
      identity,
      workbook,
      users: 0,
      synced: false,
      closeTimer: undefined,
      listeners: new Set(),
      onCredentials: undefined,
      failure: undefined,
    };
    const notify = (): void => session.listeners.forEach((l) => l());
    const docSession = openDocSession({
      docId: privateDocId(credentials.partnerId),
      doc,
      credentials,
      store,
      create: (refreshKeys) => openPrivateDoc(credentials, doc, { store, refreshKeys }),
      view: (c) => makeCredentials(c, privateScope(c.partnerId)),
      onCredentials: (next) => session.onCredentials?.(next),
      onProvider: (provider) => {
        const onSync = (synced: boolean): void => {
          session.synced = synced;
          notify();
        };
        provider.on('sync', onSync);
        return () => provider.off('sync', onSync);
      },
      onFailure: (err) => {
        session.failure = { error: err };
        notify();
      },
    });
    workbook.onChange(notify);
    // The same object the callbacks above write to.
    current = Object.assign(session, { doc: docSession });
  }
  current.doc.setCredentials(credentials);
  clearTimeout(current.closeTimer);
  current.closeTimer = undefined;
  current.users += 1;
  return current;
}

function release(session: Session, now = false): void {
  session.users = Math.max(0, session.users - 1);
  if (session.users > 0 && !now) return;
  const close = (): void => {
    if (current === session) current = undefined;
    void session.doc.close().catch((err: unknown) => {
      console.warn('closing the private workbook failed:', err instanceof Error ? err.name : typeof err);
    });
  };
  if (now) close();
  else session.closeTimer = setTimeout(close, LINGER_MS);
}

/** Open (or share) the private workbook for as long as the calling component is mounted. */
export function usePrivateWorkbook(credentials: Credentials, store: LocalStateStore): PrivateWorkbookState {
  const { t } = useI18n();
  const [state, setState] = useState<HeldState>({ kind: 'opening' });
  const onCredentials = useContext(TrustContext)?.adoptCredentials;

  useEffect(() => {
    let session: Session;
    try {
      session = acquire(credentials, store);
    } catch (err) {
      // No private key on this device (e.g. credentials from before private documents).
      if (!(err instanceof SecureBaseError)) throw err;
      setState({ kind: 'unavailable', error: err });
      return undefined;
    }
    session.onCredentials = onCredentials;
    let revision = 0;
    const show = (): void => {
      revision += 1;
      if (session.failure) setState({ kind: 'unavailable', error: session.failure.error });
      else setState({ kind: 'ready', workbook: session.workbook, synced: session.synced, revision });
    };
    session.listeners.add(show);
    show();
    return () => {
      session.listeners.delete(show);
      release(session);
    };
  }, [credentials, store, onCredentials]);

  return state.kind === 'unavailable' ? { kind: 'unavailable', message: describeError(state.error, t) } : state;
}
