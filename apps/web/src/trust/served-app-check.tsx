/**
 * In the extension's pinned app: check the web app that this space's relay serves to everyone
 * else, against its signed release manifest (checkServedWebApp, the same check as
 * `securebase verify-web`). The result says plainly whether the relay's copy is the published
 * release, so a partner who uses the web app can be told if it was changed.
 *
 *   <ServedAppCheck relayUrl={credentials.relayUrl} />
 */
import { useState } from 'preact/hooks';
import { toBase64Url } from '@securebase/protocol';
import { checkServedWebApp, MAX_FILE_BYTES, readCapped, type FetchedFile, type WebAppCheck } from '@securebase/sync';
import { describeError } from '../messages.js';

type State = { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; check: WebAppCheck } | { kind: 'failed'; message: string };

/** GET one path of the relay, as the browser would; a refusal is a status, not an error. */
function fetcher(origin: string): (path: string) => Promise<{ ok: true; bytes: Uint8Array } | { ok: false; status: number }> {
  return async (path): Promise<FetchedFile> => {
    const res = await fetch(new URL(path, origin), { cache: 'no-store', credentials: 'omit' });
    if (res.status !== 200) {
      await res.body?.cancel();
      return { ok: false, status: res.status };
    }
    return { ok: true, bytes: await readCapped(res, MAX_FILE_BYTES) };
  };
}

/** Plain words for a check's verdict. */
function verdictText(check: WebAppCheck): string {
  switch (check.verdict) {
    case 'verified':
      return `The relay serves the published release: version ${check.version}, signed by the publisher's key ${toBase64Url(check.releaseKey).slice(0, 12)}…, every file as signed.`;
    case 'not-verified':
      return `The relay's web app is NOT the signed release (version ${check.version}): ${check.problems.join('; ')}. Whoever uses the web app from this relay should not type anything sensitive there; use this extension or the command-line app instead.`;
    case 'no-manifest':
      return `${check.problem} Its web app cannot be checked.`;
  }
}

/** A button that checks the relay's web app, and the answer. */
export function ServedAppCheck({ relayUrl }: { relayUrl: string }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const origin = new URL(relayUrl).origin;
  const run = async (): Promise<void> => {
    setState({ kind: 'checking' });
    try {
      setState({ kind: 'done', check: await checkServedWebApp(origin, fetcher(origin)) });
    } catch (err) {
      setState({ kind: 'failed', message: `The check could not finish: ${describeError(err)}` });
    }
  };
  return (
    <div>
      <p>
        The web app your relay ({origin}) serves to browsers can be checked against its signed release. This copy does
        not use it.
      </p>
      <button type="button" class="button-quiet" disabled={state.kind === 'checking'} onClick={() => void run()}>
        {state.kind === 'checking' ? 'Checking…' : 'Check the relay’s web app'}
      </button>
      {state.kind === 'done' && (
        <p role="status" data-testid="served-app-check" data-verdict={state.check.verdict} class={state.check.verdict === 'verified' ? 'hint' : 'form-error'}>
          {verdictText(state.check)}
        </p>
      )}
      {state.kind === 'failed' && (
        <p role="alert" class="form-error">
          {state.message}
        </p>
      )}
    </div>
  );
}
