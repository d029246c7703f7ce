/**
 * Joining a partner's space from an invite link (`#/join/<secret>`). A browser holds one space:
 * if this one already has a space, the invite is left unused rather than overwriting it.
 *
 *   <JoinScreen secret={route.secret} store={store} hasSpace={false} onReady={...} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { SecureBaseError } from '@securebase/protocol';
import { joinSpace, type Credentials, type LocalStateStore } from '@securebase/sync';
import { FieldError } from '../components/field-error.js';
import { saveCredentials } from '../credentials-storage.js';
import { LanguagePicker, useI18n, type Said, type Translate } from '../i18n.js';
import { describeError } from '../messages.js';
import { routeHash } from '../router.js';
import { OptionalNameField } from './optional-name-field.js';
import { PrivacyNote } from './privacy-note.js';

interface Props {
  secret: string;
  store: LocalStateStore;
  hasSpace: boolean;
  onReady: (credentials: Credentials, name: string | undefined) => void;
}

/** Plain words for the ways an invite can fail; anything else falls back to describeError. */
function describeJoinError(err: unknown, t: Translate): string {
  if (err instanceof SecureBaseError) {
    switch (err.code) {
      case 'invite-used':
        return t('screens.joinInviteUsed');
      case 'invite-expired':
        return t('screens.joinInviteExpired');
      case 'invite-not-found':
        return t('screens.joinInviteNotFound');
      case 'space-full':
        return t('errors.spaceFull');
      case 'invite-revoked':
        return t('screens.joinInviteRevoked');
    }
  }
  return describeError(err, t);
}

/** The join screen. */
export function JoinScreen({ secret, store, hasSpace, onReady }: Props) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Said>();
  const id = useId();
  const { t } = useI18n();

  if (hasSpace) {
    return (
      <main class="page narrow">
        <h1 class="title">{t('screens.joinHasSpaceTitle')}</h1>
        <div class="card">
          <p>{t('screens.joinHasSpaceText')}</p>
          <p>{t('screens.joinHasSpaceOther')}</p>
          <a class="button-primary" href={routeHash({ name: 'space', section: 'vocabulary' })}>
            {t('screens.joinGoToSpace')}
          </a>
        </div>
      </main>
    );
  }

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const credentials = await joinSpace(`${location.origin}/${routeHash({ name: 'join', secret })}`);
      await saveCredentials(store, credentials);
      onReady(credentials, name.trim() || undefined);
    } catch (err) {
      setError(() => (words: Translate) => describeJoinError(err, words));
      setBusy(false);
    }
  };

  return (
    <main class="page narrow">
      <LanguagePicker />
      <h1 class="title">{t('screens.joinTitle')}</h1>
      <p class="lead">{t('screens.joinLead')}</p>
      <PrivacyNote />
      <form class="card" onSubmit={(e) => void submit(e)} aria-label={t('screens.joinFormLabel')} noValidate>
        <OptionalNameField value={name} onInput={setName} />
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? t('screens.joining') : t('screens.join')}
        </button>
        <FieldError id={`${id}-error`} message={error?.(t)} />
      </form>
    </main>
  );
}
