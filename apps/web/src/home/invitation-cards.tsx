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
import { Invitations, invitationText, type Invitation, type PartnerId, type Workbook } from '@securebase/model';
import { WithName, Words, slots, useI18n, type Translate } from '../i18n.js';
import { lazyScreen } from '../shell/lazy-screen.js';
import { framingWords } from './invitation-framings.js';
import './invitations.css';

// Opened by a tap ("Write an invitation"): the form's code and words load then.
const InviteForm = lazyScreen(() => import('./invite-form.js').then((m) => m.InviteForm), 'pages');

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
  const { t } = useI18n();
  return (
    <section class="card home-card home-invitation" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <WithName text={t('home.invitedHeading', { ...slots('partner'), topic: invitation.topic })} name={partner} />
      </h3>
      <p class="home-invitation-words" dir="auto">
        {invitationText(invitation, framingWords(t))}
      </p>
      {later && <p class="hint">{t('home.saidLater')}</p>}
      <div class="home-invitation-actions">
        <button type="button" class="button-primary" onClick={() => invitations.answer(invitation.id, me, 'yes')}>
          {t('home.yesTalk')}
        </button>
        {!later && (
          <button type="button" class="button-quiet" onClick={() => invitations.answer(invitation.id, me, 'later')}>
            {t('home.later')}
          </button>
        )}
      </div>
    </section>
  );
}

function InviteCard({ invitations, me, partner, mine, accepted }: { invitations: Invitations; me: PartnerId; partner: string; mine: Invitation[]; accepted: Invitation[] }) {
  const [open, setOpen] = useState(false);
  const headingId = useId();
  const { t } = useI18n();
  const text = (i: Invitation) => <span dir="auto">{invitationText(i, framingWords(t))}</span>;
  return (
    <section class="card home-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <WithName text={t('home.inviteHeading', slots('partner'))} name={partner} />
      </h3>
      {mine.length > 0 && (
        <ul class="home-invitation-list" aria-label={t('home.yourInvitations')}>
          {mine.map((i) => (
            <li key={i.id}>
              <span>
                <Words text={t('home.invitationAbout', { ...slots('text'), topic: i.topic })} parts={{ text: text(i) }} />
              </span>{' '}
              <span class="hint">
                <WithName text={answerWords(i, t)} name={partner} />
              </span>{' '}
              <button type="button" class="button-link" onClick={() => invitations.withdraw(i.id, me)}>
                {t('home.takeBack')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {accepted.length > 0 && (
        <ul class="home-invitation-list" aria-label={t('home.acceptedList', { partner })}>
          {accepted.map((i) => (
            <li key={i.id}>
              <Words text={t('home.saidYesTo', { ...slots('text'), topic: i.topic })} parts={{ text: text(i) }} />
            </li>
          ))}
        </ul>
      )}
      {open ? (
        <InviteForm invitations={invitations} me={me} onDone={() => setOpen(false)} />
      ) : (
        <>
          <p>{t('home.inviteIntro')}</p>
          <button type="button" class="button-quiet" onClick={() => setOpen(true)}>
            {t('home.writeInvitation')}
          </button>
        </>
      )}
    </section>
  );
}

/** What the partner answered (a {partner} slot); nothing at all while they have not (no "seen", no "opened"). */
function answerWords(invitation: Invitation, t: Translate): string {
  if (invitation.answer?.answer === 'yes') return t('home.answerYes', slots('partner'));
  if (invitation.answer?.answer === 'later') return t('home.answerLater', slots('partner'));
  return t('home.answerWaiting', slots('partner'));
}
