/**
 * Checking the web app a relay serves against its signed release manifest, for any client with
 * fetch: the CLI's `verify-web` and the extension's pinned app. It fetches what a browser would
 * load (served-web-app.ts), verifies the manifest's signature (and the expected key, when there
 * is one) and compares every file. The answer is a verdict with plain-words problems; a server
 * that is not a Secure Base web app at all is its own verdict.
 *
 *   const check = await checkServedWebApp(origin, getPath, expectedKey);
 *   if (check.verdict === 'verified') show(`version ${check.version} signed by ${toBase64Url(check.releaseKey)}`);
 */
import { compareReleaseFiles, verifyReleaseManifest, type ReleaseFileDifferences } from '@securebase/crypto';
import {
  decodeReleaseManifestJson,
  RELEASE_MANIFEST_PATH,
  ReleaseError,
  toBase64Url,
  type ReleaseManifest,
} from '@securebase/protocol';
import { fetchServedWebApp, type FetchedFile } from './served-web-app.js';

/**
 * One thing wrong with a served release, as data, so each client words it in the person's own
 * language (`problems` carries the same in English). File paths are made one-line already.
 */
export type WebAppIssue =
  | { kind: 'changed' | 'not-in-manifest' | 'not-served'; files: string[] }
  | { kind: 'unsigned' }
  | { kind: 'unexpected-key'; actual: string; expected: string }
  | { kind: 'bad-signature' }
  | { kind: 'other'; message: string };

/** Why no release manifest could be read. */
export type NoManifestReason = { kind: 'status'; path: string; status: number } | { kind: 'malformed'; path: string; detail: string };

export type WebAppCheck =
  /** Signed (by the expected key when one was given), and every file served matches. */
  | { verdict: 'verified'; version: string; commit: string; releaseKey: Uint8Array; pinned: boolean }
  /** A release manifest was served, but the files or the signature do not hold up. */
  | { verdict: 'not-verified'; version: string; commit: string; problems: string[]; issues: WebAppIssue[] }
  /** No readable release manifest: not a Secure Base web app (or not one that says what it is). */
  | { verdict: 'no-manifest'; problem: string; reason: NoManifestReason };

/** Fetch `origin`'s web app with `get` and check it; `expectedKey` pins the publisher's release key. */
export async function checkServedWebApp(
  origin: string,
  get: (path: string) => Promise<FetchedFile>,
  expectedKey?: Uint8Array,
): Promise<WebAppCheck> {
  const fetched = await get(RELEASE_MANIFEST_PATH);
  const notSecureBase = `${origin} does not serve a Secure Base web app with a release manifest`;
  if (!fetched.ok) {
    return { verdict: 'no-manifest', problem: `${notSecureBase} (${RELEASE_MANIFEST_PATH} answered ${fetched.status}).`, reason: { kind: 'status', path: RELEASE_MANIFEST_PATH, status: fetched.status } };
  }
  let manifest: ReleaseManifest;
  try {
    manifest = decodeReleaseManifestJson(new TextDecoder().decode(fetched.bytes));
  } catch (err) {
    if (err instanceof ReleaseError) {
      const detail = err.detail ?? err.code;
      return { verdict: 'no-manifest', problem: `${notSecureBase} (${RELEASE_MANIFEST_PATH} is malformed: ${detail}).`, reason: { kind: 'malformed', path: RELEASE_MANIFEST_PATH, detail } };
    }
    throw err;
  }
  const served = await fetchServedWebApp(origin, get, manifest.files.map((file) => file.path));
  const issues = differenceIssues(compareReleaseFiles(manifest, served.files));
  const signed = verifyReleaseManifest(manifest, expectedKey === undefined ? {} : { expectedKey });
  if (!signed.ok) issues.push(signatureIssue(signed.error, manifest, expectedKey));
  if (issues.length > 0 || !signed.ok) {
    return { verdict: 'not-verified', version: manifest.version, commit: manifest.commit, problems: issues.map(englishIssue), issues };
  }
  return { verdict: 'verified', version: manifest.version, commit: manifest.commit, releaseKey: signed.value.releaseKey, pinned: signed.value.pinned };
}

// Paths come from a possibly hostile server: control characters could move a terminal's cursor
// or fake output, so each becomes a space.
// eslint-disable-next-line no-control-regex -- reason: matching control characters is the point.
const oneLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();

function differenceIssues(differences: ReleaseFileDifferences): WebAppIssue[] {
  const issues: WebAppIssue[] = [];
  const files = (paths: string[]): string[] => paths.map((path) => oneLine(path));
  if (differences.changed.length > 0) issues.push({ kind: 'changed', files: files(differences.changed) });
  if (differences.notInManifest.length > 0) issues.push({ kind: 'not-in-manifest', files: files(differences.notInManifest) });
  if (differences.notServed.length > 0) issues.push({ kind: 'not-served', files: files(differences.notServed) });
  return issues;
}

function signatureIssue(error: ReleaseError, manifest: ReleaseManifest, expectedKey: Uint8Array | undefined): WebAppIssue {
  switch (error.code) {
    case 'unsigned-release':
      return { kind: 'unsigned' };
    case 'unexpected-release-key':
      return { kind: 'unexpected-key', actual: manifest.signature ? toBase64Url(manifest.signature.releaseKey) : 'none', expected: expectedKey ? toBase64Url(expectedKey) : 'none' };
    case 'bad-release-signature':
      return { kind: 'bad-signature' };
    default:
      return { kind: 'other', message: error.message };
  }
}

/** An issue in English (the `problems` of a check; clients word `issues` in their own language). */
export function englishIssue(issue: WebAppIssue): string {
  switch (issue.kind) {
    case 'changed':
      return `changed: ${issue.files.join(', ')}`;
    case 'not-in-manifest':
      return `missing from the manifest: ${issue.files.join(', ')}`;
    case 'not-served':
      return `not served: ${issue.files.join(', ')}`;
    case 'unsigned':
      return 'unsigned release';
    case 'unexpected-key':
      return `signed by an unexpected key ${issue.actual} (expected ${issue.expected})`;
    case 'bad-signature':
      return 'the signature does not match the manifest (it was changed after signing)';
    case 'other':
      return issue.message;
  }
}
