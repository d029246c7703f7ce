/**
 * Release manifest codec: what a web-app build says it is (version, source commit, the SHA-256
 * of every file a browser can load from it) and who signed that. The build writes it to
 * `RELEASE_MANIFEST_PATH` in the web app's output, so every relay serves it next to the app;
 * `securebase verify-web` (and later the extension and the service worker) fetch it and compare.
 *
 * The JSON file is for people and tools; the signature covers canonical bytes instead, so that
 * key order, spacing or a hash's letter case in the JSON can never change what was signed:
 *
 *   body  = varUint(format = 1) · varString(version) · varString(commit)
 *           · varUint(n) · n × (varString(path) · sha256[32])      (paths strictly ascending)
 *           · releaseKey[32]
 *
 *   const text = encodeReleaseManifestJson(manifest);   // → dist/release-manifest.json
 *   const again = decodeReleaseManifestJson(text);      // throws ReleaseError('malformed-manifest')
 *   encodeReleaseManifestBody(again, releaseKey);       // the bytes the release key signs
 *
 * Verdicts about a release (unsigned, a bad signature, another key, files that differ) are
 * `ReleaseError`s with the codes in `RELEASE_ERRORS`. They are computed on the verifying device
 * about files it fetched and never travel in a protocol frame, so they carry no wire number and
 * are not in `ERRORS` (codes.ts).
 */
import * as encoding from 'lib0/encoding';
import { fromBase64Url, toBase64Url } from './base64url.js';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from './sizes.js';
import { createDecoder, expectEnd, malformed, readFixedBytes, readVarStringStrict, readVarUintOneOf, readVarUintStrict } from './wire-decoding.js';
import { writeFixedBytes, writeVarStringChecked, writeVarUintChecked } from './wire-encoding.js';

/** Where the web app's release manifest is served, on every relay. */
export const RELEASE_MANIFEST_PATH = '/release-manifest.json';
/** The `format` field of the JSON file, and version 1 of the signed body. */
export const RELEASE_MANIFEST_FORMAT = 'securebase-release-manifest/v1';
const BODY_VERSION = 1;
/** The `format` field of a release key file (the publisher's secret). */
export const RELEASE_KEY_FILE_FORMAT = 'securebase-release-key/v1';
/** SHA-256 digest length. */
export const SHA256_BYTES = 32;
/** Ed25519 seed length: a release key file keeps the seed, from which the key pair follows. */
export const RELEASE_KEY_SEED_BYTES = 32;
/** Most files one release may list (the web app has about a dozen). */
export const MAX_RELEASE_FILES = 4096;

// Text fields end up on a terminal line and in the web app: a small alphabet keeps them inert.
const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/;
const COMMIT_PATTERN = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,79}$/;
// URL paths as a static server maps them to files: no query, no '..', no empty segment.
const PATH_PATTERN = /^(?:\/[A-Za-z0-9_.~@+-]+)+$/;
const MAX_PATH_BYTES = 512;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export const RELEASE_ERRORS = {
  'malformed-manifest': 'The release manifest could not be read: this is not a Secure Base release, or it was damaged.',
  'unsigned-release': 'This release is not signed: anyone who could change its files could have made it.',
  'bad-release-signature': "The release manifest's signature does not match its contents: it was changed after signing.",
  'unexpected-release-key': 'This release is signed by a different key than the one expected.',
  'release-files-differ': 'The files served are not the files of this release.',
} as const;

export type ReleaseErrorCode = keyof typeof RELEASE_ERRORS;

/** One typed verdict about a release; `detail` is technical (a path, a field), never content. */
export class ReleaseError extends Error {
  readonly code: ReleaseErrorCode;
  readonly detail: string | undefined;

  constructor(code: ReleaseErrorCode, detail?: string) {
    super(detail ? `${RELEASE_ERRORS[code]} (${code}: ${detail})` : `${RELEASE_ERRORS[code]} (${code})`);
    this.name = 'ReleaseError';
    this.code = code;
    this.detail = detail;
  }
}

/** One file of a release: its URL path (`/assets/index-abc.js`) and SHA-256. */
export interface ReleaseFile {
  path: string;
  sha256: Uint8Array;
}

/** What a release says it is: the part the release key signs (with the key itself). */
export interface ReleaseBody {
  /** The web app's package version. */
  version: string;
  /** The source commit it was built from (`-dirty` when the tree had changes), or `unknown`. */
  commit: string;
  /** Every file a browser can load, strictly ascending by path. */
  files: ReleaseFile[];
}

