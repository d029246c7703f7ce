import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeReleaseKeyFile,
  decodeReleaseManifestBody,
  decodeReleaseManifestJson,
  encodeReleaseKeyFile,
  encodeReleaseManifestBody,
  encodeReleaseManifestJson,
  ReleaseError,
  toBase64Url,
  type ReleaseManifest,
} from '@securebase/protocol';
import {
  compareReleaseFiles,
  generateReleaseKey,
  hashReleaseFile,
  releaseFilesMatch,
  releaseKeyFromFile,
  signReleaseManifest,
  verifyRelease,
  readyCrypto,
  verifyReleaseManifest,
  type ReleaseKeyPair,
} from '@securebase/crypto';
import { allSignatureContexts, CONTEXT } from '@securebase/crypto/testing';

const text = new TextEncoder();
const SERVED = new Map<string, Uint8Array>([
  ['/index.html', text.encode('<!doctype html><script type="module" src="/assets/index-a.js"></script>')],
  ['/assets/index-a.js', text.encode('console.log("app")')],
  ['/sw.js', text.encode('self.__SB_PRECACHE__ = [];')],
]);

let key: ReleaseKeyPair;
let manifest: ReleaseManifest;

function body(files = SERVED) {
  return { version: '0.1.0', commit: 'a'.repeat(40), files: [...files].map(([path, bytes]) => ({ path, sha256: hashReleaseFile(bytes) })) };
}

/** The code of the error `verifyRelease` gives, or 'ok'. */
function verdict(m: ReleaseManifest, served = SERVED, expectedKey: Uint8Array | null = key.publicKey): string {
  const result = verifyRelease(m, served, expectedKey === null ? {} : { expectedKey });
  return result.ok ? 'ok' : result.error.code;
}

beforeAll(async () => {
  await readyCrypto();
  key = generateReleaseKey();
  manifest = signReleaseManifest(body(), key);
});

