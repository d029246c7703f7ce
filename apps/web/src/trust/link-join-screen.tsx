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
  | { kind: 'failed'; message: string };

/** The new device's side of a device link. */
export function LinkJoinScreen({ secret, store, hasSpace, onReady }: Props) {
  const [state, setState] = useState<JoinState>({ kind: 'intro' });
  const waiting = useRef<AbortController>();

  useEffect(() => {
    document.title = 'Link this device · Secure Base';
    return () => waiting.current?.abort();
  }, []);

  if (hasSpace) {
    return (
      <main id="main" class="page narrow">
        <h1 class="title">This browser already has a space</h1>
        <div class="card">
          <p>
            This browser already holds a Secure Base space, so the device link was not used and nothing has changed.
            To add a new device, open the link on that device, or in another browser or browser profile.
          </p>
          <a class="button-primary" href={routeHash({ name: 'space', section: 'vocabulary' })}>
            Go to your space
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
      setState({ kind: 'failed', message: describeError(err) });
    }
  };

  return (
    <main id="main" class="page narrow trust-join">
      <h1 class="title">Add this device to your space</h1>
      <p class="lead">
        You opened a device link from one of your own devices. This browser will become another of your devices in
        the same space, with its own keys: it can read and write everything you can, including your private notes.
      </p>
      {state.kind === 'intro' && (
        <div class="card">
          <p>
            Only continue if you made this link yourself, a moment ago. If someone sent it to you, close this page.
          </p>
          <button type="button" class="button-primary" onClick={() => void join()}>
            Make this browser one of my devices
          </button>
        </div>
      )}
      {state.kind === 'asking' && (
        <div class="card">
          <p role="status">Making this device&rsquo;s keys and asking to join…</p>
        </div>
      )}
      {state.kind === 'waiting' && (
        <div class="card">
          <p>This device&rsquo;s code is:</p>
          <p>
            <code class="trust-fingerprint">{groupFingerprint(state.fingerprint)}</code>
          </p>
          <p>
            Your other device now shows a code too. Check that they are exactly the same, then approve there. This
            page opens your workbook as soon as you do.
          </p>
          <p role="status" class="trust-waiting">
            Waiting for your approval…
          </p>
        </div>
      )}
      {state.kind === 'failed' && (
        <div class="card">
          <p class="form-error" role="alert">
            {state.message}
          </p>
          <p>Nothing was added. You can make a new link on your other device and open it here.</p>
        </div>
      )}
    </main>
  );
}
