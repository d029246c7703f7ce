// Two partners on separate profiles syncing through a real relay process, driven through the
// built CLI: both see the same workbook, a relay restart loses nothing, and a note written while
// the relay is down is kept and delivered later.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
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

interface ExportedWorkbook {
  vocabulary: Array<{ term: string; category: string; meanings: Array<{ partnerId: string; name?: string; text: string }> }>;
  inbox: Array<{ text: string; kind: string; createdBy: string }>;
}

async function exportJson(profile: string): Promise<ExportedWorkbook> {
  return JSON.parse(await sbOk(['export', '--format', 'json'], { profile })) as ExportedWorkbook;
}

describe('two partners through the CLI', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let relay: RelayProcess | undefined;

  beforeAll(async () => {
    assertCliBuilt();
    tmp = await tempDir('pair');
  });
  afterAll(async () => {
    await relay?.stop();
    await tmp?.cleanup();
  });

  it('both partners export the same workbook with both meanings', async () => {
    relay = await startRelayProcess(join(tmp.dir, 'data-1'));
    const { alice, bob } = await setUpPair(relay.url, join(tmp.dir, 'one'));

    await sbOk(['vocab', 'add', 'flooded', '--meaning', 'too much at once', '--category', 'emotion'], { profile: alice });
    await sbOk(['vocab', 'add', 'Flooded', '--meaning', 'I go quiet and need a pause'], { profile: bob });
    await sbOk(['vocab', 'add', 'reassurance', '--meaning', 'hearing you are staying', '--category', 'need'], { profile: bob });
    await sbOk(['note', 'add', 'Thank you for the walk', '--kind', 'appreciation'], { profile: alice });
    await sbOk(['note', 'add', 'Can we talk about Sunday?', '--kind', 'checkin'], { profile: bob });

    const fromAlice = await exportJson(alice);
    const fromBob = await exportJson(bob);
    expect(fromBob).toEqual(fromAlice);
    expect(fromAlice.vocabulary.map((v) => v.term)).toEqual(['flooded', 'reassurance']);
    const flooded = fromAlice.vocabulary[0]!;
    expect(flooded.meanings.map((m) => [m.name, m.text]).sort()).toEqual([
      ['Alex', 'I go quiet and need a pause'],
      ['Sam', 'too much at once'],
    ]);
    expect(fromAlice.inbox.map((n) => [n.text, n.kind])).toEqual([
      ['Thank you for the walk', 'appreciation'],
      ['Can we talk about Sunday?', 'checkin'],
    ]);

    // Each partner's list shows their own meaning first and the partner's by name.
    const list = (await sbOk(['vocab', 'list'], { profile: bob })).trim().split('\n');
    expect(list).toHaveLength(2);
    expect(list[0]).toBe('flooded (emotion) — you: I go quiet and need a pause — Sam: too much at once');
    expect(list[1]).toBe('reassurance (need) — you: hearing you are staying — Sam: —');

    const md = await sbOk(['export', '--format', 'md'], { profile: alice });
    expect(md).toContain('flooded');
    expect(md).toContain('Thank you for the walk');

    // The profile holds secret keys: private directory, private files.
    expect(await modeOf(alice)).toBe(0o700);
    for (const file of await filesUnder(alice)) expect(await modeOf(file)).toBe(0o600);
    await relay.stop();
    relay = undefined;
  }, 120_000);

  it('a relay restart mid-session loses nothing and the next commands catch up', async () => {
    const dataDir = join(tmp.dir, 'data-2');
    relay = await startRelayProcess(dataDir);
    const port = relay.port;
    const { alice, bob } = await setUpPair(relay.url, join(tmp.dir, 'two'));
    await sbOk(['note', 'add', 'before the restart'], { profile: alice });
    await sbOk(['vocab', 'add', 'safe', '--meaning', 'your hand on my back'], { profile: bob });

    expect(await relay.stop()).toBe(0);
    relay = await startRelayProcess(dataDir, port);
    expect(relay.port).toBe(port);

    await sbOk(['note', 'add', 'after the restart'], { profile: bob });
    const fromAlice = await exportJson(alice);
    expect(fromAlice.inbox.map((n) => n.text)).toEqual(['before the restart', 'after the restart']);
    expect(fromAlice.vocabulary.map((v) => v.term)).toEqual(['safe']);
    expect(await exportJson(bob)).toEqual(fromAlice);
    await relay.stop();
    relay = undefined;
  }, 120_000);

  it('a note written while the relay is down stays pending and is delivered by sync', async () => {
    const dataDir = join(tmp.dir, 'data-3');
    relay = await startRelayProcess(dataDir);
    const port = relay.port;
    const { alice, bob } = await setUpPair(relay.url, join(tmp.dir, 'three'));
    await relay.stop();

    const offline = await sb(['note', 'add', 'written offline', '--kind', 'need'], {
      profile: bob,
      env: { SECUREBASE_TIMEOUT_MS: '1500' },
    });
    expect(offline.code).toBe(1);
    expect(offline.stdout).toBe('');
    const lines = offline.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`could not reach the relay at http://127.0.0.1:${port}`);
    expect(lines[0]).toContain('saved on this device');

    relay = await startRelayProcess(dataDir, port);
    // Alice sees nothing yet: the note is only in Bob's profile.
    expect((await exportJson(alice)).inbox).toEqual([]);
    expect((await sbOk(['sync'], { profile: bob })).trim()).toBe('Up to date.');
    const seen = (await exportJson(alice)).inbox;
    expect(seen.map((n) => [n.text, n.kind])).toEqual([['written offline', 'need']]);
    await relay.stop();
    relay = undefined;
  }, 120_000);
});
