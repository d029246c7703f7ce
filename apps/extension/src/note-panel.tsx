/**
 * The quick-note form and what the panel may show beside it: the sync state and the last few
 * notes this extension sent, the pause and gentle checks (live-panel.tsx), the private
 * "Where am I now?" (tension-panel.tsx, write-only) and invitations to talk (invitation-panel.tsx).
 * Nothing else of the workbook is read or shown.
 *
 *   <NotePanel credentials={creds} store={vault.store} />
 */
import { useState } from 'preact/hooks';
import { LIMITS, ModelValidationError, type InboxKind } from '@securebase/model';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import { InvitationPanel } from './invitation-panel.js';
import { useI18n, type Said } from './i18n.js';
import { KIND_ORDER, describeSync, kindLabels } from './labels.js';
import { useLanguageMirror } from './language-mirror.js';
import { LivePanel } from './live-panel.js';
import type { SentNote } from './sent-notes.js';
import { TensionPanel } from './tension-panel.js';
import { useNoteSession, type SessionPhase } from './use-note-session.js';

/** The session's name for a partner who has not given one; shown in the person's language instead. */
const UNNAMED_PARTNER = 'your partner';

export function NotePanel({ credentials, store }: { credentials: Credentials; store: LocalStateStore }) {
  const { phase, addNote, useHere, live, invite } = useNoteSession(credentials, store);
  // The background's check-in reminder speaks the language this panel shows.
  useLanguageMirror();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<InboxKind>('appreciation');
  const [message, setMessage] = useState<{ error: boolean; say: Said }>();
  const [saving, setSaving] = useState(false);
  const { t } = useI18n();
  const active = phase.kind === 'active';
  const kinds = kindLabels(t);
  const partner = active && phase.view.partner !== UNNAMED_PARTNER ? phase.view.partner : t('panel.partnerUnnamed');

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setSaving(true);
    try {
      await addNote(text, kind);
      setText('');
      setMessage({ error: false, say: (t) => t('note.added') });
    } catch (err) {
      setMessage({ error: true, say: describeAddError(err) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <main class="panel-body">
      <SyncLine phase={phase} onUseHere={useHere} />
      <LivePanel
        live={active ? phase.view.live : undefined}
        partner={partner}
        actions={live} ready={active && phase.view.sync.kind !== 'problem'} />
      <form class="note-form" aria-label={t('note.form')} onSubmit={(e) => void submit(e)}>
        <label for="note-kind">{t('note.kindLabel')}</label>
        <select id="note-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as InboxKind)}>
          {KIND_ORDER.map((k) => (
            <option key={k} value={k}>
              {kinds[k]}
            </option>
          ))}
        </select>
        <label for="note-text">{t('note.textLabel')}</label>
        <textarea
          id="note-text"
          rows={4}
          maxLength={LIMITS.note}
          value={text}
          placeholder={t('note.placeholder')}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        />
        <button type="submit" class="primary" disabled={!active || saving || text.trim().length === 0}>
          {t('note.submit')}
        </button>
        <p role="status" aria-live="polite" class={message?.error ? 'error' : 'notice'}>
          {message?.say(t) ?? ''}
        </p>
      </form>
      {active && <TensionPanel credentials={credentials} store={store} />}
      {active && <InvitationPanel invitations={phase.view.invitations} partner={partner} actions={invite} />}
      {active && <SentList notes={phase.view.sent} kinds={kinds} />}
    </main>
  );
}

function SyncLine({ phase, onUseHere }: { phase: SessionPhase; onUseHere: () => void }) {
  const { t } = useI18n();
  if (phase.kind === 'elsewhere' || phase.kind === 'waiting') {
    return (
      <div class="sync-line" data-sync={phase.kind}>
        <span>{phase.kind === 'waiting' ? t('panel.opening') : t('sync.elsewhere')}</span>
        <button type="button" onClick={onUseHere}>
          {t('sync.useHere')}
        </button>
      </div>
    );
  }
  if (phase.kind === 'failed') {
    return (
      <p class="sync-line error" role="alert" data-sync="failed">
        {phase.say(t)}
      </p>
    );
  }
  return (
    <p class="sync-line" role="status" data-sync={phase.view.sync.kind}>
      <span class={`dot dot-${phase.view.sync.kind}`} aria-hidden="true" />
      {describeSync(phase.view.sync, t)}
    </p>
  );
}

function SentList({ notes, kinds }: { notes: readonly SentNote[]; kinds: Record<InboxKind, string> }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="sent-heading" class="sent">
      <h2 id="sent-heading">{t('sent.heading')}</h2>
      {notes.length === 0 ? (
        <p class="quiet">{t('sent.empty')}</p>
      ) : (
        <ul aria-label={t('sent.list')}>
          {notes.map((note) => (
            <li key={note.id} aria-label={note.text} data-state={note.state}>
              <span class="sent-kind">{kinds[note.kind]}</span>
              <span class="sent-text">{note.text}</span>
              <span class={`sent-state state-${note.state}`}>{note.state === 'sent' ? t('sent.delivered') : t('sent.waiting')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function describeAddError(err: unknown): Said {
  if (err instanceof ModelValidationError) return (t) => t('note.needsText', { max: LIMITS.note });
  console.warn('quick note: adding failed:', err instanceof Error ? err.name : typeof err);
  return (t) => t('note.saveFailed');
}
