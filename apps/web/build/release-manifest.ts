/**
 * Vite plugin: after the build has written every file, hash each one (SHA-256) and write
 * `release-manifest.json` beside them: the web app's version, the source commit and the file
 * hashes, signed with the publisher's release key when one is given, else marked
 * `"signed": false` with a warning. Served by the relay at `/release-manifest.json`, checked by
 * `securebase verify-web` (format: docs/ARCHITECTURE.md, "Release manifest").
 *
 *   plugins: [releaseManifest({ version: pkg.version })]     // apps/web/vite.config.ts
 *   SECUREBASE_RELEASE_KEY_FILE=~/keys/release-key.json pnpm --filter @securebase/web build
 *
 * The key comes from the file named by SECUREBASE_RELEASE_KEY_FILE (made by `securebase
 * release-key create`), or from SECUREBASE_RELEASE_KEY (that file's text, or its base64url seed).
 * The commit is SOURCE_COMMIT if set, else `git rev-parse HEAD` (with `-dirty` when the work tree
 * has changes, since the files then are not that commit's), else `unknown`. Nothing here depends
 * on the time or the build's directory, so one commit always gives one manifest.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { hashReleaseFile, readyCrypto, releaseKeyFromFile, releaseKeyFromSeed, signReleaseManifest, type ReleaseKeyPair } from '@securebase/crypto';
import {
  decodeReleaseKeyFile,
  encodeReleaseManifestJson,
  fromBase64Url,
  RELEASE_MANIFEST_PATH,
  toBase64Url,
  type ReleaseBody,
  type ReleaseManifest,
} from '@securebase/protocol';
import type { Logger, Plugin } from 'vite';

type Env = Record<string, string | undefined>;

/** Every file under `dir` as sorted URL paths (`/assets/index-abc.js`). */
export function listBuiltFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `/${relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/')}`)
    .sort();
}

/** The release key from the environment, or undefined for an unsigned build; throws on a bad key. */
export function releaseKeyFromEnv(env: Env): ReleaseKeyPair | undefined {
  const file = env.SECUREBASE_RELEASE_KEY_FILE;
  const inline = env.SECUREBASE_RELEASE_KEY;
  if (file) {
    const mode = statSync(file).mode;
    // Like ssh with a private key: a key others can read is a key others may have copied.
    if (mode & 0o077) throw new Error(`SECUREBASE_RELEASE_KEY_FILE ${file} is readable by other users: chmod 600 it`);
    return releaseKeyFromFile(decodeReleaseKeyFile(readFileSync(file, 'utf8')));
  }
  if (inline) {
    const text = inline.trim();
    if (text.startsWith('{')) return releaseKeyFromFile(decodeReleaseKeyFile(text));
    return releaseKeyFromSeed(fromBase64Url(text));
  }
  return undefined;
}

/** The commit the build's sources come from. */
export function sourceCommit(env: Env, cwd: string): string {
  if (env.SOURCE_COMMIT) return env.SOURCE_COMMIT;
  const git = (args: string[]): string | undefined => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch (err) {
      // reason: outside a git checkout (a source tarball) the commit is simply unknown.
      if (err instanceof Error) return undefined;
      throw err;
    }
  };
  const head = git(['rev-parse', 'HEAD']);
  if (!head) return 'unknown';
  return git(['status', '--porcelain']) ? `${head}-dirty` : head;
}

/** Hash every file in `outDir` (but the manifest itself) and sign the result when `key` is given. */
export function buildReleaseManifest(outDir: string, meta: { version: string; commit: string }, key: ReleaseKeyPair | undefined): ReleaseManifest {
  const files = listBuiltFiles(outDir)
    .filter((path) => path !== RELEASE_MANIFEST_PATH)
    .map((path) => ({ path, sha256: hashReleaseFile(readFileSync(join(outDir, path))) }));
  const body: ReleaseBody = { version: meta.version, commit: meta.commit, files };
  return key ? signReleaseManifest(body, key) : { ...body, signature: undefined };
}

/** The plugin (build only). */
export function releaseManifest(options: { version: string; env?: Env }): Plugin {
  const env = options.env ?? process.env;
  let outDir = '';
  let root = '';
  let logger: Logger | undefined;
  return {
    name: 'securebase-release-manifest',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
      logger = config.logger;
    },
    // closeBundle: after every file, the copied public ones included, is on disk.
    closeBundle: {
      order: 'post',
      async handler() {
        await readyCrypto();
        const key = releaseKeyFromEnv(env);
        const manifest = buildReleaseManifest(outDir, { version: options.version, commit: sourceCommit(env, root) }, key);
        writeFileSync(join(outDir, RELEASE_MANIFEST_PATH), encodeReleaseManifestJson(manifest));
        if (key) {
          logger?.info(`release manifest: version ${manifest.version} (commit ${manifest.commit}), ${manifest.files.length} files, signed by key ${toBase64Url(key.publicKey)}`);
        } else {
          logger?.warn(
            `release manifest: UNSIGNED (version ${manifest.version}, commit ${manifest.commit}): set SECUREBASE_RELEASE_KEY_FILE to a key from "securebase release-key create" to sign a release`,
          );
        }
      },
    },
  };
}
