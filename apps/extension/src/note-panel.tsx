/**
 * The quick-note form and what the panel may show beside it: the sync state and the last few
 * notes this extension sent, the pause and gentle checks (live-panel.tsx), the private
 * "Where am I now?" (tension-panel.tsx, write-only) and invitations to talk (invitation-panel.tsx).
 * Nothing else of the workbook is read or shown.
 *
 *   <NotePanel credentials={creds} store={vault.store} />
 */
import { useState } from 'preact/hooks';
import { ModelValidationError, type InboxKind } from '@securebase/model';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import { InvitationPanel } from './invitation-panel.js';
import { KIND_LABELS, KIND_ORDER, describeSync } from './labels.js';
import { LivePanel } from './live-panel.js';
import type { SentNote } from './sent-notes.js';
import { TensionPanel } from './tension-panel.js';
import { useNoteSession, type SessionPhase } from './use-note-session.js';

export function NotePanel({ credentials, store }: { credentials: Credentials; store: LocalStateStore }) {
  const { phase, addNote, useHere, live, invite } = useNoteSession(credentials, store);
  const [text, setText] = useState('');
  const [kind, setKind] = useState<InboxKind>('appreciation');
  const [message, setMessage] = useState<{ error: boolean; text: string }>();
  const [saving, setSaving] = useState(false);
  const active = phase.kind === 'active';

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setSaving(true);
    try {
      await addNote(text, kind);
      setText('');
      setMessage({ error: false, text: 'Added to your shared inbox.' });
    } catch (err) {
      setMessage({ error: true, text: describeAddError(err) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <main class="panel-body">
      <SyncLine phase={phase} onUseHere={useHere} />
      <LivePanel
        live={active ? phase.view.live : undefined}
        partner={active ? phase.view.partner : 'your partner'}
        actions={live} ready={active && phase.view.sync.kind !== 'problem'} />
      <form class="note-form" aria-label="Quick note" onSubmit={(e) => void submit(e)}>
        <label for="note-kind">Kind of note</label>
        <select id="note-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as InboxKind)}>
          {KIND_ORDER.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <label for="note-text">Note</label>
        <textarea
          id="note-text"
          rows={4}
          maxLength={2000}
          value={text}
          placeholder="What would you like to remember?"
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        />
        <button type="submit" class="primary" disabled={!active || saving || text.trim().length === 0}>
          Add to our inbox
        </button>
        <p role="status" aria-live="polite" class={message?.error ? 'error' : 'notice'}>
          {message?.text ?? ''}
        </p>
      </form>
      {active && <TensionPanel credentials={credentials} store={store} />}
      {active && <InvitationPanel invitations={phase.view.invitations} partner={phase.view.partner} actions={invite} />}
      {active && <SentList notes={phase.view.sent} />}
    </main>
  );
}

function SyncLine({ phase, onUseHere }: { phase: SessionPhase; onUseHere: () => void }) {
  if (phase.kind === 'elsewhere' || phase.kind === 'waiting') {
    return (
      <div class="sync-line" data-sync={phase.kind}>
        <span>{phase.kind === 'waiting' ? 'Opening…' : 'Secure Base is open in another window.'}</span>
        <button type="button" onClick={onUseHere}>
          Use here
        </button>
      </div>
    );
  }
  if (phase.kind === 'failed') {
    return (
      <p class="sync-line error" role="alert" data-sync="failed">
        {phase.message}
      </p>
    );
  }
  return (
    <p class="sync-line" role="status" data-sync={phase.view.sync.kind}>
      <span class={`dot dot-${phase.view.sync.kind}`} aria-hidden="true" />
      {describeSync(phase.view.sync)}
    </p>
  );
}

function SentList({ notes }: { notes: readonly SentNote[] }) {
  return (
    <section aria-labelledby="sent-heading" class="sent">
      <h2 id="sent-heading">Sent from this extension</h2>
      {notes.length === 0 ? (
        <p class="quiet">Nothing yet. Your last few notes show here.</p>
      ) : (
        <ul aria-label="Notes sent from this extension">
          {notes.map((note) => (
            <li key={note.id} aria-label={note.text} data-state={note.state}>
              <span class="sent-kind">{KIND_LABELS[note.kind]}</span>
              <span class="sent-text">{note.text}</span>
              <span class={`sent-state state-${note.state}`}>{note.state === 'sent' ? 'Delivered' : 'Waiting to send'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function describeAddError(err: unknown): string {
  if (err instanceof ModelValidationError) return 'A note needs some text (at most 2000 characters).';
  console.warn('quick note: adding failed:', err instanceof Error ? err.name : typeof err);
  return 'The note could not be saved on this device. Close the panel and try again.';
}
