/**
 * The shared note: one Y.Doc synced by EncryptedProvider, edited in CodeMirror 6 through
 * y-codemirror.next's `yCollab`. The same Awareness is given to the provider (which seals it,
 * like every update, before the relay sees it) and to `yCollab` (which draws the partner's cursor
 * and selection with the `user` name and colour set here).
 *
 *   const notes = openNotesEditor(parent, creds, { name: 'Alex', color: '#b4235a' }, (s) => show(s));
 *   notes.destroy();
 */
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { defaultKeymap } from '@codemirror/commands';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { EncryptedProvider, type Credentials } from '@securebase/sync';

/** The document every device of the space opens (any 1–64 characters of A-Za-z0-9_-). */
export const NOTES_DOC_ID = 'example-notes';

export interface NotesUser {
  name: string;
  /** The caret colour; the selection is the same colour, lighter. */
  color: string;
}

export type NotesStatus = 'connecting' | 'connected' | 'synced' | 'disconnected';

export interface NotesCallbacks {
  status(status: NotesStatus): void;
  /** A SecureBaseError: its `message` is plain language, its `fatal` says whether it heals by itself. */
  error(error: Error & { fatal: boolean }): void;
}

export interface OpenNotes {
  provider: EncryptedProvider;
  view: EditorView;
  destroy(): void;
}

/** Open the shared note in `parent` and start syncing it. */
export function openNotesEditor(parent: HTMLElement, credentials: Credentials, user: NotesUser, on: NotesCallbacks): OpenNotes {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalStateField('user', { name: user.name, color: user.color, colorLight: `${user.color}33` });
  const provider = new EncryptedProvider(credentials.relayUrl, NOTES_DOC_ID, doc, { credentials, awareness });

  let connected = false;
  let synced = false;
  const report = (): void => on.status(!connected ? (provider.wsconnecting ? 'connecting' : 'disconnected') : synced ? 'synced' : 'connected');
  provider.on('status', ({ status }) => {
    connected = status === 'connected';
    report();
  });
  provider.on('sync', (isSynced) => {
    synced = isSynced;
    report();
  });
  provider.on('error', (error) => on.error(error));
  // A socket can outlive the network going away (Chromium keeps it open while offline): follow
  // the browser's own word, so the status is honest and the outbox is re-sent on a new socket.
  const offline = (): void => provider.disconnect();
  const online = (): void => provider.connect();
  addEventListener('offline', offline);
  addEventListener('online', online);
  if (!navigator.onLine) provider.disconnect();
  report();

  const ytext = doc.getText('notes');
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: ytext.toString(),
      extensions: [
        lineNumbers(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': 'Shared notes' }),
        keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
        yCollab(ytext, provider.awareness),
      ],
    }),
  });

  return {
    provider,
    view,
    destroy() {
      removeEventListener('offline', offline);
      removeEventListener('online', online);
      view.destroy();
      provider.destroy();
      doc.destroy();
    },
  };
}
