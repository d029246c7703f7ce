/**
 * Signed releases of the web app, as pure functions: the publisher's Ed25519 release key signs
 * `"securebase/release-manifest/v1" ‖ encodeReleaseManifestBody(body, releaseKey)` (the canonical
 * bytes from @securebase/protocol), and anyone holding the files a relay served can check them
 * against it. The build signs (apps/web/build), `securebase verify-web` verifies; the extension
 * and the service worker can call the same functions, since nothing here touches Node or the DOM.
 *
 *   const key = generateReleaseKey();
 *   const manifest = signReleaseManifest({ version, commit, files }, key);
 *   const verdict = verifyRelease(manifest, servedFiles, { expectedKey: pinnedKey });
 *   if (!verdict.ok) show(verdict.error.code); // 'release-files-differ', 'unexpected-release-key', …
 *
 * File hashes are SHA-256 (libsodium's crypto_hash_sha256), the digest people can recompute
 * with `sha256sum` and the one Subresource Integrity and most tooling speak.
 */
import {
  bytesEqual,
  encodeReleaseManifestBody,
  RELEASE_KEY_SEED_BYTES,
  ReleaseError,
  type ReleaseBody,
  type ReleaseKeyFile,
  type ReleaseManifest,
  sortReleaseFiles,
} from '@securebase/protocol';
import { CONTEXT, signWithContext, verifyWithContext } from './signing.js';
import { sodiumReady } from './sodium.js';
import { randomBytes } from './random.js';

/** A publisher's release key pair, with the seed it is derived from (what the key file keeps). */
export interface ReleaseKeyPair {
  publicKey: Uint8Array;
  /** Ed25519 secret key (64 bytes). */
  secretKey: Uint8Array;
  seed: Uint8Array;
}

/** What a verified release is. `pinned` says whether the key was checked against an expected one. */
export interface VerifiedRelease {
  version: string;
  commit: string;
  releaseKey: Uint8Array;
  pinned: boolean;
}

/** How served files differ from a manifest's list; every list is sorted and empty when they agree. */
export interface ReleaseFileDifferences {
  /** Served with other bytes than the manifest lists. */
  changed: string[];
  /** Served (a browser loads them) but not listed at all. */
  notInManifest: string[];
  /** Listed but not served. */
  notServed: string[];
}

export type ReleaseResult<T> = { ok: true; value: T } | { ok: false; error: ReleaseError };

/** A new random release key pair. */
export function generateReleaseKey(): ReleaseKeyPair {
  return releaseKeyFromSeed(randomBytes(RELEASE_KEY_SEED_BYTES));
}

/** The release key pair for a 32-byte seed. */
export function releaseKeyFromSeed(seed: Uint8Array): ReleaseKeyPair {
  if (seed.length !== RELEASE_KEY_SEED_BYTES) throw new RangeError(`release key seed: expected ${RELEASE_KEY_SEED_BYTES} bytes`);
  const pair = sodiumReady().crypto_sign_seed_keypair(seed);
  return { publicKey: pair.publicKey, secretKey: pair.privateKey, seed: Uint8Array.from(seed) };
}

/** The key pair in a release key file; throws RangeError when its public key does not match its seed. */
export function releaseKeyFromFile(file: ReleaseKeyFile): ReleaseKeyPair {
  const pair = releaseKeyFromSeed(file.seed);
  if (!bytesEqual(pair.publicKey, file.publicKey)) throw new RangeError('release key file: the public key does not belong to the secret seed');
  return pair;
}

/** SHA-256 of one file's bytes. */
export function hashReleaseFile(bytes: Uint8Array): Uint8Array {
  return sodiumReady().crypto_hash_sha256(bytes);
}

/** Sign a release body with the publisher's key. */
export function signReleaseManifest(body: ReleaseBody, key: ReleaseKeyPair): ReleaseManifest {
  const message = encodeReleaseManifestBody(body, key.publicKey);
  return {
    version: body.version,
    commit: body.commit,
    files: sortReleaseFiles(body.files).map((file) => ({ path: file.path, sha256: Uint8Array.from(file.sha256) })),
    signature: { releaseKey: Uint8Array.from(key.publicKey), signature: signWithContext(CONTEXT.releaseManifest, message, key.secretKey) },
  };
}

/**
 * Check a manifest's signature, and its key against `expectedKey` when one is pinned. Without a
 * pinned key a valid signature only proves the manifest is whole, not who made it: the caller
 * must show the key so a person can compare it with the publisher's.
 */
export function verifyReleaseManifest(manifest: ReleaseManifest, opts: { expectedKey?: Uint8Array } = {}): ReleaseResult<VerifiedRelease> {
  const { signature } = manifest;
  if (!signature) return { ok: false, error: new ReleaseError('unsigned-release') };
  if (opts.expectedKey !== undefined && !bytesEqual(signature.releaseKey, opts.expectedKey)) {
    return { ok: false, error: new ReleaseError('unexpected-release-key') };
  }
  let message: Uint8Array;
  try {
    message = encodeReleaseManifestBody(manifest, signature.releaseKey);
  } catch (cause) {
    // reason: a hand-built manifest may hold values no canonical body can carry; that is a bad manifest, not a crash.
    return { ok: false, error: new ReleaseError('malformed-manifest', (cause as Error).message) };
  }
  if (!verifyWithContext(CONTEXT.releaseManifest, message, signature.signature, signature.releaseKey)) {
    return { ok: false, error: new ReleaseError('bad-release-signature') };
  }
  return {
    ok: true,
    value: { version: manifest.version, commit: manifest.commit, releaseKey: signature.releaseKey, pinned: opts.expectedKey !== undefined },
  };
}

/**
 * Compare what was served (URL path → bytes) with the manifest's list. A path ending in `/`
 * stands for its `index.html`, as a static server answers it (`/` is the app's index.html).
 */
export function compareReleaseFiles(manifest: ReleaseBody, served: ReadonlyMap<string, Uint8Array>): ReleaseFileDifferences {
  const listed = new Map(manifest.files.map((file) => [file.path, file.sha256]));
  const seen = new Set<string>();
  const differences: ReleaseFileDifferences = { changed: [], notInManifest: [], notServed: [] };
  for (const [path, bytes] of served) {
    const filePath = path.endsWith('/') ? `${path}index.html` : path;
    const expected = listed.get(filePath);
    if (expected === undefined) {
      differences.notInManifest.push(path);
      continue;
    }
    seen.add(filePath);
    if (!bytesEqual(hashReleaseFile(bytes), expected)) differences.changed.push(path);
  }
  for (const path of listed.keys()) if (!seen.has(path)) differences.notServed.push(path);
  differences.changed.sort();
  differences.notInManifest.sort();
  differences.notServed.sort();
  return differences;
}

/** True when `compareReleaseFiles` found nothing. */
export function releaseFilesMatch(differences: ReleaseFileDifferences): boolean {
  return differences.changed.length + differences.notInManifest.length + differences.notServed.length === 0;
}

/** The whole check: signature (and pinned key), then every served file against the manifest. */
export function verifyRelease(
  manifest: ReleaseManifest,
  served: ReadonlyMap<string, Uint8Array>,
  opts: { expectedKey?: Uint8Array } = {},
): ReleaseResult<VerifiedRelease> {
  const signed = verifyReleaseManifest(manifest, opts);
  if (!signed.ok) return signed;
  const differences = compareReleaseFiles(manifest, served);
  if (!releaseFilesMatch(differences)) {
    const first = [...differences.changed, ...differences.notInManifest, ...differences.notServed][0];
    return { ok: false, error: new ReleaseError('release-files-differ', first) };
  }
  return signed;
}
