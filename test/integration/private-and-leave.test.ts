// Private items and leaving, through the built CLI and a real relay process: a private item
// never reaches the partner nor the relay's files (canary), sharing copies it into the shared
// inbox, and leaving writes an export first, locks the leaver's profile out, and tells the
// partner plainly on their next sync while what was co-written stays with them.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { canariesIn } from './canaries.js';
import { modeOf, sb, sbOk } from './cli-harness.js';
import { leaksUnder, usePairedProfiles } from './cli-pair.js';

const CANARIES = { kept: 'Zqprivatedraft4417', shared: 'Zqprivateshared8063' };


describe('private items and leaving', () => {
  const pair = usePairedProfiles('private');

  it('a private item stays on the owner\'s devices until it is shared', async () => {
    const kept = await sbOk(['private', 'add', CANARIES.kept], { profile: pair.alice });
    const shared = await sbOk(['private', 'add', CANARIES.shared], { profile: pair.alice });
    const keptId = /as (\S+)\./.exec(kept)?.[1] as string;
    const sharedId = /as (\S+)\./.exec(shared)?.[1] as string;
    expect(keptId).toMatch(/^[A-Za-z0-9_-]+$/);

    expect(await sbOk(['private', 'list'], { profile: pair.alice })).toBe(
      `${keptId}  ${CANARIES.kept}\n${sharedId}  ${CANARIES.shared}\n`,
    );
    // Bob has a private list of his own, and it is empty; his export holds no canary.
    expect(await sbOk(['private', 'list'], { profile: pair.bob })).toBe('');
    expect(canariesIn(Buffer.from(await sbOk(['export'], { profile: pair.bob })), CANARIES)).toEqual([]);
    expect(await leaksUnder(pair.dataDir, CANARIES)).toEqual([]);

    const out = await sbOk(['private', 'share', sharedId], { profile: pair.alice });
    expect(out).toContain('visible to your partner');
    const bobSees = JSON.parse(await sbOk(['export'], { profile: pair.bob })) as { inbox: Array<{ text: string }> };
    expect(bobSees.inbox.map((note) => note.text)).toEqual([CANARIES.shared]);
    expect(JSON.stringify(bobSees)).not.toContain(CANARIES.kept);
    // The private copy stays private, and the other one was never shared.
    expect(await sbOk(['private', 'list'], { profile: pair.alice })).toContain(CANARIES.kept);
    // Shared or not, the relay only ever held ciphertext.
    expect(await leaksUnder(pair.dataDir, CANARIES)).toEqual([]);

    const unknown = await sb(['private', 'share', 'nope'], { profile: pair.alice });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no private item has the id "nope"');
  }, 120_000);

  it('leaving needs a confirmation; without a terminal it is refused and nothing changes', async () => {
    const refused = await sb(['leave'], { profile: pair.alice });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('stays with your partner');
    expect(refused.stderr.trim().split('\n').pop()).toContain('securebase leave --yes');
    expect((await sb(['sync'], { profile: pair.alice })).code).toBe(0);
  }, 60_000);

  it('leave writes an export first, then the leaver is locked out and the partner is told', async () => {
    await sbOk(['note', 'add', 'written together'], { profile: pair.bob });
    const left = await sb(['leave', '--yes'], { profile: pair.alice });
    expect(left.code).toBe(0);
    expect(left.stderr).toContain('What you wrote together stays with your partner');
    const exportPath = /Saved your export to (\S+)/.exec(left.stdout)?.[1] as string;
    expect(exportPath.startsWith(`${pair.alice}/`)).toBe(true);
    expect(await modeOf(exportPath)).toBe(0o600);
    const exported = await readFile(exportPath, 'utf8');
    expect(exported).toContain(CANARIES.kept);
    expect(exported).toContain('written together');
    expect(left.stdout).toContain('You have left the space');

    const locked = await sb(['sync'], { profile: pair.alice });
    expect(locked.code).toBe(1);
    expect(locked.stderr.trim().split('\n')).toHaveLength(1);
    expect(locked.stderr).toContain('you left this space');

    const told = await sb(['sync'], { profile: pair.bob });
    expect(told.code).toBe(0);
    expect(told.stderr).toContain('your partner has left this space');
    expect(told.stderr).toContain('stays with you');
    // Told once, plainly; the next command just works.
    await sbOk(['note', 'add', 'after the leave'], { profile: pair.bob });
    const again = await sb(['sync'], { profile: pair.bob });
    expect(again).toMatchObject({ code: 0, stderr: '' });
    const remaining = JSON.parse(await sbOk(['export'], { profile: pair.bob })) as { inbox: Array<{ text: string }> };
    expect(remaining.inbox.map((note) => note.text)).toEqual([CANARIES.shared, 'written together', 'after the leave']);
    const noPartner = await sb(['safety-number'], { profile: pair.bob });
    expect(noPartner.code).toBe(1);
    expect(noPartner.stderr).toContain('your partner has left this space');
    expect(await leaksUnder(pair.dataDir, CANARIES)).toEqual([]);
  }, 120_000);
});
