/**
 * Invitations to talk about a fear or a desire, on the home (issue 17, part 4). The partner's
 * invitation is a calm card with two one-tap answers, "Yes, let's talk" and "Later"; "later" can
 * become a yes whenever this person is ready. Your own invitation shows only what the partner
 * chose to answer — never whether it was seen — and can be taken back. Sending starts from a
 * quiet "Invite … to talk" card: a topic, one of a few gentle framings or your own words.
 * The rules (who may answer, which answer counts) are packages/model/src/invitations.ts.
 *
 *   <InvitationCards workbook={workbook} me={me} partner="Sam" />
 */
import { useId, useMemo, useState } from 'preact/hooks';
import {
  INVITATION_FRAMINGS,
  INVITATION_WORDS_MAX,
  Invitations,
  ModelValidationError,
  invitationText,
  type Invitation,
  type InvitationTopic,
  type PartnerId,
  type Workbook,
} from '@securebase/model';
import { FieldError } from '../components/field-error.js';
import { describeError } from '../messages.js';
import { capitalise } from '../sections/partners.js';
import './invitations.css';

const TOPIC_WORDS: Record<InvitationTopic, string> = { fear: 'a fear', desire: 'a desire' };

interface Props {
  workbook: Workbook;
  me: PartnerId;
  partner: string;
}

/** The partner's invitations waiting for an answer, your own and how they were answered, and "Invite … to talk". */
export function InvitationCards({ workbook, me, partner }: Props) {
  const invitations = useMemo(
    () => new Invitations(workbook.doc, workbook.authorOfClient ? { authorOfClient: workbook.authorOfClient } : {}),
    [workbook],
  );
  const all = invitations.list();
  const waiting = all.filter((i) => i.by !== me && i.answer?.answer !== 'yes');
  const accepted = all.filter((i) => i.by !== me && i.answer?.answer === 'yes');
  const mine = all.filter((i) => i.by === me);
  return (
    <>
      {waiting.map((i) => (
        <InvitationToMe key={i.id} invitation={i} invitations={invitations} me={me} partner={partner} />
      ))}
      <InviteCard invitations={invitations} me={me} partner={partner} mine={mine} accepted={accepted} />
    </>
  );
}

function InvitationToMe({ invitation, invitations, me, partner }: { invitation: Invitation; invitations: Invitations; me: PartnerId; partner: string }) {
  const headingId = useId();
  const later = invitation.answer?.answer === 'later';
  return (
    <section class="card home-card home-invitation" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {capitalise(partner)} invites you to talk about {TOPIC_WORDS[invitation.topic]}
      </h3>
      <p class="home-invitation-words" dir="auto">
        {invitationText(invitation)}
      </p>
      {later && <p class="hint">You said later. It waits here, whenever you are ready.</p>}
      <div class="home-invitation-actions">
        <button type="button" class="button-primary" onClick={() => invitations.answer(invitation.id, me, 'yes')}>
          Yes, let’s talk
        </button>
        {!later && (
          <button type="button" class="button-quiet" onClick={() => invitations.answer(invitation.id, me, 'later')}>
            Later
          </button>
        )}
      </div>
    </section>
  );
}

