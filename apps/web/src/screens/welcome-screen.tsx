/**
 * The first screen: what Secure Base is, what stays private, and "Create our space". A relay
 * whose operator gates creation answers `creation-closed`; the form then asks for the creation
 * code, says in plain words why, and sends it with the next try.
 *
 *   <WelcomeScreen store={store} onReady={(creds, name) => ...} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { SecureBaseError } from '@securebase/protocol';
import { createSpace, type Credentials, type LocalStateStore } from '@securebase/sync';
import { FieldError } from '../components/field-error.js';
import { TextField } from '../components/text-field.js';
import { saveCredentials } from '../credentials-storage.js';
import { describeError } from '../messages.js';
import { OptionalNameField } from './optional-name-field.js';
import { PrivacyNote } from './privacy-note.js';

interface Props {
  store: LocalStateStore;
  onReady: (credentials: Credentials, name: string | undefined) => void;
}

/** Welcome and space creation. */
export function WelcomeScreen({ store, onReady }: Props) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // Shown once the relay has said it creates spaces only with a code from its operator.
  const [codeNeeded, setCodeNeeded] = useState(false);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string>();
  const id = useId();

  const submit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const creationCode = code.trim();
    if (codeNeeded && !creationCode) {
      setCodeError('Enter the creation code you were given.');
      return;
    }
    setBusy(true);
    setError(undefined);
    setCodeError(undefined);
    try {
      const credentials = await createSpace(location.origin, creationCode ? { creationCode } : {});
      await saveCredentials(store, credentials);
      onReady(credentials, name.trim() || undefined);
    } catch (err) {
      if (err instanceof SecureBaseError && err.code === 'creation-closed') {
        if (codeNeeded) setCodeError('That code was not accepted. Check it with the person who gave it to you.');
        setCodeNeeded(true);
      } else {
        setError(describeError(err));
      }
      setBusy(false);
    }
  };

  return (
    <main class="page narrow">
      <h1 class="title">Secure Base</h1>
      <p class="lead">
        A private workbook for the two of you, for rebuilding trust after a hard time: a shared
        language for what you feel and need, and a place to leave each other notes along the way.
      </p>
      <p class="lead">
        It is end-to-end encrypted: what you write can be read only on your devices and your
        partner&rsquo;s, never by the server in between.
      </p>
      <PrivacyNote />
      <form class="card" onSubmit={(e) => void submit(e)} aria-label="Create our space" noValidate>
        <h2>Start here</h2>
        <p>One of you creates the space, then invites the other with a private link.</p>
        <OptionalNameField value={name} onInput={setName} />
        {/* Announced when it appears: the press of the button seemed to do nothing otherwise. */}
        <div aria-live="polite">
          {codeNeeded && (
            <div class="creation-code" role="group" aria-labelledby={`${id}-code-title`}>
              <h3 id={`${id}-code-title`}>This relay is invite-only</h3>
              <p>
                Whoever runs this relay creates spaces only for people they have invited. If they gave
                you a creation code, enter it here. If not, ask them for one, or use another relay.
              </p>
              <TextField label="Creation code" value={code} onInput={setCode} error={codeError} autocomplete="off" />
            </div>
          )}
        </div>
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? 'Creating your space…' : 'Create our space'}
        </button>
        <FieldError id={`${id}-error`} message={error} />
      </form>
      <p class="fine-print">Secure Base supports, and does not replace, couples therapy.</p>
    </main>
  );
}
