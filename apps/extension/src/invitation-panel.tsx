/**
 * Invitations to talk in the quick-note panel (issue 17, part 4): the partner's invitation with
 * its two one-tap answers ("Yes, let's talk", "Later"; later can become yes), and a compact way
 * to send one — a topic, one of the gentle framings or own words. No "seen" either way. The
 * rules are packages/model/src/invitations.ts; this renders and forwards taps.
 *
 *   <InvitationPanel invitations={view.invitations} partner={view.partner} actions={invite} />
 */
import { useState } from 'preact/hooks';
import { INVITATION_FRAMINGS, INVITATION_WORDS_MAX, ModelValidationError, invitationText, type Invitation, type InvitationTopic } from '@securebase/model';
import type { Translate } from '@securebase/i18n';
import { WithName, sentence, slots, useI18n, type Said } from './i18n.js';
import type { InviteActions } from './use-note-session.js';

/** "Sam invites you to talk about a fear": one sentence per topic, as languages inflect the topic. */
function invitedAbout(t: Translate, values: Record<string, string>): Record<InvitationTopic, string> {
  return { fear: t('invite.fromPartnerFear', values), desire: t('invite.fromPartnerDesire', values) };
}
const OWN_WORDS = 'own';

interface Props {
  invitations: Invitation[];
  partner: string;
  actions: InviteActions;
}

export function InvitationPanel({ invitations, partner, actions }: Props) {
  const { t } = useI18n();
  const [message, setMessage] = useState<{ error: boolean; say: Said }>();
  const report = (err: unknown): void => setMessage({ error: true, say: describeInviteError(err) });
  const about = invitedAbout(t, slots('partner'));
  const aboutLabel = invitedAbout(t, { partner });
  return (
    <section class="invite-panel" aria-label={t('invite.panel')}>
      {invitations.map((i) => (
        <div key={i.id} class="invite-card" role="group" aria-label={sentence(aboutLabel[i.topic])}>
          <p class="live-panel-title">
            <WithName text={about[i.topic]} name={partner} />
          </p>
          <p class="invite-words" dir="auto">
            {invitationText(i)}
          </p>
          {i.answer?.answer === 'later' && <p class="quiet">{t('invite.waitsLater')}</p>}
          <div class="live-panel-buttons">
            <button type="button" class="primary" onClick={() => void actions.answer(i.id, 'yes').catch(report)}>
              {t('invite.yes')}
            </button>
            {i.answer?.answer !== 'later' && (
              <button type="button" onClick={() => void actions.answer(i.id, 'later').catch(report)}>
                {t('invite.later')}
              </button>
            )}
          </div>
        </div>
      ))}
      <InviteForm partner={partner} actions={actions} onSent={() => setMessage({ error: false, say: (t) => sentence(t('invite.sent', { partner })) })} onError={report} />
      <p role="status" aria-live="polite" class={message?.error ? 'error' : 'notice'}>
        {message?.say(t) ?? ''}
      </p>
    </section>
  );
}

function InviteForm({ partner, actions, onSent, onError }: { partner: string; actions: InviteActions; onSent: () => void; onError: (err: unknown) => void }) {
  const { t } = useI18n();
  const [topic, setTopic] = useState<InvitationTopic>('fear');
  const [framing, setFraming] = useState<string>(INVITATION_FRAMINGS.find((f) => f.topic === 'fear')?.id ?? OWN_WORDS);
  const [words, setWords] = useState('');
  const [open, setOpen] = useState(false);
  const send = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      await actions.send(framing === OWN_WORDS ? { topic, words } : { topic, framingId: framing, words });
    } catch (err) {
      onError(err);
      return;
    }
    setWords('');
    setOpen(false);
    onSent();
  };
  return (
    <details class="invite-form" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{sentence(t('invite.summary', { partner }))}</summary>
      <form aria-label={t('invite.form')} onSubmit={(e) => void send(e)}>
        <label for="invite-topic">{t('invite.topicLabel')}</label>
        <select
          id="invite-topic"
          value={topic}
          onChange={(e) => {
            const next = (e.target as HTMLSelectElement).value as InvitationTopic;
            setTopic(next);
            setFraming(INVITATION_FRAMINGS.find((f) => f.topic === next)?.id ?? OWN_WORDS);
          }}
        >
          <option value="fear">{t('invite.topicFear')}</option>
          <option value="desire">{t('invite.topicDesire')}</option>
        </select>
        <label for="invite-framing">{t('invite.framingLabel')}</label>
        <select id="invite-framing" value={framing} onChange={(e) => setFraming((e.target as HTMLSelectElement).value)}>
          {INVITATION_FRAMINGS.filter((f) => f.topic === topic).map((f) => (
            <option key={f.id} value={f.id}>
              {f.text}
            </option>
          ))}
          <option value={OWN_WORDS}>{t('invite.ownWordsOnly')}</option>
        </select>
        <label for="invite-words">{framing === OWN_WORDS ? t('invite.myWords') : t('invite.addOptional')}</label>
        <textarea id="invite-words" rows={2} maxLength={INVITATION_WORDS_MAX} value={words} onInput={(e) => setWords((e.target as HTMLTextAreaElement).value)} />
        <button type="submit" class="primary">
          {t('invite.send')}
        </button>
        <p class="quiet">{t('invite.noSeen')}</p>
      </form>
    </details>
  );
}

function describeInviteError(err: unknown): Said {
  if (err instanceof ModelValidationError && err.reason === 'required') return (t) => t('invite.needsWords');
  if (err instanceof ModelValidationError && err.reason === 'too-long') return (t) => t('invite.tooLong', { count: INVITATION_WORDS_MAX });
  return (t) => t('invite.saveFailed');
}
