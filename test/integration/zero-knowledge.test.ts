// Zero knowledge, checked from the outside: after two partners write distinctive canary strings
// (names, terms, meanings, notes), none of them appears in any file of the relay's data
// directory (database, WAL, shared memory) nor in anything the relay process printed: not as
// UTF-8, not as UTF-16LE, and not as base64 at any byte alignment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canariesIn } from './canaries.js';
import { assertCliBuilt, filesUnder, sbOk, setUpPair, startRelayProcess, tempDir, type RelayProcess } from './cli-harness.js';

const CANARIES = {
  aliceName: 'Zqnamealice7431',
  bobName: 'Zqnamebob9182',
  term: 'Zqtermvessel5521',
  aliceMeaning: 'Zqmeaningharbor6604',
  bobMeaning: 'Zqmeaninglantern3379',
  aliceNote: 'Zqnotecompass1186',
  bobNote: 'Zqnotemeadow8842',
};

function leaks(haystack: Buffer): string[] {
  return canariesIn(haystack, CANARIES);
}

describe('zero knowledge at the relay', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let relay: RelayProcess | undefined;

  beforeAll(async () => {
    assertCliBuilt();
    tmp = await tempDir('zk');
  });
  afterAll(async () => {
    await relay?.stop();
    await tmp?.cleanup();
  });

  it('the canary check itself finds a canary in plain, UTF-16 and base64 form', () => {
    const c = CANARIES.term;
    expect(leaks(Buffer.from(`xx${c}yy`))).toContain('term as utf8');
    expect(leaks(Buffer.from(`..${c}..`, 'utf16le'))).toContain('term as utf16le');
    for (const prefix of ['', 'a', 'ab']) {
      expect(leaks(Buffer.from(Buffer.from(`${prefix}${c}tail`).toString('base64')))).not.toEqual([]);
    }
    expect(leaks(Buffer.from('nothing to see'))).toEqual([]);
  });

  it('no canary reaches the relay data directory or the relay output', async () => {
    const dataDir = join(tmp.dir, 'data');
    relay = await startRelayProcess(dataDir);
    const { alice, bob } = await setUpPair(relay.url, tmp.dir, { alice: CANARIES.aliceName, bob: CANARIES.bobName });
    await sbOk(['vocab', 'add', CANARIES.term, '--meaning', CANARIES.aliceMeaning, '--category', 'need'], { profile: alice });
    await sbOk(['vocab', 'add', CANARIES.term, '--meaning', CANARIES.bobMeaning], { profile: bob });
    await sbOk(['note', 'add', CANARIES.aliceNote, '--kind', 'appreciation'], { profile: alice });
    await sbOk(['note', 'add', CANARIES.bobNote], { profile: bob });

    // The partners really did exchange the canaries (so their absence below means something).
    const seen = await sbOk(['export'], { profile: alice });
    for (const canary of Object.values(CANARIES)) expect(seen).toContain(canary);

    // While the relay runs (WAL and shared memory not yet checkpointed away) and after it stops.
    const files = await filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('relay.sqlite'))).toBe(true);
    for (const file of files) expect({ file, leaks: leaks(await readFile(file)) }).toEqual({ file, leaks: [] });
    expect(await relay.stop()).toBe(0);
    for (const file of await filesUnder(dataDir)) expect({ file, leaks: leaks(await readFile(file)) }).toEqual({ file, leaks: [] });

    const { stdout, stderr } = relay.output();
    expect(stdout).toMatch(/^Secure Base relay listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(stderr).toContain('http POST');
    expect(leaks(Buffer.from(stdout + stderr))).toEqual([]);
    relay = undefined;
  }, 120_000);
});
