/**
 * One encrypted document open in the web app (the shared workbook, or this partner's private
 * one): the provider plus the two things every open document needs here.
 *
 * - New keys at once: the provider gets a `refreshKeys` that fetches this device's new key wraps
 *   and saves the result as the app's credentials, so a 'stale-epoch' or a change under a newer
 *   key heals on the spot instead of waiting for the trust watcher's next look at the chain.
 * - Nothing lost on a quick close: the provider's own save runs in its queue, after an await, so
 *   a reload a few ms after an edit can outrun it. On pagehide this session therefore also starts
 *   a write of the whole document under its own key *synchronously* (encode, seal and the
 *   IndexedDB put all happen before the handler returns; see state-store.ts). When the document
 *   is opened next, that copy is applied before the provider attaches, so whatever the provider
 *   had not saved counts as a local change still to be sent (the provider's "preexisting" rule).
 *
 *   const session = openDocSession({ docId, doc, credentials, store, create, onCredentials, onProvider });
 *   session.setCredentials(next);    // the app's credentials changed (a rotation)
 *   await session.close();            // unmount: the provider writes its final state
 */
import * as Y from 'yjs';
import { refreshKeys, type Credentials, type EncryptedProvider, type LocalStateStore } from '@securebase/sync';
import { saveCredentials } from '../credentials-storage.js';

export interface DocSessionOptions {
  docId: string;
  doc: Y.Doc;
  credentials: Credentials;
  store: LocalStateStore;
  /** Make the provider (not connected to anything else yet), with the key refresher to pass it. */
  create: (refresh: () => Promise<Credentials>) => EncryptedProvider;
  /** The credentials as this provider wants them (the private document views its own scope). */
  view?: (credentials: Credentials) => Credentials;
  /** New credentials were fetched and saved: the app should use them everywhere. */
  onCredentials?: (next: Credentials) => void;
  /** The provider exists: attach listeners; the returned function detaches them. */
  onProvider: (provider: EncryptedProvider) => () => void;
  /** The provider could not be made (reported once; the document stays closed). */
  onFailure: (err: unknown) => void;
}

export interface DocSession {
  /** The app's credentials changed: hand them to the provider (no reconnect). */
  setCredentials(next: Credentials): void;
  /** Stop: detach, write the final state, free the doc. */
  close(): Promise<void>;
}

/** Closes still writing their final state (see `docSessionsClosed`). */
const closing = new Set<Promise<void>>();

/**
 * Resolves once every document session that has started closing has written its final state:
 * the extension's pinned app waits for this before another window of the extension may write.
 */
export async function docSessionsClosed(): Promise<void> {
  await Promise.allSettled([...closing]);
}

/** Where the pagehide copy of a document lives (sealed like everything else in the store). */
function unsavedKey(spaceId: string, docId: string): string {
  return `web/unsaved/${spaceId}/${docId}`;
}

/** Open a document session: read a copy left by a quick close, then make the provider. */
export function openDocSession(opts: DocSessionOptions): DocSession {
  const { doc, store } = opts;
  const view = opts.view ?? ((c: Credentials) => c);
  const key = unsavedKey(opts.credentials.spaceId, opts.docId);
  let latest = opts.credentials;
  let provider: EncryptedProvider | undefined;
  let detach: (() => void) | undefined;
  let closed = false;
  let edited = false;

  const refresh = async (): Promise<Credentials> => {
    const before = latest;
    const next = await refreshKeys(before, store);
    if (next !== before) {
      await saveCredentials(store, next);
      latest = next;
      opts.onCredentials?.(next);
    }
    // The provider adopts what this returns (as `setCredentials` would).
    return view(latest);
  };

  const onUpdate = (_update: Uint8Array, origin: unknown): void => {
    // The provider applies stored and remote changes with itself as origin; the rest is ours.
    if (origin !== provider) edited = true;
  };

  const onPageHide = (): void => {
    if (!provider) return;
    if (edited) {
      // Nothing is awaited before `set`: the sealed write is issued before this handler returns.
      store.set(key, Y.encodeStateAsUpdate(doc)).catch((err: unknown) => {
        console.warn('saving unsaved edits on pagehide failed:', err instanceof Error ? err.name : typeof err);
      });
    }
    provider.persistNow().catch((err: unknown) => {
      console.warn('saving on pagehide failed:', err instanceof Error ? err.name : typeof err);
    });
  };

  /** Set when the provider reported any problem (then the pagehide copy is kept). */
  let reported = false;
  const onError = (): void => {
    reported = true;
  };

  /** Read the copy a quick close left, then make the provider; undefined once closed meanwhile. */
  const start = async (): Promise<{ made: EncryptedProvider; copy: Uint8Array | undefined } | undefined> => {
    const copy = await store.get(key);
    if (closed) return undefined;
    // Before the provider attaches: what the stored state lacks of it is sent as a local change.
    if (copy) Y.applyUpdate(doc, copy);
    const made = opts.create(refresh);
    provider = made;
    const detachListeners = opts.onProvider(made);
    made.on('error', onError);
    detach = () => {
      detachListeners();
      made.off('error', onError);
    };
    doc.on('update', onUpdate);
    window.addEventListener('pagehide', onPageHide);
    return { made, copy };
  };
  /** Once the provider has loaded, sealed and saved the copy, it is no longer needed. */
  const forgetCopy = async (made: EncryptedProvider): Promise<void> => {
    await made.persistNow();
    // If the provider reported anything meanwhile, keep it: a copy too many is harmless, one too few is not.
    if (!reported && !closed) await store.delete(key);
  };
  start().then(
    (started) => {
      if (!started?.copy) return;
      forgetCopy(started.made).catch((err: unknown) => {
        console.warn('clearing the pagehide copy failed:', err instanceof Error ? err.name : typeof err);
      });
    },
    (err: unknown) => {
      if (!closed) opts.onFailure(err);
    },
  );

  return {
    setCredentials(next) {
      if (next === latest) return;
      latest = next;
      provider?.setCredentials(view(next));
    },
    async close() {
      if (closed) return;
      closed = true;
      window.removeEventListener('pagehide', onPageHide);
      doc.off('update', onUpdate);
      detach?.();
      const done = (async () => {
        // The provider writes the final document state on destroy; free the doc only after that.
        if (provider) await provider.destroy();
        doc.destroy();
      })();
      closing.add(done);
      try {
        await done;
      } finally {
        closing.delete(done);
      }
    },
  };
}
