/**
 * First run: "Link this extension to your Secure Base". The person pastes the one-time device
 * link code from the web app (Devices → Link another device) or the CLI (`securebase device
 * link`); the extension becomes another device of that partner, with its own keys, once the
 * other device approves. While it waits it shows its fingerprint to compare on the other device.
 *
 *   <LinkScreen store={vault.store} onLinked={(creds) => setCredentials(creds)} />
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { SecureBaseError } from '@securebase/protocol';
import { joinAsLinkedDevice, type Credentials, type LocalStateStore } from '@securebase/sync';
import { describeError } from '../../web/src/messages.js';
import { Words, slots, useI18n, type Said } from './i18n.js';
import { saveCredentials } from './local-vault.js';

type LinkState = { kind: 'idle' } | { kind: 'asking' } | { kind: 'waiting'; fingerprint: string } | { kind: 'failed'; say: Said };

export function LinkScreen({ store, onLinked }: { store: LocalStateStore; onLinked: (creds: Credentials) => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [state, setState] = useState<LinkState>({ kind: 'idle' });
  const waiting = useRef<AbortController>();
  // Closing the panel cancels the wait; the link stays valid for another try until it expires.
  useEffect(() => () => waiting.current?.abort(), []);

  const link = async (event: Event): Promise<void> => {
    event.preventDefault();
    const controller = new AbortController();
    waiting.current = controller;
    setState({ kind: 'asking' });
    try {
      const credentials = await joinAsLinkedDevice(code, {
        signal: controller.signal,
        onRequested: ({ fingerprint }) => setState({ kind: 'waiting', fingerprint }),
      });
      await saveCredentials(store, credentials);
      onLinked(credentials);
    } catch (err) {
      if (controller.signal.aborted) return;
      setState({ kind: 'failed', say: describeLinkError(err) });
    }
  };

  const busy = state.kind === 'asking' || state.kind === 'waiting';
  return (
    <main class="panel-body" aria-labelledby="link-heading">
      <h1 id="link-heading">{t('link.heading')}</h1>
      <p>
        <Words
          text={t('link.intro', slots('place', 'command'))}
          parts={{ place: <strong>{t('link.place')}</strong>, command: <code>securebase device link</code> }}
        />
      </p>
      <form onSubmit={(e) => void link(e)}>
        <label for="link-code">{t('link.codeLabel')}</label>
        <textarea
          id="link-code"
          rows={3}
          value={code}
          disabled={busy}
          autocomplete="off"
          spellcheck={false}
          onInput={(e) => setCode((e.target as HTMLTextAreaElement).value)}
        />
        <button type="submit" class="primary" disabled={busy || code.trim().length === 0}>
          {t('link.submit')}
        </button>
      </form>
      <div role="status" aria-live="polite">
        {state.kind === 'asking' && <p>{t('link.asking')}</p>}
        {state.kind === 'waiting' && (
          <div class="fingerprint-card">
            <p>{t('link.compare')}</p>
            <p class="fingerprint" data-testid="link-fingerprint">
              {state.fingerprint}
            </p>
          </div>
        )}
      </div>
      {state.kind === 'failed' && (
        <p class="error" role="alert">
          {state.say(t)}
        </p>
      )}
    </main>
  );
}

function describeLinkError(err: unknown): Said {
  if (err instanceof SecureBaseError) return (t) => describeError(err, t);
  // fetch rejects with a TypeError when the relay cannot be reached (or the CSP refused it).
  if (err instanceof TypeError) return (t) => t('link.unreachable');
  console.warn('quick note: linking failed:', err instanceof Error ? err.name : typeof err);
  return (t) => t('link.failed');
}
