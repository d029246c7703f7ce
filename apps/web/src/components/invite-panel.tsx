/**
 * "Invite your partner": creates a one-time invite link and helps copy it. The secret lives in
 * the part after `#`, which browsers never send to a server, so the relay cannot use the link.
 * "Cancel this invitation" asks the relay to delete every open invitation of the space (the link
 * was sent to the wrong person, or shown somewhere it should not have been): the link then tells
 * whoever opens it that it was cancelled.
 *
 *   <InvitePanel credentials={credentials} />
 */
import { useId, useRef, useState } from 'preact/hooks';
import { createInviteLink, revokeInviteLinks, type Credentials } from '@securebase/sync';
import { describeError } from '../messages.js';

type InviteState =
  | { kind: 'idle' }
  | { kind: 'creating' }
  | { kind: 'ready'; link: string; expiresAt: number; cancelling?: boolean }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/** The panel shown until the partner has joined. */
export function InvitePanel({ credentials }: { credentials: Credentials }) {
  const [state, setState] = useState<InviteState>({ kind: 'idle' });
  const [copied, setCopied] = useState<string>();
  const linkRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const create = async (): Promise<void> => {
    setState({ kind: 'creating' });
    setCopied(undefined);
    try {
      const invite = await createInviteLink(credentials, {});
      setState({ kind: 'ready', link: invite.link, expiresAt: invite.expiresAt });
    } catch (err) {
      setState({ kind: 'failed', message: describeError(err) });
    }
  };

  const cancel = async (ready: Extract<InviteState, { kind: 'ready' }>): Promise<void> => {
    setState({ ...ready, cancelling: true });
    setCopied(undefined);
    try {
      await revokeInviteLinks(credentials, {});
      setState({ kind: 'cancelled' });
    } catch (err) {
      // The link may still work: keep showing it, with what went wrong.
      setState({ ...ready, cancelling: false });
      setCopied(`The invitation could not be cancelled: ${describeError(err)}`);
    }
  };

  const copy = async (link: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Copied. Send it to your partner.');
    } catch (err) {
      // The clipboard may be unavailable (permissions, plain http): select the text instead.
      linkRef.current?.select();
      setCopied(`Press Ctrl+C (or ⌘+C) to copy the selected link. (${describeError(err)})`);
    }
  };

  return (
    <section class="card invite-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Invite your partner</h2>
      <p>
        Your partner joins with a private link. It works once and expires in 24 hours. The part after
        the <code>#</code> is the key to your space: browsers never send it to the server, so only the
        two of you can use it. Send it in a way you both trust.
      </p>
      {state.kind === 'ready' ? (
        <div class="invite-link">
          <label for={`${id}-link`}>Invite link</label>
          <div class="form-row">
            <input
              id={`${id}-link`}
              ref={linkRef}
              class="grow mono"
              readOnly
              value={state.link}
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" class="button-primary" onClick={() => void copy(state.link)}>
              Copy
            </button>
          </div>
          <p class="hint" aria-live="polite">
            {copied ?? `Valid until ${new Date(state.expiresAt).toLocaleString()}.`}
          </p>
          <div class="form-row">
            <button type="button" class="button-quiet" disabled={state.cancelling} onClick={() => void create()}>
              Make a new link
            </button>
            <button type="button" class="button-quiet" disabled={state.cancelling} onClick={() => void cancel(state)}>
              {state.cancelling ? 'Cancelling…' : 'Cancel this invitation'}
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          class="button-primary"
          disabled={state.kind === 'creating'}
          onClick={() => void create()}
        >
          {state.kind === 'creating' ? 'Creating link…' : 'Create invite link'}
        </button>
      )}
      {state.kind === 'cancelled' && (
        <p class="hint" role="status">
          Invitation cancelled. The link no longer works, and any older link you made is cancelled
          too. Create a new one when you are ready.
        </p>
      )}
      {state.kind === 'failed' && (
        <p class="form-error" role="alert">
          {state.message}
        </p>
      )}
    </section>
  );
}
