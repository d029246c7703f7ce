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

export type WebAppCheck =
  /** Signed (by the expected key when one was given), and every file served matches. */
  | { verdict: 'verified'; version: string; commit: string; releaseKey: Uint8Array; pinned: boolean }
  /** A release manifest was served, but the files or the signature do not hold up. */
  | { verdict: 'not-verified'; version: string; commit: string; problems: string[] }
  /** No readable release manifest: not a Secure Base web app (or not one that says what it is). */
  | { verdict: 'no-manifest'; problem: string };

/** Fetch `origin`'s web app with `get` and check it; `expectedKey` pins the publisher's release key. */
export async function checkServedWebApp(
  origin: string,
  get: (path: string) => Promise<FetchedFile>,
  expectedKey?: Uint8Array,
): Promise<WebAppCheck> {
  const fetched = await get(RELEASE_MANIFEST_PATH);
  const notSecureBase = `${origin} does not serve a Secure Base web app with a release manifest`;
  if (!fetched.ok) return { verdict: 'no-manifest', problem: `${notSecureBase} (${RELEASE_MANIFEST_PATH} answered ${fetched.status}).` };
  let manifest: ReleaseManifest;
  try {
    manifest = decodeReleaseManifestJson(new TextDecoder().decode(fetched.bytes));
  } catch (err) {
    if (err instanceof ReleaseError) return { verdict: 'no-manifest', problem: `${notSecureBase} (${RELEASE_MANIFEST_PATH} is malformed: ${err.detail ?? err.code}).` };
    throw err;
  }
  const served = await fetchServedWebApp(origin, get, manifest.files.map((file) => file.path));
  const problems = describeDifferences(compareReleaseFiles(manifest, served.files));
  const signed = verifyReleaseManifest(manifest, expectedKey === undefined ? {} : { expectedKey });
  if (!signed.ok) problems.push(describeSignatureProblem(signed.error, manifest, expectedKey));
  if (problems.length > 0 || !signed.ok) return { verdict: 'not-verified', version: manifest.version, commit: manifest.commit, problems };
  return { verdict: 'verified', version: manifest.version, commit: manifest.commit, releaseKey: signed.value.releaseKey, pinned: signed.value.pinned };
}

// Paths come from a possibly hostile server: control characters could move a terminal's cursor
// or fake output, so each becomes a space.
// eslint-disable-next-line no-control-regex -- reason: matching control characters is the point.
const oneLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();

function describeDifferences(differences: ReleaseFileDifferences): string[] {
  const problems: string[] = [];
  const list = (paths: string[]): string => paths.map((path) => oneLine(path)).join(', ');
  if (differences.changed.length > 0) problems.push(`changed: ${list(differences.changed)}`);
  if (differences.notInManifest.length > 0) problems.push(`missing from the manifest: ${list(differences.notInManifest)}`);
  if (differences.notServed.length > 0) problems.push(`not served: ${list(differences.notServed)}`);
  return problems;
}

function describeSignatureProblem(error: ReleaseError, manifest: ReleaseManifest, expectedKey: Uint8Array | undefined): string {
  switch (error.code) {
    case 'unsigned-release':
      return 'unsigned release';
    case 'unexpected-release-key': {
      const actual = manifest.signature ? toBase64Url(manifest.signature.releaseKey) : 'none';
      return `signed by an unexpected key ${actual} (expected ${expectedKey ? toBase64Url(expectedKey) : 'none'})`;
    }
    case 'bad-release-signature':
      return 'the signature does not match the manifest (it was changed after signing)';
    default:
      return error.message;
  }
}
