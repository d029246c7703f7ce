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
import { capitalise } from '../../web/src/sections/partners.js';
import type { InviteActions } from './use-note-session.js';

const TOPIC_WORDS: Record<InvitationTopic, string> = { fear: 'a fear', desire: 'a desire' };
const OWN_WORDS = 'own';

interface Props {
  invitations: Invitation[];
  partner: string;
  actions: InviteActions;
}

export function InvitationPanel({ invitations, partner, actions }: Props) {
  const [message, setMessage] = useState<{ error: boolean; text: string }>();
  const report = (err: unknown): void => setMessage({ error: true, text: describeInviteError(err) });
  return (
    <section class="invite-panel" aria-label="Invitations to talk">
      {invitations.map((i) => (
        <div key={i.id} class="invite-card" role="group" aria-label={`${capitalise(partner)} invites you to talk about ${TOPIC_WORDS[i.topic]}`}>
          <p class="live-panel-title">
            {capitalise(partner)} invites you to talk about {TOPIC_WORDS[i.topic]}
          </p>
          <p class="invite-words" dir="auto">
            {invitationText(i)}
          </p>
          {i.answer?.answer === 'later' && <p class="quiet">You said later. It waits, whenever you are ready.</p>}
          <div class="live-panel-buttons">
            <button type="button" class="primary" onClick={() => void actions.answer(i.id, 'yes').catch(report)}>
              Yes, let’s talk
            </button>
            {i.answer?.answer !== 'later' && (
              <button type="button" onClick={() => void actions.answer(i.id, 'later').catch(report)}>
                Later
              </button>
            )}
          </div>
        </div>
      ))}
      <InviteForm partner={partner} actions={actions} onSent={() => setMessage({ error: false, text: `Sent. ${capitalise(partner)} answers when ready.` })} onError={report} />
      <p role="status" aria-live="polite" class={message?.error ? 'error' : 'notice'}>
        {message?.text ?? ''}
      </p>
    </section>
  );
}

function InviteForm({ partner, actions, onSent, onError }: { partner: string; actions: InviteActions; onSent: () => void; onError: (err: unknown) => void }) {
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
      <summary>Invite {partner} to talk</summary>
      <form aria-label="Invite to talk" onSubmit={(e) => void send(e)}>
        <label for="invite-topic">To talk about</label>
        <select
          id="invite-topic"
          value={topic}
          onChange={(e) => {
            const next = (e.target as HTMLSelectElement).value as InvitationTopic;
            setTopic(next);
            setFraming(INVITATION_FRAMINGS.find((f) => f.topic === next)?.id ?? OWN_WORDS);
          }}
        >
          <option value="fear">A fear</option>
          <option value="desire">A desire</option>
        </select>
        <label for="invite-framing">In these words</label>
        <select id="invite-framing" value={framing} onChange={(e) => setFraming((e.target as HTMLSelectElement).value)}>
          {INVITATION_FRAMINGS.filter((f) => f.topic === topic).map((f) => (
            <option key={f.id} value={f.id}>
              {f.text}
            </option>
          ))}
          <option value={OWN_WORDS}>Only my own words</option>
        </select>
        <label for="invite-words">{framing === OWN_WORDS ? 'My words' : 'Anything to add (optional)'}</label>
        <textarea id="invite-words" rows={2} maxLength={INVITATION_WORDS_MAX} value={words} onInput={(e) => setWords((e.target as HTMLTextAreaElement).value)} />
        <button type="submit" class="primary">
          Send the invitation
        </button>
        <p class="quiet">Nobody is told whether it was seen.</p>
      </form>
    </details>
  );
}

function describeInviteError(err: unknown): string {
  if (err instanceof ModelValidationError && err.reason === 'required') return 'Choose a framing, or write your own words first.';
  if (err instanceof ModelValidationError && err.reason === 'too-long') return `Please keep it to ${INVITATION_WORDS_MAX} characters.`;
  return 'This could not be saved here. Close and reopen the panel to retry.';
}