/** The publisher's key and signature over `CONTEXT.releaseManifest ‖ encodeReleaseManifestBody`. */
export interface ReleaseSignature {
  releaseKey: Uint8Array;
  signature: Uint8Array;
}

/** A release manifest as read from its file; `signature` is undefined for an unsigned build. */
export interface ReleaseManifest extends ReleaseBody {
  signature: ReleaseSignature | undefined;
}

/** A release key file's contents: the Ed25519 seed and, to check it, the public key. */
export interface ReleaseKeyFile {
  publicKey: Uint8Array;
  seed: Uint8Array;
}

/** True for a path a release may list (absolute, plain segments, no `..`). */
export function isValidReleasePath(path: string): boolean {
  return (
    typeof path === 'string' &&
    path.length <= MAX_PATH_BYTES &&
    PATH_PATTERN.test(path) &&
    !path.split('/').some((segment) => segment === '.' || segment === '..')
  );
}

/** Files sorted by path, as the signed body orders them; throws RangeError on a duplicate or bad path. */
export function sortReleaseFiles(files: readonly ReleaseFile[]): ReleaseFile[] {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  sorted.forEach((file, index) => {
    if (!isValidReleasePath(file.path)) throw new RangeError(`release file: invalid path`);
    if (index > 0 && sorted[index - 1]?.path === file.path) throw new RangeError(`release file: duplicate path ${file.path}`);
  });
  return sorted;
}

function checkBody(body: ReleaseBody): void {
  if (!VERSION_PATTERN.test(body.version)) throw new RangeError('release version: not a plain version string');
  if (!COMMIT_PATTERN.test(body.commit)) throw new RangeError('release commit: not a plain commit string');
  if (body.files.length > MAX_RELEASE_FILES) throw new RangeError(`release files: more than ${MAX_RELEASE_FILES}`);
}

/** The canonical bytes a release key signs (without the context string). */
export function encodeReleaseManifestBody(body: ReleaseBody, releaseKey: Uint8Array): Uint8Array {
  checkBody(body);
  const files = sortReleaseFiles(body.files);
  return encoding.encode((e) => {
    writeVarUintChecked(e, BODY_VERSION, 'format');
    writeVarStringChecked(e, body.version, 'version', 64);
    writeVarStringChecked(e, body.commit, 'commit', 80);
    writeVarUintChecked(e, files.length, 'files');
    for (const file of files) {
      writeVarStringChecked(e, file.path, 'path', MAX_PATH_BYTES);
      writeFixedBytes(e, file.sha256, SHA256_BYTES, 'sha256');
    }
    writeFixedBytes(e, releaseKey, PUBLIC_KEY_BYTES, 'releaseKey');
  });
}

/** Decode the canonical signed bytes; throws SecureBaseError('malformed-frame'). */
export function decodeReleaseManifestBody(bytes: Uint8Array): { body: ReleaseBody; releaseKey: Uint8Array } {
  const d = createDecoder(bytes, 'release manifest');
  readVarUintOneOf(d, 'release manifest format', [BODY_VERSION]);
  const version = readVarStringStrict(d, 'version', 64);
  const commit = readVarStringStrict(d, 'commit', 80);
  if (!VERSION_PATTERN.test(version)) throw malformed('version: not a plain version string');
  if (!COMMIT_PATTERN.test(commit)) throw malformed('commit: not a plain commit string');
  const count = readVarUintStrict(d, 'files');
  if (count > MAX_RELEASE_FILES) throw malformed(`files: more than ${MAX_RELEASE_FILES}`);
  const files: ReleaseFile[] = [];
  for (let i = 0; i < count; i++) {
    const path = readVarStringStrict(d, 'path', MAX_PATH_BYTES);
    if (!isValidReleasePath(path)) throw malformed('path: invalid');
    const previous = files[files.length - 1];
    if (previous && !(previous.path < path)) throw malformed('paths: not strictly ascending');
    files.push({ path, sha256: readFixedBytes(d, SHA256_BYTES, 'sha256') });
  }
  const releaseKey = readFixedBytes(d, PUBLIC_KEY_BYTES, 'releaseKey');
  expectEnd(d, 'release manifest');
  return { body: { version, commit, files }, releaseKey };
}

