/**
 * What the CLI integration tests of one describe block share: a real relay process in a
 * temporary directory and two paired CLI profiles (Alice created the space, Bob joined), set up
 * before the block and stopped after it; and the canary scan of a directory's files.
 *
 *   const pair = usePairedProfiles('tension');
 *   it('…', async () => { await sbOk(['tension', 'list'], { profile: pair.alice }); expect(await leaksUnder(pair.dataDir, CANARIES)).toEqual([]); });
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { canariesIn } from './canaries.js';
import { assertCliBuilt, filesUnder, setUpPair, startRelayProcess, tempDir, type RelayProcess } from './cli-harness.js';

export interface PairedProfiles {
  /** The temporary directory everything lives in (a profile that is no one's: join(dir, 'nobody')). */
  dir: string;
  /** The relay's data directory. */
  dataDir: string;
  relay: RelayProcess;
  alice: string;
  bob: string;
}

/** Registers the block's beforeAll/afterAll; the fields are set once beforeAll has run. */
export function usePairedProfiles(name: string): PairedProfiles {
  const pair = {} as PairedProfiles;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    assertCliBuilt();
    const tmp = await tempDir(name);
    cleanup = tmp.cleanup;
    pair.dir = tmp.dir;
    pair.dataDir = join(tmp.dir, 'data');
    pair.relay = await startRelayProcess(pair.dataDir);
    Object.assign(pair, await setUpPair(pair.relay.url, tmp.dir));
  });
  afterAll(async () => {
    await pair.relay?.stop();
    await cleanup?.();
  });
  return pair;
}

/** Every canary found in a file under `dir` (as UTF-8, UTF-16 or base64), as "file: canary". */
export async function leaksUnder(dir: string, canaries: Record<string, string>): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dir)) {
    for (const leak of canariesIn(await readFile(file), canaries)) found.push(`${file}: ${leak}`);
  }
  return found;
}
