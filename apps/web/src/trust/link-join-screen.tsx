/**
 * A new browser opening a device link (`#/link/<secret>`): explains that it is about to become
 * one of this person's devices, makes its own keys, shows its code to compare with the existing
 * device, waits there for the approval, then opens the workbook.
 *
 *   <LinkJoinScreen secret={route.secret} store={store} hasSpace={false} onReady={...} />
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { joinAsLinkedDevice, type Credentials, type LocalStateStore } from '@securebase/sync';
import { saveCredentials } from '../credentials-storage.js';
import { useI18n } from '../i18n.js';
import { describeError } from '../messages.js';
import { routeHash } from '../router.js';
import { groupFingerprint } from './device-label.js';
import { markAsLinkedDevice } from './linked-device.js';
import './trust.css';

interface Props {
  secret: string;
  store: LocalStateStore;
  hasSpace: boolean;
  onReady: (credentials: Credentials, name: string | undefined) => void;
}

type JoinState =
  | { kind: 'intro' }
  | { kind: 'asking' }
  | { kind: 'waiting'; fingerprint: string }
  | { kind: 'failed'; error: unknown };

/** The new device's side of a device link. */
export function LinkJoinScreen({ secret, store, hasSpace, onReady }: Props) {
  const [state, setState] = useState<JoinState>({ kind: 'intro' });
  const waiting = useRef<AbortController>();
  const { t } = useI18n();

  useEffect(() => {
    document.title = t('trustPages.joinTitle');
  }, [t]);
  useEffect(() => () => waiting.current?.abort(), []);

  if (hasSpace) {
    return (
      <main id="main" class="page narrow">
        <h1 class="title">{t('trustPages.hasSpaceHeading')}</h1>
        <div class="card">
          <p>{t('trustPages.hasSpaceText')}</p>
          <a class="button-primary" href={routeHash({ name: 'space', section: 'vocabulary' })}>
            {t('trustPages.goToSpace')}
          </a>
        </div>
      </main>
    );
  }

  const join = async (): Promise<void> => {
    const controller = new AbortController();
    waiting.current = controller;
    setState({ kind: 'asking' });
    try {
      const code = `${location.origin}/${routeHash({ name: 'link', secret })}`;
      const credentials = await joinAsLinkedDevice(code, {
        signal: controller.signal,
        onRequested: ({ fingerprint }) => setState({ kind: 'waiting', fingerprint }),
      });
      await saveCredentials(store, credentials);
      await markAsLinkedDevice(store, credentials.spaceId);
      onReady(credentials, undefined);
    } catch (err) {
      // Leaving this screen cancels the wait; there is no one left to tell.
      if (controller.signal.aborted) return;
      setState({ kind: 'failed', error: err });
    }
  };

  return (
    <main id="main" class="page narrow trust-join">
      <h1 class="title">{t('trustPages.joinHeading')}</h1>
      <p class="lead">{t('trustPages.joinLead')}</p>
      {state.kind === 'intro' && (
        <div class="card">
          <p>{t('trustPages.joinWarning')}</p>
          <button type="button" class="button-primary" onClick={() => void join()}>
            {t('trustPages.joinButton')}
          </button>
        </div>
      )}
      {state.kind === 'asking' && (
        <div class="card">
          <p role="status">{t('trustPages.joinAsking')}</p>
        </div>
      )}
      {state.kind === 'waiting' && (
        <div class="card">
          <p>{t('trustPages.joinCode')}</p>
          <p>
            <code class="trust-fingerprint">{groupFingerprint(state.fingerprint)}</code>
          </p>
          <p>{t('trustPages.joinCompare')}</p>
          <p role="status" class="trust-waiting">
            {t('trustPages.joinWaiting')}
          </p>
        </div>
      )}
      {state.kind === 'failed' && (
        <div class="card">
          <p class="form-error" role="alert">
            {describeError(state.error, t)}
          </p>
          <p>{t('trustPages.joinFailed')}</p>
        </div>
      )}
    </main>
  );
}
