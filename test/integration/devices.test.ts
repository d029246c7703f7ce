// Safety numbers and a partner's several devices, through the built CLI and a real relay
// process: both partners see the same safety number; a second CLI device linked with a one-time
// code converges with the others; `device list` shows each device once, names only to their
// owner; removing the linked device locks it out while everyone else carries on; a used or
// lapsed link code is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  assertCliBuilt,
  linkNewDevice,
  sb,
  sbOk,
  setUpPair,
  startRelayProcess,
  startSb,
  tempDir,
  type RelayProcess,
} from './cli-harness.js';

const SAFETY_LINE = /^\d{5}( \d{5}){11} — [a-z]+( [a-z]+){5}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Exported {
  inbox: Array<{ text: string }>;
}

async function inboxTexts(profile: string): Promise<string[]> {
  const exported = JSON.parse(await sbOk(['export'], { profile })) as Exported;
  return exported.inbox.map((note) => note.text);
}

/** `device list` as rows of columns (split on the two-space separator). */
async function deviceRows(profile: string): Promise<string[][]> {
  const out = await sbOk(['device', 'list'], { profile });
  return out.trimEnd().split('\n').map((line) => line.split('  '));
}

describe('safety numbers and linked devices', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let relay: RelayProcess | undefined;
  let alice: string;
  let bob: string;
  let laptop: string;
  let spaceId: string;

  beforeAll(async () => {
    assertCliBuilt();
    tmp = await tempDir('devices');
    relay = await startRelayProcess(join(tmp.dir, 'data'));
    ({ alice, bob, spaceId } = await setUpPair(relay.url, tmp.dir));
    laptop = join(tmp.dir, 'alice-laptop');
  });
  afterAll(async () => {
    await relay?.stop();
    await tmp?.cleanup();
  });

  it('both partners see the same one-line safety number, and can mark each other verified', async () => {
    const fromAlice = await sb(['safety-number'], { profile: alice });
    const fromBob = await sb(['safety-number'], { profile: bob });
    expect(fromAlice.code).toBe(0);
    expect(fromAlice.stdout).toMatch(/^[^\n]+\n$/);
    expect(fromAlice.stdout.trim()).toMatch(SAFETY_LINE);
    expect(fromBob.stdout).toBe(fromAlice.stdout);
    expect(fromAlice.stderr).toContain('safety-number --verify');

    const verify = await sb(['safety-number', '--verify'], { profile: alice });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toBe(fromAlice.stdout);
    expect(verify.stderr).toContain('verified');
    const after = await sb(['safety-number'], { profile: alice });
    expect(after.stderr).toBe('You verified your partner on this device.\n');
    // Bob has not verified Alice: his mark is his own.
    expect((await sb(['safety-number'], { profile: bob })).stderr).toContain('safety-number --verify');
  }, 60_000);

  it('links a second device with a one-time code; all three profiles converge', async () => {
    const { code, link, join: joined } = await linkNewDevice(alice, laptop, { name: 'laptop' });
    expect(joined.stderr).not.toContain('securebase:');
    expect(joined.code).toBe(0);
    expect(joined.stdout.trim()).toBe(spaceId);
    expect(link.code).toBe(0);
    expect(code).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/link\/[A-Za-z0-9_-]+$/);
    // The code is the last line of the link command's stdout; its fingerprint went to stderr.
    expect(link.stdout.trimEnd().split('\n').pop()).toBe(code);
    const fingerprint = /fingerprint (\S+?)\./.exec(link.stderr)?.[1];
    expect(fingerprint).toBeDefined();
    expect(joined.stderr).toContain(`fingerprint is ${fingerprint}`);

    await sbOk(['note', 'add', 'from the laptop'], { profile: laptop });
    await sbOk(['note', 'add', 'from Bob'], { profile: bob });
    await sbOk(['note', 'add', 'from the first device'], { profile: alice });
    const seen = await inboxTexts(alice);
    expect(seen).toEqual(['from the laptop', 'from Bob', 'from the first device']);
    expect(await inboxTexts(bob)).toEqual(seen);
    expect(await inboxTexts(laptop)).toEqual(seen);

    // Linking does not change who Alice is: the safety number is the same on her new device.
    const onLaptop = await sbOk(['safety-number'], { profile: laptop });
    expect(onLaptop).toBe(await sbOk(['safety-number'], { profile: bob }));
    expect(onLaptop.trim()).toMatch(SAFETY_LINE);
  }, 120_000);

  it('device list shows every device once, oldest first, with names only to their owner', async () => {
    const fromAlice = await deviceRows(alice);
    const fromLaptop = await deviceRows(laptop);
    const fromBob = await deviceRows(bob);
    expect(fromAlice).toHaveLength(3);
    for (const row of [...fromAlice, ...fromLaptop, ...fromBob]) expect(row[2]).toMatch(DATE);
    const ids = fromAlice.map((row) => row[0]);
    expect(new Set(ids).size).toBe(3);
    expect(fromLaptop.map((row) => row[0])).toEqual(ids);
    expect(fromBob.map((row) => row[0])).toEqual(ids);

    // Oldest first: Alice's first device, Bob's, then the laptop.
    expect(fromAlice.map((row) => [row[1], row[3]])).toEqual([
      ['-', '[this device]'],
      ["(partner's device)", undefined],
      ['laptop', undefined],
    ]);
    expect(fromLaptop.map((row) => [row[1], row[3]])).toEqual([
      ['-', undefined],
      ["(partner's device)", undefined],
      ['laptop', '[this device]'],
    ]);
    // Bob never learns the name of Alice's devices.
    expect(fromBob.map((row) => [row[1], row[3]])).toEqual([
      ["(partner's device)", undefined],
      ['-', '[this device]'],
      ["(partner's device)", undefined],
    ]);
  }, 60_000);

  it('a used link code is refused', async () => {
    const first = join(tmp.dir, 'alice-phone');
    const { code, join: joined } = await linkNewDevice(alice, first);
    expect(joined.code).toBe(0);
    const again = await sb(['device', 'join', code], { profile: join(tmp.dir, 'thief') });
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/already been used|link-used/);
    expect(again.stderr).not.toContain(code.split('#')[1] as string);
    // Tidy up for the next tests: the phone is not needed.
    const phoneId = (await deviceRows(alice)).at(-1)?.[0] as string;
    await sbOk(['device', 'remove', phoneId], { profile: alice });
  }, 120_000);

  it('a code nobody used in time lapses and is then refused', async () => {
    const linking = await startSb(['device', 'link', '--timeout', '1'], { profile: alice });
    const code = await linking.stdoutLine(/#\/link\//);
    const lapsed = await linking.finished;
    expect(lapsed.code).toBe(1);
    expect(lapsed.stderr).toContain('no device asked to join in time');
    const late = await sb(['device', 'join', code], { profile: join(tmp.dir, 'late') });
    expect(late.code).toBe(1);
    expect(late.stderr.trim().split('\n')).toHaveLength(1);
    expect(late.stderr).toMatch(/expired|link-expired/);
  }, 60_000);

  it('refuses to remove the partner\'s device or one\'s last device', async () => {
    const rows = await deviceRows(alice);
    const bobsDevice = rows[1]?.[0] as string;
    const partner = await sb(['device', 'remove', bobsDevice], { profile: alice });
    expect(partner.code).toBe(1);
    expect(partner.stderr).toContain("that is your partner's device");
    const last = await sb(['device', 'remove', bobsDevice], { profile: bob });
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('that is your only device');
    const unknown = await sb(['device', 'remove', 'nope'], { profile: alice });
    expect(unknown.stderr).toContain('no device has the id "nope"');
  }, 60_000);

  it('device join refuses a profile that already belongs to a space', async () => {
    const code = `${relay?.url}/#/link/${'A'.repeat(43)}`;
    const refused = await sb(['device', 'join', code], { profile: bob });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `securebase: this profile (${bob}) already belongs to a space. Use --profile DIR with a new folder for the new device.\n`,
    );
  }, 30_000);

  it('a removed device is locked out; the other devices and the partner carry on', async () => {
    const laptopId = (await deviceRows(laptop)).find((row) => row[3] === '[this device]')?.[0] as string;
    const removed = await sb(['device', 'remove', laptopId], { profile: alice });
    expect(removed.stderr).toBe('');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`Removed device ${laptopId}`);

    const locked = await sb(['sync'], { profile: laptop });
    expect(locked.code).toBe(1);
    expect(locked.stderr.trim().split('\n')).toHaveLength(1);
    expect(locked.stderr).toContain('removed');
    expect((await sb(['note', 'add', 'from a lost laptop'], { profile: laptop })).code).toBe(1);

    await sbOk(['note', 'add', 'after the removal, from Alice'], { profile: alice });
    await sbOk(['note', 'add', 'after the removal, from Bob'], { profile: bob });
    const seen = await inboxTexts(bob);
    expect(seen.slice(-2)).toEqual(['after the removal, from Alice', 'after the removal, from Bob']);
    expect(seen).not.toContain('from a lost laptop');
    expect(await inboxTexts(alice)).toEqual(seen);
    expect((await deviceRows(bob)).map((row) => row[0])).not.toContain(laptopId);
  }, 120_000);
});