function InviteCard({ invitations, me, partner, mine, accepted }: { invitations: Invitations; me: PartnerId; partner: string; mine: Invitation[]; accepted: Invitation[] }) {
  const [open, setOpen] = useState(false);
  const headingId = useId();
  return (
    <section class="card home-card" aria-labelledby={headingId}>
      <h3 id={headingId}>Invite {partner} to talk</h3>
      {mine.length > 0 && (
        <ul class="home-invitation-list" aria-label="Your invitations">
          {mine.map((i) => (
            <li key={i.id}>
              <span dir="auto">About {TOPIC_WORDS[i.topic]}: “{invitationText(i)}”</span>{' '}
              <span class="hint">{answerWords(i, partner)}</span>{' '}
              <button type="button" class="button-link" onClick={() => invitations.withdraw(i.id, me)}>
                Take back
              </button>
            </li>
          ))}
        </ul>
      )}
      {accepted.length > 0 && (
        <ul class="home-invitation-list" aria-label={`Invitations from ${partner} you said yes to`}>
          {accepted.map((i) => (
            <li key={i.id} dir="auto">
              You said yes to talking about {TOPIC_WORDS[i.topic]}: “{invitationText(i)}” Find a calm time together.
            </li>
          ))}
        </ul>
      )}
      {open ? (
        <InviteForm invitations={invitations} me={me} onDone={() => setOpen(false)} />
      ) : (
        <>
          <p>A gentle way to open a talk about a fear or a wish, when words are hard to start.</p>
          <button type="button" class="button-quiet" onClick={() => setOpen(true)}>
            Write an invitation
          </button>
        </>
      )}
    </section>
  );
}

/** What the partner answered; nothing at all while they have not (no "seen", no "opened"). */
function answerWords(invitation: Invitation, partner: string): string {
  if (invitation.answer?.answer === 'yes') return `${capitalise(partner)} said yes. Find a calm time together.`;
  if (invitation.answer?.answer === 'later') return `${capitalise(partner)} would like to, later.`;
  return `Waiting, whenever ${partner} is ready.`;
}

function InviteForm({ invitations, me, onDone }: { invitations: Invitations; me: PartnerId; onDone: () => void }) {
  const [topic, setTopic] = useState<InvitationTopic>('fear');
  const [framingId, setFramingId] = useState<string | undefined>('fear-listen');
  const [words, setWords] = useState('');
  const [error, setError] = useState<string>();
  const id = useId();
  const chooseTopic = (next: InvitationTopic): void => {
    setTopic(next);
    setFramingId(INVITATION_FRAMINGS.find((f) => f.topic === next)?.id);
  };
  const send = (): void => {
    try {
      invitations.send(me, framingId === undefined ? { topic, words } : { topic, framingId, words });
    } catch (err) {
      if (!(err instanceof ModelValidationError)) throw err;
      setError(describeError(err));
      return;
    }
    onDone();
  };
  return (
    <form
      class="home-invite-form"
      aria-label="Write an invitation"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      noValidate
    >
      <fieldset>
        <legend>To talk about</legend>
        {(['fear', 'desire'] as const).map((t) => (
          <label key={t} class="invite-option">
            <input type="radio" name={`${id}-topic`} checked={topic === t} onChange={() => chooseTopic(t)} />
            <span>{capitalise(TOPIC_WORDS[t])}</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>In these words</legend>
        {INVITATION_FRAMINGS.filter((f) => f.topic === topic).map((f) => (
          <label key={f.id} class="invite-option">
            <input type="radio" name={`${id}-framing`} checked={framingId === f.id} onChange={() => setFramingId(f.id)} />
            <span>{f.text}</span>
          </label>
        ))}
        <label class="invite-option">
          <input type="radio" name={`${id}-framing`} checked={framingId === undefined} onChange={() => setFramingId(undefined)} />
          <span>Only my own words</span>
        </label>
      </fieldset>
      <div class="field">
        <label for={`${id}-words`}>{framingId === undefined ? 'My words' : 'Anything to add (optional)'}</label>
        <textarea
          id={`${id}-words`}
          dir="auto"
          rows={2}
          maxLength={INVITATION_WORDS_MAX}
          value={words}
          onInput={(e) => setWords(e.currentTarget.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <FieldError id={`${id}-error`} message={error} />
      </div>
      <div class="home-invitation-actions">
        <button type="submit" class="button-primary">
          Send the invitation
        </button>
        <button type="button" class="button-quiet" onClick={onDone}>
          Not now
        </button>
      </div>
      <p class="hint">Your partner sees it on their home and answers “yes” or “later”. Nobody is told whether it was seen.</p>
    </form>
  );
}
