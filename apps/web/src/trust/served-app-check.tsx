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
import { checkServedWebApp, MAX_FILE_BYTES, readCapped, type FetchedFile, type NoManifestReason, type WebAppCheck, type WebAppIssue } from '@securebase/sync';
import { useI18n, type Translate } from '../i18n.js';
import { describeError } from '../messages.js';

type State = { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; check: WebAppCheck } | { kind: 'failed'; error: unknown };

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

/** One thing wrong with the served release, in this person's language. */
function issueText(issue: WebAppIssue, t: Translate): string {
  switch (issue.kind) {
    case 'changed':
      return t('trustPages.issueChanged', { files: issue.files.join(', ') });
    case 'not-in-manifest':
      return t('trustPages.issueNotInManifest', { files: issue.files.join(', ') });
    case 'not-served':
      return t('trustPages.issueNotServed', { files: issue.files.join(', ') });
    case 'unsigned':
      return t('trustPages.issueUnsigned');
    case 'unexpected-key':
      return t('trustPages.issueUnexpectedKey', { actual: issue.actual, expected: issue.expected });
    case 'bad-signature':
      return t('trustPages.issueBadSignature');
    case 'other':
      return issue.message;
  }
}

/** Why there is no manifest to check, in this person's language. */
function noManifestText(reason: NoManifestReason, origin: string, t: Translate): string {
  return reason.kind === 'status'
    ? t('trustPages.noManifestStatus', { origin, path: reason.path, status: reason.status })
    : t('trustPages.noManifestMalformed', { origin, path: reason.path, detail: reason.detail });
}

/** Plain words for a check's verdict. */
function verdictText(check: WebAppCheck, origin: string, t: Translate): string {
  switch (check.verdict) {
    case 'verified':
      return t('trustPages.servedVerified', { version: check.version, key: toBase64Url(check.releaseKey).slice(0, 12) });
    case 'not-verified':
      return t('trustPages.servedNotVerified', { version: check.version, problems: check.issues.map((issue) => issueText(issue, t)).join('; ') });
    case 'no-manifest':
      return t('trustPages.servedNoManifest', { problem: noManifestText(check.reason, origin, t) });
  }
}

/** A button that checks the relay's web app, and the answer. */
export function ServedAppCheck({ relayUrl }: { relayUrl: string }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const { t } = useI18n();
  const origin = new URL(relayUrl).origin;
  const run = async (): Promise<void> => {
    setState({ kind: 'checking' });
    try {
      setState({ kind: 'done', check: await checkServedWebApp(origin, fetcher(origin)) });
    } catch (err) {
      setState({ kind: 'failed', error: err });
    }
  };
  return (
    <div>
      <p>{t('trustPages.servedIntro', { origin })}</p>
      <button type="button" class="button-quiet" disabled={state.kind === 'checking'} onClick={() => void run()}>
        {state.kind === 'checking' ? t('trustPages.checking') : t('trustPages.checkServed')}
      </button>
      {state.kind === 'done' && (
        <p role="status" data-testid="served-app-check" data-verdict={state.check.verdict} class={state.check.verdict === 'verified' ? 'hint' : 'form-error'}>
          {verdictText(state.check, origin, t)}
        </p>
      )}
      {state.kind === 'failed' && (
        <p role="alert" class="form-error">
          {t('trustPages.checkFailed', { error: describeError(state.error, t) })}
        </p>
      )}
    </div>
  );
}
