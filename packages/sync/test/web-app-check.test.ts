// The served-web-app check's answers as data (issue 16): each thing wrong with a release is an
// issue a client words in its person's language, and `problems` says the same in English; a
// server without a manifest says why (status, or malformed), with no English to translate.
import { describe, expect, it } from 'vitest';
import { generateReleaseKey, hashReleaseFile, readyCrypto, signReleaseManifest } from '@securebase/crypto';
import { encodeReleaseManifestJson, RELEASE_MANIFEST_PATH, toBase64Url, type ReleaseManifest } from '@securebase/protocol';
import { checkServedWebApp, englishIssue, type FetchedFile } from '../src/index.js';

const ORIGIN = 'https://relay.example';
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const RELEASE = { '/index.html': text('<!doctype html><title>x</title>'), '/app.js': text('console.log(1)') };

function body(): Omit<ReleaseManifest, 'signature'> {
  const files = Object.entries(RELEASE)
    .map(([path, bytes]) => ({ path, sha256: hashReleaseFile(bytes) }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  return { version: '1.2.3', commit: 'abc', files };
}

/** A server with the manifest and `files` (a path it lacks answers 404). */
function server(manifest: ReleaseManifest | undefined, files: Record<string, Uint8Array>): (path: string) => Promise<FetchedFile> {
  return async (path) => {
    if (path === RELEASE_MANIFEST_PATH) return manifest ? { ok: true, bytes: text(encodeReleaseManifestJson(manifest)) } : { ok: false, status: 404 };
    const bytes = files[path];
    return bytes ? { ok: true, bytes } : { ok: false, status: 404 };
  };
}

describe('checkServedWebApp', () => {
  it('answers each problem as an issue, and the same in English', async () => {
    await readyCrypto();
    const key = generateReleaseKey();
    const other = generateReleaseKey();
    const signed = signReleaseManifest(body(), key);
    const check = await checkServedWebApp(ORIGIN, server(signed, { ...RELEASE, '/app.js': text('console.log("changed")') }), other.publicKey);
    expect(check.verdict).toBe('not-verified');
    if (check.verdict !== 'not-verified') return;
    expect(check.issues).toEqual([
      { kind: 'changed', files: ['/app.js'] },
      { kind: 'unexpected-key', actual: toBase64Url(key.publicKey), expected: toBase64Url(other.publicKey) },
    ]);
    expect(check.problems).toEqual(check.issues.map(englishIssue));
    expect(check.problems[0]).toBe('changed: /app.js');

    const unsigned = await checkServedWebApp(ORIGIN, server({ ...body(), signature: undefined }, RELEASE));
    expect(unsigned.verdict === 'not-verified' && unsigned.issues).toEqual([{ kind: 'unsigned' }]);
  });

  it('says why there is no manifest: its status, or that it is malformed', async () => {
    const missing = await checkServedWebApp(ORIGIN, server(undefined, RELEASE));
    expect(missing).toMatchObject({ verdict: 'no-manifest', reason: { kind: 'status', path: RELEASE_MANIFEST_PATH, status: 404 } });
    const broken = await checkServedWebApp(ORIGIN, async (path) => (path === RELEASE_MANIFEST_PATH ? { ok: true, bytes: text('{"not":"a manifest"}') } : { ok: false, status: 404 }));
    expect(broken).toMatchObject({ verdict: 'no-manifest', reason: { kind: 'malformed', path: RELEASE_MANIFEST_PATH } });
  });
});
