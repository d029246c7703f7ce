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
import { Words, slots, useI18n, type Said, type Translate } from '../i18n.js';
import { describeError } from '../messages.js';

type InviteState =
  | { kind: 'idle' }
  | { kind: 'creating' }
  | { kind: 'ready'; link: string; expiresAt: number; cancelling?: boolean }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: Said };

/** The panel shown until the partner has joined. */
export function InvitePanel({ credentials }: { credentials: Credentials }) {
  const [state, setState] = useState<InviteState>({ kind: 'idle' });
  const { t, language } = useI18n();
  const [copied, setCopied] = useState<Said>();
  const linkRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const create = async (): Promise<void> => {
    setState({ kind: 'creating' });
    setCopied(undefined);
    try {
      const invite = await createInviteLink(credentials, {});
      setState({ kind: 'ready', link: invite.link, expiresAt: invite.expiresAt });
    } catch (err) {
      setState({ kind: 'failed', message: (t) => describeError(err, t) });
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
      setCopied(() => (t: Translate) => t('components.invite.cancelFailed', { reason: describeError(err, t) }));
    }
  };

  const copy = async (link: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(() => (t: Translate) => t('components.invite.copied'));
    } catch (err) {
      // The clipboard may be unavailable (permissions, plain http): select the text instead.
      linkRef.current?.select();
      setCopied(() => (t: Translate) => t('components.invite.copyByHand', { reason: describeError(err, t) }));
    }
  };

  return (
    <section class="card invite-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('components.invite.heading')}</h2>
      <p>
        <Words text={t('components.invite.explain', slots('hash'))} parts={{ hash: <code>#</code> }} />
      </p>
      {state.kind === 'ready' ? (
        <div class="invite-link">
          <label for={`${id}-link`}>{t('components.invite.link')}</label>
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
              {t('components.invite.copy')}
            </button>
          </div>
          <p class="hint" aria-live="polite">
            {copied ? copied(t) : t('components.invite.validUntil', { time: new Date(state.expiresAt).toLocaleString(language) })}
          </p>
          <div class="form-row">
            <button type="button" class="button-quiet" disabled={state.cancelling} onClick={() => void create()}>
              {t('components.invite.newLink')}
            </button>
            <button type="button" class="button-quiet" disabled={state.cancelling} onClick={() => void cancel(state)}>
              {state.cancelling ? t('components.invite.cancelling') : t('components.invite.cancel')}
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
          {state.kind === 'creating' ? t('components.invite.creating') : t('components.invite.create')}
        </button>
      )}
      {state.kind === 'cancelled' && (
        <p class="hint" role="status">
          {t('components.invite.cancelled')}
        </p>
      )}
      {state.kind === 'failed' && (
        <p class="form-error" role="alert">
          {state.message(t)}
        </p>
      )}
    </section>
  );
}