/** Lowercase hex of a digest (the form `sha256sum` prints, so a person can compare by hand). */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function fromSha256Hex(text: string): Uint8Array {
  const out = new Uint8Array(SHA256_BYTES);
  for (let i = 0; i < SHA256_BYTES; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The manifest as the JSON file the build writes (stable: sorted paths, two-space indent). */
export function encodeReleaseManifestJson(manifest: ReleaseManifest): string {
  checkBody(manifest);
  const files: Record<string, string> = {};
  for (const file of sortReleaseFiles(manifest.files)) files[file.path] = toHex(file.sha256);
  const signed = manifest.signature
    ? { signed: true, releaseKey: toBase64Url(manifest.signature.releaseKey), signature: toBase64Url(manifest.signature.signature) }
    : { signed: false };
  const json = { format: RELEASE_MANIFEST_FORMAT, version: manifest.version, commit: manifest.commit, files, ...signed };
  return `${JSON.stringify(json, null, 2)}\n`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function bad(detail: string): ReleaseError {
  return new ReleaseError('malformed-manifest', detail);
}

function fixedBase64Url(value: unknown, length: number, field: string): Uint8Array {
  if (typeof value !== 'string') throw bad(`${field}: not a string`);
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(value);
  } catch (cause) {
    // reason: fromBase64Url throws SecureBaseError('invalid-request'); here it is a malformed manifest.
    throw bad(`${field}: not base64url (${(cause as Error).name})`);
  }
  if (bytes.length !== length) throw bad(`${field}: expected ${length} bytes`);
  return bytes;
}

/** Read a release manifest file (untrusted text); throws ReleaseError('malformed-manifest'). */
export function decodeReleaseManifestJson(text: string): ReleaseManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    // reason: JSON.parse throws SyntaxError for text that is not JSON; that is a malformed manifest.
    throw bad(`not JSON (${(cause as Error).name})`);
  }
  if (!isRecord(json)) throw bad('not an object');
  if (json.format !== RELEASE_MANIFEST_FORMAT) throw bad('unknown format');
  const { version, commit } = json;
  if (typeof version !== 'string' || !VERSION_PATTERN.test(version)) throw bad('version');
  if (typeof commit !== 'string' || !COMMIT_PATTERN.test(commit)) throw bad('commit');
  if (!isRecord(json.files)) throw bad('files: not an object');
  const entries = Object.entries(json.files);
  if (entries.length > MAX_RELEASE_FILES) throw bad(`files: more than ${MAX_RELEASE_FILES}`);
  const files = entries.map(([path, hash]): ReleaseFile => {
    if (!isValidReleasePath(path)) throw bad('files: invalid path');
    if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) throw bad(`files: ${path}: not a lowercase SHA-256 hex digest`);
    return { path, sha256: fromSha256Hex(hash) };
  });
  // JSON.parse keeps only the last of two equal keys, so the paths are already unique.
  const body = { version, commit, files: sortReleaseFiles(files) };
  if (json.signed === false) {
    if (json.releaseKey !== undefined || json.signature !== undefined) throw bad('unsigned, yet carries a key or signature');
    return { ...body, signature: undefined };
  }
  if (json.signed !== true) throw bad('signed: not true or false');
  return {
    ...body,
    signature: {
      releaseKey: fixedBase64Url(json.releaseKey, PUBLIC_KEY_BYTES, 'releaseKey'),
      signature: fixedBase64Url(json.signature, SIGNATURE_BYTES, 'signature'),
    },
  };
}

/** A release key file's text (JSON; the publisher keeps it secret, mode 0600). */
export function encodeReleaseKeyFile(key: ReleaseKeyFile): string {
  if (key.seed.length !== RELEASE_KEY_SEED_BYTES || key.publicKey.length !== PUBLIC_KEY_BYTES) {
    throw new RangeError('release key file: wrong key lengths');
  }
  const json = { format: RELEASE_KEY_FILE_FORMAT, publicKey: toBase64Url(key.publicKey), secretSeed: toBase64Url(key.seed) };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Read a release key file's text; throws RangeError naming what is wrong (never the secret). */
export function decodeReleaseKeyFile(text: string): ReleaseKeyFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    // reason: JSON.parse throws SyntaxError; say which file format was expected instead.
    throw new RangeError(`not a release key file (not JSON: ${(cause as Error).name})`);
  }
  if (!isRecord(json) || json.format !== RELEASE_KEY_FILE_FORMAT) throw new RangeError(`not a release key file (format is not ${RELEASE_KEY_FILE_FORMAT})`);
  const decode = (value: unknown, length: number, field: string): Uint8Array => {
    try {
      return fixedBase64Url(value, length, field);
    } catch (cause) {
      // reason: restate a malformed field as a key-file error, keeping the field's name only.
      throw new RangeError(`release key file: ${(cause as ReleaseError).detail ?? field}`);
    }
  };
  return { publicKey: decode(json.publicKey, PUBLIC_KEY_BYTES, 'publicKey'), seed: decode(json.secretSeed, RELEASE_KEY_SEED_BYTES, 'secretSeed') };
}
