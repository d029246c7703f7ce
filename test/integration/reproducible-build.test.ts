// Reproducible builds: two clean builds of the web app from this tree, into two fresh
// directories, give byte-identical files, signed release manifest included
// (scripts/check-reproducible does the builds and the comparison; this runs it once).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateReleaseKey, readyCrypto } from '@securebase/crypto';
import { toBase64Url } from '@securebase/protocol';
import { REPO_ROOT, run } from './cli-harness.js';

beforeAll(async () => {
  await readyCrypto();
});

describe('reproducible web build', () => {
  it('two clean, signed builds of one tree are byte for byte the same', async () => {
    const key = generateReleaseKey();
    const result = await run(join(REPO_ROOT, 'scripts/check-reproducible'), [], {
      env: { SECUREBASE_RELEASE_KEY: toBase64Url(key.seed), SOURCE_COMMIT: 'reproducible-test' },
    });
    expect(result.stderr).not.toContain('not reproducible');
    expect(result.code, result.stderr).toBe(0);
    // index.html, sw.js, the bundle, the style, the web manifest, the icons and the release manifest.
    const line = /^reproducible: (\d+) files identical in two builds \(release manifest (.*)\)$/m.exec(result.stdout);
    expect(Number(line?.[1])).toBeGreaterThanOrEqual(10);
    expect(line?.[2]).toBe(`signed by key ${toBase64Url(key.publicKey)}`);
  }, 120_000);
});
