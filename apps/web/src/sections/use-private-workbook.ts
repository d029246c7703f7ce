/**
 * This partner's private workbook (boundary drafts, answers held for a simultaneous check-in):
 * the document `private-<partnerId>`, encrypted under a key only this partner's devices hold,
 * synced through the private-document provider. One session is shared by every section that
 * asks for it and closed shortly after the last one lets go, so moving between Boundaries and
 * Check-ins does not reconnect each time.
 *
 *   const priv = usePrivateWorkbook(credentials, store);
 *   if (priv.kind === 'ready') priv.workbook.boundaryDrafts.list();
 */
import { useEffect, useState } from 'preact/hooks';
import * as Y from 'yjs';
import { PrivateWorkbook } from '@securebase/model';
import { SecureBaseError } from '@securebase/protocol';
import { openPrivateDoc, type Credentials, type EncryptedProvider, type LocalStateStore } from '@securebase/sync';
import { describeError } from '../messages.js';

export type PrivateWorkbookState =
  | { kind: 'opening' }
  | { kind: 'ready'; workbook: PrivateWorkbook; synced: boolean; revision: number }
  | { kind: 'unavailable'; message: string };

interface Session {
  credentials: Credentials;
  doc: Y.Doc;
  workbook: PrivateWorkbook;
  provider: EncryptedProvider;
  users: number;
  synced: boolean;
  closeTimer: ReturnType<typeof setTimeout> | undefined;
  listeners: Set<() => void>;
}

/** How long a session outlives its last user (switching sections is quicker than this). */
const LINGER_MS = 10_000;
let current: Session | undefined;

function acquire(credentials: Credentials, store: LocalStateStore): Session {
  if (current && current.credentials !== credentials) {
    release(current, true);
  }
  if (!current) {
    const doc = new Y.Doc();
    const workbook = new PrivateWorkbook(doc);
    const provider = openPrivateDoc(credentials, doc, { store });
    const session: Session = {
      credentials,
      doc,
      workbook,
      provider,
      users: 0,
      synced: false,
      closeTimer: undefined,
      listeners: new Set(),
    };
    const notify = (): void => session.listeners.forEach((l) => l());
    provider.on('sync', (synced: boolean) => {
      session.synced = synced;
      notify();
    });
    workbook.onChange(notify);
    current = session;
  }
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
    // The provider writes its final state on destroy; free the doc only after that.
    void session.provider.destroy().then(() => session.doc.destroy());
  };
  if (now) close();
  else session.closeTimer = setTimeout(close, LINGER_MS);
}

/** Open (or share) the private workbook for as long as the calling component is mounted. */
export function usePrivateWorkbook(credentials: Credentials, store: LocalStateStore): PrivateWorkbookState {
  const [state, setState] = useState<PrivateWorkbookState>({ kind: 'opening' });

  useEffect(() => {
    let session: Session;
    try {
      session = acquire(credentials, store);
    } catch (err) {
      // No private key on this device (e.g. credentials from before private documents).
      if (!(err instanceof SecureBaseError)) throw err;
      setState({ kind: 'unavailable', message: describeError(err) });
      return undefined;
    }
    let revision = 0;
    const show = (): void => {
      revision += 1;
      setState({ kind: 'ready', workbook: session.workbook, synced: session.synced, revision });
    };
    session.listeners.add(show);
    show();
    return () => {
      session.listeners.delete(show);
      release(session);
    };
  }, [credentials, store]);

  return state;
}