describe('release manifest', () => {
  it('round-trips through its JSON file and verifies against the served files and the pinned key', () => {
    const again = decodeReleaseManifestJson(encodeReleaseManifestJson(manifest));
    expect(again).toEqual(manifest);
    const result = verifyRelease(again, SERVED, { expectedKey: key.publicKey });
    expect(result.ok && result.value).toEqual({ version: '0.1.0', commit: 'a'.repeat(40), releaseKey: key.publicKey, pinned: true });
    // Without a pinned key the signature still holds, and the result says the key was not checked.
    const unpinned = verifyReleaseManifest(again);
    expect(unpinned.ok && unpinned.value.pinned).toBe(false);
  });

  it('signs canonical bytes: JSON key order and spacing do not matter, the body codec round-trips', () => {
    const json = JSON.parse(encodeReleaseManifestJson(manifest)) as Record<string, unknown>;
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(json).reverse()));
    expect(verdict(decodeReleaseManifestJson(reordered))).toBe('ok');
    const bytes = encodeReleaseManifestBody(manifest, key.publicKey);
    const decoded = decodeReleaseManifestBody(bytes);
    expect(decoded.releaseKey).toEqual(key.publicKey);
    expect(encodeReleaseManifestBody(decoded.body, decoded.releaseKey)).toEqual(bytes);
    expect(allSignatureContexts()).toContain(CONTEXT.releaseManifest);
  });

  it('fails with a typed error for every tampering of the manifest', () => {
    const signature = manifest.signature;
    if (!signature) throw new Error('signed manifest expected');
    const otherKey = generateReleaseKey();
    const firstFile = manifest.files[0];
    if (!firstFile) throw new Error('files expected');
    const flipped = firstFile.sha256.slice();
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const sigFlipped = signature.signature.slice();
    sigFlipped[10] = (sigFlipped[10] ?? 0) ^ 1;
    const extra = { path: '/evil.js', sha256: hashReleaseFile(text.encode('evil')) };
    const cases: Record<string, [ReleaseManifest, string]> = {
      'a file hash': [{ ...manifest, files: [{ ...firstFile, sha256: flipped }, ...manifest.files.slice(1)] }, 'bad-release-signature'],
      'the version': [{ ...manifest, version: '0.1.1' }, 'bad-release-signature'],
      'the commit': [{ ...manifest, commit: 'b'.repeat(40) }, 'bad-release-signature'],
      'an added file': [{ ...manifest, files: [...manifest.files, extra] }, 'bad-release-signature'],
      'a removed file': [{ ...manifest, files: manifest.files.slice(1) }, 'bad-release-signature'],
      'the signature': [{ ...manifest, signature: { ...signature, signature: sigFlipped } }, 'bad-release-signature'],
      // Another key with the old signature is a bad signature; re-signed by another key, it is the wrong key.
      'the key alone': [{ ...manifest, signature: { ...signature, releaseKey: otherKey.publicKey } }, 'unexpected-release-key'],
      're-signed by another key': [signReleaseManifest(body(), otherKey), 'unexpected-release-key'],
      'the signature stripped': [{ ...manifest, signature: undefined }, 'unsigned-release'],
    };
    for (const [what, [tampered, code]] of Object.entries(cases)) {
      expect(verdict(tampered), what).toBe(code);
      // Every tampering also fails through the JSON file, as a verifier reads it.
      expect(verdict(decodeReleaseManifestJson(encodeReleaseManifestJson(tampered))), `${what} (JSON)`).toBe(code);
    }
    // Unpinned, a swapped key without a matching signature still fails on the signature itself.
    expect(verdict({ ...manifest, signature: { ...signature, releaseKey: otherKey.publicKey } }, SERVED, null)).toBe('bad-release-signature');
  });

  it('names every served file that differs, is missing from the manifest, or is not served', () => {
    const served = new Map(SERVED);
    served.set('/assets/index-a.js', text.encode('console.log("swapped")'));
    served.set('/assets/extra.js', text.encode('extra'));
    served.delete('/sw.js');
    served.set('/', text.encode('<!doctype html>different'));
    const differences = compareReleaseFiles(manifest, served);
    expect(differences).toEqual({ changed: ['/', '/assets/index-a.js'], notInManifest: ['/assets/extra.js'], notServed: ['/sw.js'] });
    expect(releaseFilesMatch(differences)).toBe(false);
    expect(verdict(manifest, served)).toBe('release-files-differ');
    // '/' is the app's index.html, as the relay serves it.
    const genuine = new Map(SERVED).set('/', SERVED.get('/index.html') ?? new Uint8Array());
    expect(releaseFilesMatch(compareReleaseFiles(manifest, genuine))).toBe(true);
  });

  it('refuses malformed manifest files with malformed-manifest, never an exception of another kind', () => {
    const good = JSON.parse(encodeReleaseManifestJson(manifest)) as Record<string, unknown>;
    const bad: unknown[] = [
      'not json',
      '[]',
      { ...good, format: 'other/v1' },
      { ...good, version: 'has spaces' },
      { ...good, commit: '\u001b[2J' },
      { ...good, files: { 'relative.js': 'a'.repeat(64) } },
      { ...good, files: { '/../etc/passwd': 'a'.repeat(64) } },
      { ...good, files: { '/a.js': 'A'.repeat(64) } },
      { ...good, signed: 'yes' },
      { ...good, signature: 'short' },
      { ...good, releaseKey: toBase64Url(new Uint8Array(31)) },
      { ...good, signed: false },
    ];
    for (const input of bad) {
      const json = typeof input === 'string' ? input : JSON.stringify(input);
      let caught: unknown;
      try {
        decodeReleaseManifestJson(json);
      } catch (err) {
        caught = err;
      }
      expect(caught, json.slice(0, 60)).toBeInstanceOf(ReleaseError);
      expect((caught as ReleaseError).code).toBe('malformed-manifest');
    }
  });

  it('keeps the release key in a file that gives the same key pair back, and refuses a mismatched one', () => {
    const file = decodeReleaseKeyFile(encodeReleaseKeyFile({ publicKey: key.publicKey, seed: key.seed }));
    expect(releaseKeyFromFile(file).secretKey).toEqual(key.secretKey);
    expect(() => releaseKeyFromFile({ publicKey: generateReleaseKey().publicKey, seed: key.seed })).toThrow(/does not belong/);
    expect(() => decodeReleaseKeyFile('{"format":"other"}')).toThrow(/not a release key file/);
  });
});
