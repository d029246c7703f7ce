/**
 * "Link another device", on a device already in the space: makes a one-time link (10 minutes,
 * the secret after `#` never reaches the relay), waits for the new device to open it, shows the
 * new device's code to compare, and on approval adds it to the space and hands it the keys.
 *
 *   <LinkDevicePanel credentials={creds} onLinked={() => refreshList()} />
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { createDeviceLinkCode, type Credentials, type DeviceLinkHandle } from '@securebase/sync';
import { useI18n, type Said } from '../i18n.js';
import { describeError } from '../messages.js';
import { groupFingerprint } from './device-label.js';

type LinkState =
  | { kind: 'idle' }
  | { kind: 'creating' }
  | { kind: 'waiting'; link: DeviceLinkHandle }
  | { kind: 'requested'; link: DeviceLinkHandle; fingerprint: string }
  | { kind: 'approving'; link: DeviceLinkHandle; fingerprint: string }
  | { kind: 'linked'; fingerprint: string }
  | { kind: 'failed'; error: unknown };

interface Props {
  credentials: Credentials;
  onLinked: () => void;
}

/** The link-a-device card. */
export function LinkDevicePanel({ credentials, onLinked }: Props) {
  const id = useId();
  const [state, setState] = useState<LinkState>({ kind: 'idle' });
  const [copied, setCopied] = useState<Said>();
  const { t, language } = useI18n();
  const waiting = useRef<AbortController>();
  const codeRef = useRef<HTMLInputElement>(null);

  // Stop polling the relay when the person leaves this screen.
  useEffect(() => () => waiting.current?.abort(), []);

  const start = async (): Promise<void> => {
    waiting.current?.abort();
    const controller = new AbortController();
    waiting.current = controller;
    setCopied(undefined);
    setState({ kind: 'creating' });
    try {
      const link = await createDeviceLinkCode(credentials);
      if (controller.signal.aborted) return;
      setState({ kind: 'waiting', link });
      const request = await link.waitForRequest({ signal: controller.signal });
      setState({ kind: 'requested', link, fingerprint: request.fingerprint });
    } catch (err) {
      // A cancelled wait is the person's choice, not a failure: the screen already moved on.
      if (controller.signal.aborted) return;
      setState({ kind: 'failed', error: err });
    }
  };

  const cancel = (): void => {
    waiting.current?.abort();
    setState({ kind: 'idle' });
  };

  const approve = async (link: DeviceLinkHandle, fingerprint: string): Promise<void> => {
    setState({ kind: 'approving', link, fingerprint });
    try {
      await link.approve();
      setState({ kind: 'linked', fingerprint });
      onLinked();
    } catch (err) {
      setState({ kind: 'failed', error: err });
    }
  };

  const copy = async (code: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(() => (words: Parameters<Said>[0]) => words('trustPages.copied'));
    } catch (err) {
      // The clipboard may be unavailable (permissions, plain http): select the text instead.
      codeRef.current?.select();
      setCopied(() => (words: Parameters<Said>[0]) => words('trustPages.copyByHand', { error: describeError(err, words) }));
    }
  };

  return (
    <section class="card trust-link" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('trustPages.linkDevice')}</h2>
      <p>{t('trustPages.linkText')}</p>
      {(state.kind === 'idle' || state.kind === 'linked' || state.kind === 'failed') && (
        <>
          {state.kind === 'linked' && (
            <p class="trust-verified" role="status">
              <span aria-hidden="true">✓ </span>
              {t('trustPages.linked', { device: groupFingerprint(state.fingerprint) })}
            </p>
          )}
          {state.kind === 'failed' && (
            <p class="form-error" role="alert">
              {describeError(state.error, t)}
            </p>
          )}
          <button type="button" class="button-primary" onClick={() => void start()}>
            {state.kind === 'idle' ? t('trustPages.linkDevice') : t('trustPages.newLink')}
          </button>
        </>
      )}
      {state.kind === 'creating' && <p role="status">{t('trustPages.making')}</p>}
      {state.kind === 'waiting' && (
        <div class="invite-link">
          <label for={`${id}-code`}>{t('trustPages.deviceLink')}</label>
          <div class="form-row">
            <input
              id={`${id}-code`}
              ref={codeRef}
              class="grow mono"
              readOnly
              value={state.link.code}
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" class="button-primary" onClick={() => void copy(state.link.code)}>
              {t('trustPages.copy')}
            </button>
          </div>
          <p class="hint" aria-live="polite">
            {copied
              ? copied(t)
              : t('trustPages.worksOnce', { time: new Date(state.link.expiresAt).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' }) })}
          </p>
          <p role="status" class="trust-waiting">
            {t('trustPages.waitingOpen')}
          </p>
          <button type="button" class="button-quiet" onClick={cancel}>
            {t('trustPages.cancel')}
          </button>
        </div>
      )}
      {(state.kind === 'requested' || state.kind === 'approving') && (
        <div class="trust-request" role="group" aria-labelledby={`${id}-req`}>
          <p id={`${id}-req`}>{t('trustPages.opened')}</p>
          <p>
            <code class="trust-fingerprint">{groupFingerprint(state.fingerprint)}</code>
          </p>
          <p>{t('trustPages.checkCode')}</p>
          <div class="card-actions">
            <button
              type="button"
              class="button-primary"
              disabled={state.kind === 'approving'}
              onClick={() => void approve(state.link, state.fingerprint)}
            >
              {state.kind === 'approving' ? t('trustPages.approving') : t('trustPages.approve')}
            </button>
            <button type="button" class="button-quiet" disabled={state.kind === 'approving'} onClick={cancel}>
              {t('trustPages.notMine')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
