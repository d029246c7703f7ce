/**
 * First run: "Link this extension to your Secure Base". The person pastes the one-time device
 * link code from the web app (Devices → Link another device) or the CLI (`securebase device
 * link`); the extension becomes another device of that partner, with its own keys, once the
 * other device approves. While it waits it shows its fingerprint to compare on the other device.
 *
 *   <LinkScreen store={vault.store} onLinked={(creds) => setCredentials(creds)} />
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ERRORS, SecureBaseError } from '@securebase/protocol';
import { joinAsLinkedDevice, type Credentials, type LocalStateStore } from '@securebase/sync';
import { saveCredentials } from './local-vault.js';

type LinkState = { kind: 'idle' } | { kind: 'asking' } | { kind: 'waiting'; fingerprint: string } | { kind: 'failed'; message: string };

export function LinkScreen({ store, onLinked }: { store: LocalStateStore; onLinked: (creds: Credentials) => void }) {
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
      setState({ kind: 'failed', message: describeLinkError(err) });
    }
  };

  const busy = state.kind === 'asking' || state.kind === 'waiting';
  return (
    <main class="panel-body" aria-labelledby="link-heading">
      <h1 id="link-heading">Link this extension to your Secure Base</h1>
      <p>
        On a device already in your space, open <strong>Devices &amp; trust → Link another device</strong> in the web app, or run{' '}
        <code>securebase device link</code>. Paste the code here. This extension becomes one more of your devices, with
        its own keys.
      </p>
      <form onSubmit={(e) => void link(e)}>
        <label for="link-code">Device link code</label>
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
          Link this extension
        </button>
      </form>
      <div role="status" aria-live="polite">
        {state.kind === 'asking' && <p>Asking your other device…</p>}
        {state.kind === 'waiting' && (
          <div class="fingerprint-card">
            <p>Approve on your other device, once it shows the same fingerprint:</p>
            <p class="fingerprint" data-testid="link-fingerprint">
              {state.fingerprint}
            </p>
          </div>
        )}
      </div>
      {state.kind === 'failed' && (
        <p class="error" role="alert">
          {state.message}
        </p>
      )}
    </main>
  );
}

function describeLinkError(err: unknown): string {
  if (err instanceof SecureBaseError) return ERRORS[err.code].message;
  // fetch rejects with a TypeError when the relay cannot be reached (or the CSP refused it).
  if (err instanceof TypeError) return 'The relay in this code could not be reached. Check the code and your connection.';
  console.warn('quick note: linking failed:', err instanceof Error ? err.name : typeof err);
  return 'Linking did not work. Make a new code on your other device and try again.';
}
