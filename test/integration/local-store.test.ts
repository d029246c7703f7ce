// A CLI profile at rest, through the built CLI and a real relay process: nothing written with
// `note add`, `vocab add` or `private add` can be found in any file under the profile folder
// (as UTF-8, UTF-16LE or base64), nor the device's secret keys or the space keys; a passphrase
// set with `lock set` is needed by every command (one clear line when missing or wrong) until
// `lock remove`; and a profile written in the clear by the previous CLI version is moved into the
// encrypted store on its first open, its private items into the private workbook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocket as NodeWebSocket } from 'ws';
import * as Y from 'yjs';
import { FileStateStore } from '@securebase/cli';
import { readyCrypto } from '@securebase/crypto';
import { Workbook } from '@securebase/model';
import { SHARED_DOC_ID } from '@securebase/protocol';
import {
  EncryptedProvider,
  EncryptedStateStore,
  createSpace,
  decodeCredentials,
  encodeCredentials,
  openLocalKey,
  openPrivateDoc,
  type Credentials,
  type LocalStateStore,
} from '@securebase/sync';
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
  type RunResult,
} from './cli-harness.js';

const CANARIES = {
  note: 'Zqatrestnote4471',
  term: 'Zqatrestterm8026',
  meaning: 'Zqatrestmeaning3390',
  private: 'Zqatrestprivate6157',
  lockedNote: 'Zqatrestlocked2284',
  oldNote: 'Zqatrestoldnote7713',
  oldPrivate: 'Zqatrestoldprivate5542',
};

// reason: `ws` implements the browser WebSocket API the provider uses, but its types differ.
const WebSocketPolyfill = NodeWebSocket as unknown as typeof WebSocket;

/** Every canary (and secret) found in any file under `dir`, as "file: what". */
async function leaksUnder(dir: string, secrets: Record<string, Uint8Array> = {}): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dir)) {
    const bytes = await readFile(file);
    for (const leak of canariesIn(bytes, CANARIES)) found.push(`${file}: ${leak}`);
    for (const [name, secret] of Object.entries(secrets)) {
      const raw = Buffer.from(secret);
      const forms = { raw, base64: Buffer.from(raw.toString('base64')), base64url: Buffer.from(raw.toString('base64url')) };
      for (const [how, form] of Object.entries(forms)) if (bytes.includes(form)) found.push(`${file}: ${name} as ${how}`);
    }
  }
  return found;
}

/** This device's credentials, read the way the CLI reads them (the profile has no passphrase). */
async function credentialsOf(profile: string): Promise<Credentials> {
  await readyCrypto();
  const files = await FileStateStore.open(join(profile, 'sealed'));
  const bytes = await new EncryptedStateStore(files, await openLocalKey(files)).get('credentials');
  if (!bytes) throw new Error(`no credentials in ${profile}`);
  return decodeCredentials(bytes);
}

function secretsOf(creds: Credentials): Record<string, Uint8Array> {
  const secrets: Record<string, Uint8Array> = {
    signSecretKey: creds.device.signSecretKey,
    boxSecretKey: creds.device.boxSecretKey,
  };
  for (const entry of creds.keys) secrets[`${entry.scope}@${entry.epoch}`] = entry.key;
  return secrets;
}

function expectOneErrorLine(result: RunResult, text: string): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^securebase: /);
  expect(lines[0]).toContain(text);
}

/** Attach a provider to `doc` with `store`, let `act` change it, and wait for the relay's ack. */
async function writeThrough(provider: EncryptedProvider, act: () => void): Promise<void> {
  try {
    await provider.whenSynced();
    act();
    await provider.flush();
  } finally {
    await provider.destroy();
  }
}

/** A profile as the previous CLI version left it: every record in the clear in `<dir>/store/`. */
async function writeOldProfile(relayUrl: string, dir: string): Promise<Credentials> {
  const creds = await createSpace(relayUrl);
  const plain: LocalStateStore = await FileStateStore.open(join(dir, 'store'));
  await plain.set('credentials', encodeCredentials(creds));
  const shared = new Y.Doc();
  await writeThrough(new EncryptedProvider(relayUrl, SHARED_DOC_ID, shared, { credentials: creds, store: plain, WebSocketPolyfill }), () =>
    new Workbook(shared).inbox.add({ text: CANARIES.oldNote }, creds.partnerId),
  );
  // The previous CLI kept private items in its own map, 'privateItems', of the private document.
  const mine = new Y.Doc();
  await writeThrough(openPrivateDoc(creds, mine, { store: plain, WebSocketPolyfill }), () => {
    const item = new Y.Map<unknown>();
    item.set('text', CANARIES.oldPrivate);
    item.set('createdAt', Date.now());
    mine.getMap<unknown>('privateItems').set('Ab3dEf9h', item);
  });
  return creds;
}

