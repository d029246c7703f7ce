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
function describeJoinError(err: unknown): string {
  if (err instanceof SecureBaseError) {
    switch (err.code) {
      case 'invite-used':
        return 'This invitation has already been used. Invitations work only once: ask your partner for a new link.';
      case 'invite-expired':
        return 'This invitation has expired. Invitations last 24 hours: ask your partner for a new link.';
      case 'invite-not-found':
        return 'This invitation link is not valid. Check that the whole link was copied, or ask your partner for a new one.';
      case 'space-full':
        return 'This space already has two partners. A space is for two people only.';
      case 'invite-revoked':
        return 'Your partner cancelled this invitation. If you still want to join, ask them for a new link.';
    }
  }
  return describeError(err);
}

/** The join screen. */
export function JoinScreen({ secret, store, hasSpace, onReady }: Props) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const id = useId();

  if (hasSpace) {
    return (
      <main class="page narrow">
        <h1 class="title">You already have a space here</h1>
        <div class="card">
          <p>
            This browser already holds a Secure Base space, so this invitation was not used. Nothing
            has changed in your space.
          </p>
          <p>
            If the invitation is for a different space, open the link in another browser or browser
            profile. It still works once, until it expires.
          </p>
          <a class="button-primary" href={routeHash({ name: 'space', section: 'vocabulary' })}>
            Go to your space
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
      setError(describeJoinError(err));
      setBusy(false);
    }
  };

  return (
    <main class="page narrow">
      <h1 class="title">Join your partner&rsquo;s space</h1>
      <p class="lead">
        Your partner has invited you to Secure Base: a private, end-to-end encrypted workbook for the
        two of you. Joining creates this device&rsquo;s own keys and links it to the space you will
        share.
      </p>
      <PrivacyNote />
      <form class="card" onSubmit={(e) => void submit(e)} aria-label="Join the space" noValidate>
        <OptionalNameField value={name} onInput={setName} />
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? 'Joining…' : 'Join'}
        </button>
        <FieldError id={`${id}-error`} message={error} />
      </form>
    </main>
  );
}
