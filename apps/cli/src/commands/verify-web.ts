/**
 * `verify-web URL [--release-key KEY]`: fetch exactly what a browser loads from a relay's web app
 * (@securebase/sync served-web-app.ts, web-app-check.ts) and its release manifest (`/release-manifest.json`), check the manifest's
 * signature, and compare every file with it. One line either way:
 *
 *   $ securebase verify-web https://relay.example --release-key 3q2-…
 *   verified: version 0.1.0 (commit 1a2b…) signed by key 3q2-…
 *   $ securebase verify-web https://relay.example
 *   verified: version 0.1.0 (commit 1a2b…) signed by key 3q2-… (key not pinned: …)
 *   $ securebase verify-web https://swapped.example --release-key 3q2-…
 *   securebase: NOT verified (version 0.1.0, commit 1a2b…): changed: /assets/index-abc.js
 *
 * Exit 0 only when verified (signed, by the pinned key if one is given, every file matching),
 * 1 otherwise, 2 for a usage error. What this proves is what this computer was served just now:
 * a server can serve other files to other visitors (docs/THREAT_MODEL.md, "Code delivery").
 */
import { readFile } from 'node:fs/promises';
import { readyCrypto } from '@securebase/crypto';
import { decodeReleaseKeyFile, fromBase64Url, PUBLIC_KEY_BYTES, toBase64Url } from '@securebase/protocol';
import { checkServedWebApp, MAX_FILE_BYTES, readCapped, type FetchedFile, type WebAppIssue } from '@securebase/sync';
import { parseCommandArgs, withUsage } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { CliError, isNetworkError, oneLine, UsageError } from '../errors.js';
import { checkRelayUrl } from '../relay-url.js';
import { relayTimeoutMs } from '../relay-timeout.js';
import { t } from '../words.js';

const USAGE = 'securebase verify-web URL [--release-key KEY]';

/** `verify-web URL [--release-key KEY]`. */
export async function runVerifyWeb(ctx: CommandContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(ctx, { 'release-key': { type: 'string' } }, { min: 1, max: 1, names: t('cli.names.relayUrl') }, USAGE);
  const origin = new URL(checkRelayUrl(positionals[0] as string)).origin;
  const given = values['release-key'];
  const expectedKey = given === undefined ? undefined : await readExpectedKey(given);
  await readyCrypto();

  const check = await checkServedWebApp(origin, pathFetcher(ctx, origin), expectedKey);
  if (check.verdict === 'no-manifest') {
    const { reason } = check;
    throw new CliError(
      reason.kind === 'status'
        ? t('cli.noManifestStatus', { origin, path: reason.path, status: reason.status })
        : t('cli.noManifestMalformed', { origin, path: reason.path, detail: reason.detail }),
    );
  }
  if (check.verdict === 'not-verified') {
    throw new CliError(t('cli.verify.failed', { version: check.version, commit: check.commit, problems: check.issues.map(issueText).join('; ') }));
  }
  const key = toBase64Url(check.releaseKey);
  const signed = { version: check.version, commit: check.commit, key };
  printLine(ctx, check.pinned ? t('cli.verify.ok', signed) : t('cli.verify.okUnpinned', signed));
}

/** One thing wrong with the served release, in the CLI's language. */
function issueText(issue: WebAppIssue): string {
  switch (issue.kind) {
    case 'changed':
      return t('cli.issueChanged', { files: issue.files.join(', ') });
    case 'not-in-manifest':
      return t('cli.issueNotInManifest', { files: issue.files.join(', ') });
    case 'not-served':
      return t('cli.issueNotServed', { files: issue.files.join(', ') });
    case 'unsigned':
      return t('cli.issueUnsigned');
    case 'unexpected-key':
      return t('cli.issueUnexpectedKey', { actual: issue.actual, expected: issue.expected });
    case 'bad-signature':
      return t('cli.issueBadSignature');
    case 'other':
      return issue.message;
  }
}

/** The expected release public key: base64url text, or a file holding it (or a release key file). */
async function readExpectedKey(given: string): Promise<Uint8Array> {
  const asKey = publicKeyFromText(given);
  if (asKey) return asKey;
  let text: string;
  try {
    text = await readFile(given, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EISDIR' && code !== 'EACCES') throw err;
    throw new UsageError(withUsage(t('cli.verify.badKey', { given: oneLine(given) }), USAGE));
  }
  const fromFile = publicKeyFromText(text.trim()) ?? publicKeyFromKeyFile(text);
  if (!fromFile) throw new UsageError(withUsage(t('cli.verify.noKeyInFile', { file: oneLine(given) }), USAGE));
  return fromFile;
}

function publicKeyFromText(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return undefined;
  const bytes = fromBase64Url(text);
  return bytes.length === PUBLIC_KEY_BYTES ? bytes : undefined;
}

function publicKeyFromKeyFile(text: string): Uint8Array | undefined {
  try {
    return decodeReleaseKeyFile(text).publicKey;
  } catch (err) {
    // reason: not a key file either; the caller reports one usage error for both readings.
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

/** GET one path of `origin`, with the CLI's timeout; an unreachable server is one clear error. */
function pathFetcher(ctx: CommandContext, origin: string): (path: string) => Promise<FetchedFile> {
  const limit = relayTimeoutMs(ctx.io.env);
  return async (path) => {
    const signals = [AbortSignal.timeout(limit), ...(ctx.io.signal ? [ctx.io.signal] : [])];
    let res: Response;
    try {
      res = await fetch(new URL(path, origin), { signal: AbortSignal.any(signals), headers: { accept: '*/*' } });
    } catch (err) {
      if (isNetworkError(err)) throw new CliError(t('cli.verify.unreachable', { origin }));
      if (err instanceof Error && err.name === 'TimeoutError') throw new CliError(t('cli.verify.timeout', { origin, seconds: Math.round(limit / 1000) }));
      throw err;
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      return { ok: false, status: res.status };
    }
    try {
      return { ok: true, bytes: await readCapped(res, MAX_FILE_BYTES) };
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('a file is larger')) throw new CliError(t('cli.verify.tooLarge', { url: `${origin}${path}`, detail: err.message }));
      throw err;
    }
  };
}