describe('CLI profile at rest', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let relay: RelayProcess | undefined;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    assertCliBuilt();
    tmp = await tempDir('at-rest');
    relay = await startRelayProcess(join(tmp.dir, 'data'));
    ({ alice, bob } = await setUpPair(relay.url, tmp.dir));
  });
  afterAll(async () => {
    await relay?.stop();
    await tmp?.cleanup();
  });

  it('the leak check itself finds canaries and secrets in the clear', async () => {
    const probe = join(tmp.dir, 'probe');
    await mkdir(probe);
    // 0xfb bytes encode to "+/v7…" in base64 and "-_v7…" in base64url: the two forms differ.
    const secret = new Uint8Array(32).fill(0xfb);
    await writeFile(join(probe, 'file'), `${CANARIES.note}|${Buffer.from(secret).toString('base64')}|${Buffer.from(CANARIES.term, 'utf16le').toString('latin1')}`, 'latin1');
    expect(await leaksUnder(probe, { secret })).toEqual([
      `${join(probe, 'file')}: note as utf8`,
      `${join(probe, 'file')}: term as utf16le`,
      `${join(probe, 'file')}: secret as base64`,
    ]);
  });

  it('nothing written with note, vocab or private add is in any file of the profile, nor any key', async () => {
    await sbOk(['note', 'add', CANARIES.note], { profile: alice });
    await sbOk(['vocab', 'add', CANARIES.term, '--meaning', CANARIES.meaning], { profile: alice });
    await sbOk(['private', 'add', CANARIES.private], { profile: alice });

    // Written for real: the commands read them back, and the partner sees the shared ones.
    expect(await sbOk(['private', 'list'], { profile: alice })).toContain(CANARIES.private);
    const bobSees = await sbOk(['export'], { profile: bob });
    for (const text of [CANARIES.note, CANARIES.term, CANARIES.meaning]) expect(bobSees).toContain(text);

    const files = await filesUnder(alice);
    expect(files.map((file) => file.slice(alice.length))).toContain('/sealed/credentials');
    expect(files.some((file) => file.includes('/store/'))).toBe(false);
    for (const file of files) expect(await modeOf(file)).toBe(0o600);
    expect(await leaksUnder(alice, secretsOf(await credentialsOf(alice)))).toEqual([]);
    expect(await leaksUnder(bob, secretsOf(await credentialsOf(bob)))).toEqual([]);
  }, 120_000);

  it('lock set: every command needs the passphrase, a missing or wrong one is one clear line, lock remove undoes it', async () => {
    const passFile = join(tmp.dir, 'alice-pass');
    const wrongFile = join(tmp.dir, 'wrong-pass');
    await writeFile(passFile, 'a long walk by the river\n', { mode: 0o600 });
    await writeFile(wrongFile, 'a short walk by the river\n', { mode: 0o600 });
    const locked = await sb(['lock', 'set', '--passphrase-file', passFile], { profile: alice });
    expect(locked.code).toBe(0);
    expect(locked.stdout).toContain('Locked this profile with a passphrase');
    expect(locked.stdout + locked.stderr).not.toContain('river');

    const missing = await sb(['note', 'add', CANARIES.lockedNote], { profile: alice });
    expectOneErrorLine(missing, '[local-store-locked] This profile has a passphrase: set SECUREBASE_PASSPHRASE or pass --passphrase-file FILE.');
    expect(missing.stderr).toContain('The data on this device is locked.');
    const wrongEnv = await sb(['private', 'list'], { profile: alice, env: { SECUREBASE_PASSPHRASE: 'a short walk by the river' } });
    expectOneErrorLine(wrongEnv, 'The passphrase from SECUREBASE_PASSPHRASE is not the right one.');
    const wrongFileRun = await sb(['export', '--passphrase-file', wrongFile], { profile: alice });
    expectOneErrorLine(wrongFileRun, 'The passphrase from --passphrase-file is not the right one.');

    // The right passphrase, from the environment or a file (before or after the command).
    await sbOk(['note', 'add', CANARIES.lockedNote], { profile: alice, env: { SECUREBASE_PASSPHRASE: 'a long walk by the river' } });
    expect(await sbOk(['private', 'list', '--passphrase-file', passFile], { profile: alice })).toContain(CANARIES.private);
    expect(await sbOk(['--passphrase-file', passFile, 'export'], { profile: alice })).toContain(CANARIES.lockedNote);
    expect(await sbOk(['export'], { profile: bob })).toContain(CANARIES.lockedNote);
    expect(await leaksUnder(alice)).toEqual([]);

    const removed = await sb(['lock', 'remove', '--passphrase-file', passFile], { profile: alice });
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Removed the passphrase');
    expect(await sbOk(['private', 'list'], { profile: alice })).toContain(CANARIES.private);
    expect(await leaksUnder(alice, secretsOf(await credentialsOf(alice)))).toEqual([]);
  }, 120_000);

  it('moves a profile the previous version wrote in the clear into the encrypted store, once', async () => {
    const old = join(tmp.dir, 'old-profile');
    const creds = await writeOldProfile(relay!.url, old);
    // The old profile really held everything in the clear.
    expect((await leaksUnder(old, secretsOf(creds))).length).toBeGreaterThan(0);

    const first = await sb(['export'], { profile: old });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(CANARIES.oldNote);
    expect(first.stderr).toBe('securebase: this profile was written by an earlier version; its data is now encrypted on disk.\n');
    expect(existsSync(join(old, 'store'))).toBe(false);

    // Its private item moved into the private workbook: listed (under a new id), and only once.
    const listed = await sb(['private', 'list'], { profile: old });
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toMatch(new RegExp(`^[A-Za-z0-9_-]{22}  ${CANARIES.oldPrivate}\\n$`));
    expect(await sbOk(['private', 'list'], { profile: old })).toBe(listed.stdout);
    const id = listed.stdout.split('  ')[0] as string;
    expect(await sbOk(['private', 'share', id.slice(0, 6)], { profile: old })).toContain('visible to your partner');
    expect(await sbOk(['export'], { profile: old })).toContain(CANARIES.oldPrivate);

    expect(await leaksUnder(old, secretsOf(await credentialsOf(old)))).toEqual([]);
  }, 120_000);
});
