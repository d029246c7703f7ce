/**
 * Writing an invitation to talk (loaded when "Write an invitation" is pressed): a topic, one of
 * a few gentle framings or one's own words. The framing is stored by id (each viewer reads it in
 * their own language); one's own words are stored as written.
 *
 *   <InviteForm invitations={invitations} me={me} onDone={() => setOpen(false)} />
 */
import { useId, useState } from 'preact/hooks';
import {
  INVITATION_FRAMINGS,
  INVITATION_WORDS_MAX,
  ModelValidationError,
  type InvitationTopic,
  type Invitations,
  type PartnerId,
} from '@securebase/model';
import { FieldError } from '../components/field-error.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { describeError } from '../messages.js';
import { framingWords } from './invitation-framings.js';

/** The topic as a choice in the form. */
const TOPIC_KEYS: Record<InvitationTopic, MessageKey> = { fear: 'moments.topicFear', desire: 'moments.topicDesire' };

/** The invitation form. */
export function InviteForm({ invitations, me, onDone }: { invitations: Invitations; me: PartnerId; onDone: () => void }) {
  const [topic, setTopic] = useState<InvitationTopic>('fear');
  const [framingId, setFramingId] = useState<string | undefined>('fear-listen');
  const [words, setWords] = useState('');
  const [error, setError] = useState<unknown>();
  const id = useId();
  const { t } = useI18n();
  const message = error === undefined ? undefined : describeError(error, t);
  const chooseTopic = (next: InvitationTopic): void => {
    setTopic(next);
    setFramingId(INVITATION_FRAMINGS.find((f) => f.topic === next)?.id);
  };
  const send = (): void => {
    try {
      invitations.send(me, framingId === undefined ? { topic, words } : { topic, framingId, words });
    } catch (err) {
      if (!(err instanceof ModelValidationError)) throw err;
      setError(err);
      return;
    }
    onDone();
  };
  return (
    <form
      class="home-invite-form"
      aria-label={t('home.writeInvitation')}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      noValidate
    >
      <fieldset>
        <legend>{t('moments.toTalkAbout')}</legend>
        {(['fear', 'desire'] as const).map((choice) => (
          <label key={choice} class="invite-option">
            <input type="radio" name={`${id}-topic`} checked={topic === choice} onChange={() => chooseTopic(choice)} />
            <span>{t(TOPIC_KEYS[choice])}</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('moments.inTheseWords')}</legend>
        {INVITATION_FRAMINGS.filter((f) => f.topic === topic).map((f) => (
          <label key={f.id} class="invite-option">
            <input type="radio" name={`${id}-framing`} checked={framingId === f.id} onChange={() => setFramingId(f.id)} />
            <span>{framingWords(t)(f)}</span>
          </label>
        ))}
        <label class="invite-option">
          <input type="radio" name={`${id}-framing`} checked={framingId === undefined} onChange={() => setFramingId(undefined)} />
          <span>{t('moments.ownWordsOnly')}</span>
        </label>
      </fieldset>
      <div class="field">
        <label for={`${id}-words`}>{framingId === undefined ? t('moments.myWords') : t('moments.anythingToAdd')}</label>
        <textarea
          id={`${id}-words`}
          dir="auto"
          rows={2}
          maxLength={INVITATION_WORDS_MAX}
          value={words}
          onInput={(e) => setWords(e.currentTarget.value)}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? `${id}-error` : undefined}
        />
        <FieldError id={`${id}-error`} message={message} />
      </div>
      <div class="home-invitation-actions">
        <button type="submit" class="button-primary">
          {t('moments.sendInvitation')}
        </button>
        <button type="button" class="button-quiet" onClick={onDone}>
          {t('moments.notNow')}
        </button>
      </div>
      <p class="hint">{t('moments.inviteHint')}</p>
    </form>
  );
}
