/**
 * Inbox notes "for our next check-in": the mark on a note in the Inbox (either partner may set
 * it: triage, not an edit), and the list on the Check-ins screen, where "We talked about it"
 * marks a note discussed and takes it off. Rules in packages/model (inbox.ts, checkin-topics.ts).
 *
 *   <CheckinMarkButton workbook={wb} me={me} note={note} />   // in an inbox note's actions
 *   <CheckinTopicsList workbook={wb} />                        // on the check-ins screen
 */
import { checkinTopics, type InboxNote, type PartnerId, type Workbook } from '@securebase/model';
import { useI18n } from '../i18n.js';
import { KIND_LABELS } from '../labels.js';

/** Toggles a note's "for our next check-in" mark (a check-in topic note is always for it). */
export function CheckinMarkButton({ workbook, me, note }: { workbook: Workbook; me: PartnerId; note: InboxNote }) {
  const { t } = useI18n();
  if (note.kind === 'checkin') return null;
  const marked = workbook.inbox.isForCheckin(note.id);
  return (
    <button type="button" class="button-quiet" aria-pressed={marked} onClick={() => workbook.inbox.markForCheckin(note.id, me, !marked)}>
      {t('home.markForCheckin')}
    </button>
  );
}

/** The notes waiting for the next check-in, on the check-ins screen. */
export function CheckinTopicsList({ workbook }: { workbook: Workbook }) {
  const topics = checkinTopics(workbook);
  const { t } = useI18n();
  if (topics.length === 0) return null;
  return (
    <section class="card checkin-topics" aria-labelledby="checkin-topics-heading">
      <h3 id="checkin-topics-heading">{t('home.topicsHeading')}</h3>
      <p class="hint">{t('home.topicsHint')}</p>
      <ul class="card-list" aria-label={t('home.topicsHeading')}>
        {topics.map((note) => (
          <li key={note.id} class="checkin-topic" aria-label={note.text}>
            <span class="tag">{t(KIND_LABELS[note.kind])}</span>{' '}
            <span dir="auto">{note.text}</span>{' '}
            <button type="button" class="button-quiet" onClick={() => workbook.inbox.setStatus(note.id, 'discussed')}>
              {t('home.talkedAbout')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
