// A space is for two people: an invitation works once, and a third person is refused whether
// they hold a used link, an unused link made before the space filled up, or ask for a new one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertCliBuilt, sb, sbOk, startRelayProcess, tempDir, type RelayProcess } from './cli-harness.js';

function expectOneErrorLine(result: { code: number | null; stdout: string; stderr: string }, code: number, text: string): void {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^securebase: /);
  expect(lines[0]).toContain(text);
}

describe('invitations and the two-partner limit', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let relay: RelayProcess;

  beforeAll(async () => {
    assertCliBuilt();
    tmp = await tempDir('members');
    relay = await startRelayProcess(join(tmp.dir, 'data'));
  });
  afterAll(async () => {
    await relay?.stop();
    await tmp?.cleanup();
  });

  it('refuses a used invitation, a spare one, and creating another once the space is full', async () => {
    const alice = join(tmp.dir, 'alice');
    const bob = join(tmp.dir, 'bob');
    const eve = join(tmp.dir, 'eve');
    await sbOk(['init', '--relay', relay.url, '--name', 'Sam'], { profile: alice });
    const first = await sb(['invite'], { profile: alice });
    expect(first.code).toBe(0);
    // `invite` prints the link and nothing else.
    expect(first.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/join\/[A-Za-z0-9_-]+\n$/);
    const link = first.stdout.trim();
    const spare = (await sbOk(['invite'], { profile: alice })).trim();
    expect(spare).not.toBe(link);

    await sbOk(['join', link, '--name', 'Alex'], { profile: bob });

    const reused = await sb(['join', link, '--name', 'Eve'], { profile: eve });
    expectOneErrorLine(reused, 1, 'already been used');
    expect(reused.stderr).not.toContain(link.split('#')[1]!);

    const withSpare = await sb(['join', spare, '--name', 'Eve'], { profile: eve });
    expectOneErrorLine(withSpare, 1, 'two partners');

    const another = await sb(['invite'], { profile: alice });
    expectOneErrorLine(another, 1, 'two partners');
    const fromBob = await sb(['invite'], { profile: bob });
    expectOneErrorLine(fromBob, 1, 'two partners');

    // The refused device was never given credentials.
    expect(existsSync(join(eve, 'sealed', 'credentials'))).toBe(false);
    const eveExport = await sb(['export'], { profile: eve });
    expectOneErrorLine(eveExport, 1, 'has not joined a space yet');
  }, 120_000);

  it('refuses a second init on a profile that already has a space', async () => {
    const carol = join(tmp.dir, 'carol');
    await sbOk(['init', '--relay', relay.url], { profile: carol });
    const again = await sb(['init', '--relay', relay.url], { profile: carol });
    expectOneErrorLine(again, 1, 'already belongs to a space');
  }, 60_000);
});
