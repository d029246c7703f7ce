// Private items and leaving, through the built CLI and a real relay process: a private item
// never reaches the partner nor the relay's files (canary), sharing copies it into the shared
// inbox, and leaving writes an export first, locks the leaver's profile out, and tells the
// partner plainly on their next sync while what was co-written stays with them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canariesIn } from './canaries.js';
import {
  assertCliBuilt,
  filesUnder,
  modeOf,
  sb,
  sbOk,
  setUpPair,
  startRelayProcess,
  tempDir,
  type RelayProcess,
} from './cli-harness.js';

const CANARIES = { kept: 'Zqprivatedraft4417', shared: 'Zqprivateshared8063' };

async function filesLeaking(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dir)) {
    for (const leak of canariesIn(await readFile(file), CANARIES)) found.push(`${file}: ${leak}`);
  }
  return found;
}

describe('private items and leaving', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let relay: RelayProcess | undefined;
  let dataDir: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    assertCliBuilt();
    tmp = await tempDir('private');
    dataDir = join(tmp.dir, 'data');
    relay = await startRelayProcess(dataDir);
    ({ alice, bob } = await setUpPair(relay.url, tmp.dir));
  });
  afterAll(async () => {
    await relay?.stop();
    await tmp?.cleanup();
  });

  it('a private item stays on the owner\'s devices until it is shared', async () => {
    const kept = await sbOk(['private', 'add', CANARIES.kept], { profile: alice });
    const shared = await sbOk(['private', 'add', CANARIES.shared], { profile: alice });
    const keptId = /as (\S+)\./.exec(kept)?.[1] as string;
    const sharedId = /as (\S+)\./.exec(shared)?.[1] as string;
    expect(keptId).toMatch(/^[A-Za-z0-9_-]+$/);

    expect(await sbOk(['private', 'list'], { profile: alice })).toBe(
      `${keptId}  ${CANARIES.kept}\n${sharedId}  ${CANARIES.shared}\n`,
    );
    // Bob has a private list of his own, and it is empty; his export holds no canary.
    expect(await sbOk(['private', 'list'], { profile: bob })).toBe('');
    expect(canariesIn(Buffer.from(await sbOk(['export'], { profile: bob })), CANARIES)).toEqual([]);
    expect(await filesLeaking(dataDir)).toEqual([]);

    const out = await sbOk(['private', 'share', sharedId], { profile: alice });
    expect(out).toContain('visible to your partner');
    const bobSees = JSON.parse(await sbOk(['export'], { profile: bob })) as { inbox: Array<{ text: string }> };
    expect(bobSees.inbox.map((note) => note.text)).toEqual([CANARIES.shared]);
    expect(JSON.stringify(bobSees)).not.toContain(CANARIES.kept);
    // The private copy stays private, and the other one was never shared.
    expect(await sbOk(['private', 'list'], { profile: alice })).toContain(CANARIES.kept);
    // Shared or not, the relay only ever held ciphertext.
    expect(await filesLeaking(dataDir)).toEqual([]);

    const unknown = await sb(['private', 'share', 'nope'], { profile: alice });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no private item has the id "nope"');
  }, 120_000);

  it('leaving needs a confirmation; without a terminal it is refused and nothing changes', async () => {
    const refused = await sb(['leave'], { profile: alice });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('stays with your partner');
    expect(refused.stderr.trim().split('\n').pop()).toContain('securebase leave --yes');
    expect((await sb(['sync'], { profile: alice })).code).toBe(0);
  }, 60_000);

  it('leave writes an export first, then the leaver is locked out and the partner is told', async () => {
    await sbOk(['note', 'add', 'written together'], { profile: bob });
    const left = await sb(['leave', '--yes'], { profile: alice });
    expect(left.code).toBe(0);
    expect(left.stderr).toContain('What you wrote together stays with your partner');
    const exportPath = /Saved your export to (\S+)/.exec(left.stdout)?.[1] as string;
    expect(exportPath.startsWith(`${alice}/`)).toBe(true);
    expect(await modeOf(exportPath)).toBe(0o600);
    const exported = await readFile(exportPath, 'utf8');
    expect(exported).toContain(CANARIES.kept);
    expect(exported).toContain('written together');
    expect(left.stdout).toContain('You have left the space');

    const locked = await sb(['sync'], { profile: alice });
    expect(locked.code).toBe(1);
    expect(locked.stderr.trim().split('\n')).toHaveLength(1);
    expect(locked.stderr).toContain('you left this space');

    const told = await sb(['sync'], { profile: bob });
    expect(told.code).toBe(0);
    expect(told.stderr).toContain('your partner has left this space');
    expect(told.stderr).toContain('stays with you');
    // Told once, plainly; the next command just works.
    await sbOk(['note', 'add', 'after the leave'], { profile: bob });
    const again = await sb(['sync'], { profile: bob });
    expect(again).toMatchObject({ code: 0, stderr: '' });
    const remaining = JSON.parse(await sbOk(['export'], { profile: bob })) as { inbox: Array<{ text: string }> };
    expect(remaining.inbox.map((note) => note.text)).toEqual([CANARIES.shared, 'written together', 'after the leave']);
    const noPartner = await sb(['safety-number'], { profile: bob });
    expect(noPartner.code).toBe(1);
    expect(noPartner.stderr).toContain('your partner has left this space');
    expect(await filesLeaking(dataDir)).toEqual([]);
  }, 120_000);
});
