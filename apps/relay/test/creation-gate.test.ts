// The space-creation gate (issue 9, finding 3): with creation codes configured, POST /v1/spaces
// without a valid `creationCode` answers 403 `creation-closed` (before the fix any anonymous
// caller created spaces); the codes file is re-read when it changes and on reload (SIGHUP).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto } from '@securebase/crypto';
import { toBase64Url } from '@securebase/protocol';
import { CreationCodes, parseCreationCodes } from '../src/http/creation-gate.js';
import { startEdgeRelay, type EdgeRelay } from './edge-relay.js';
import { newSpace } from './fixtures.js';
import { expectError } from './relay-harness.js';

let r: EdgeRelay | undefined;
let dir: string | undefined;
beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await r?.stop();
  r = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const create = (relay: EdgeRelay, creationCode?: unknown) =>
  relay.request('/v1/spaces', { json: { genesis: toBase64Url(newSpace(relay.clock.now).genesis), creationCode } });

function codesFile(text: string): string {
  dir = mkdtempSync(join(tmpdir(), 'relay-codes-'));
  const path = join(dir, 'creation-codes');
  writeFileSync(path, text);
  return path;
}

describe('creation codes', () => {
  it('parses one code per line, skipping blank lines and comments', () => {
    expect(parseCreationCodes('# for Sam and Alex\nfirst-code\n\n  second-code  \r\n#third\n')).toEqual(['first-code', 'second-code']);
    expect(parseCreationCodes('a, b c')).toEqual(['a', 'b', 'c']);
  });

  it('accepts exactly the codes it holds', () => {
    const gate = new CreationCodes(['k3y-one', 'k3y-two']);
    expect(gate.allows('k3y-one')).toBe(true);
    expect(gate.allows(' k3y-two ')).toBe(true);
    expect(gate.allows('k3y-thre')).toBe(false);
    expect(gate.allows('')).toBe(false);
    expect(new CreationCodes([]).allows('anything')).toBe(false);
  });
});

describe('POST /v1/spaces with the gate on', () => {
  it('refuses a creation without a code or with a wrong one, and creates with a valid one', async () => {
    r = await startEdgeRelay({ creationCodesFile: codesFile('# codes\ncode-for-sam\n') });
    expectError(await create(r), 'creation-closed', 403);
    expectError(await create(r, 'code-for-someone-else'), 'creation-closed', 403);
    expectError(await create(r, 42), 'invalid-request', 400);
    expect((await create(r, 'code-for-sam')).status).toBe(201);
    // Invites, reads and the rest of the API are not gated.
    expect((await r.request('/healthz')).status).toBe(200);
  });

  it('re-reads the codes file when it changes, and on reload()', async () => {
    const path = codesFile('old-code\n');
    r = await startEdgeRelay({ creationCodesFile: path });
    expect((await create(r, 'old-code')).status).toBe(201);
    writeFileSync(path, 'new-code\nlonger second line so the size changes\n');
    r.relay.reload();
    expectError(await create(r, 'old-code'), 'creation-closed', 403);
    expect((await create(r, 'new-code')).status).toBe(201);
    // Without reload(): the file is watched.
    writeFileSync(path, 'newest-code\n');
    await expect.poll(async () => (await create(r as EdgeRelay, 'newest-code')).status, { timeout: 8000, interval: 500 }).toBe(201);
  });

  it('takes codes from the environment too (SECUREBASE_CREATION_CODES)', async () => {
    r = await startEdgeRelay({ creationCodes: ['env-code'] });
    expectError(await create(r), 'creation-closed', 403);
    expect((await create(r, 'env-code')).status).toBe(201);
  });

  it('fails to start when the codes file cannot be read', async () => {
    await expect(startEdgeRelay({ creationCodesFile: '/nonexistent/securebase-codes' })).rejects.toThrow(/ENOENT/);
  });

  it('without the option creates as before, ignoring any code', async () => {
    r = await startEdgeRelay();
    expect((await create(r)).status).toBe(201);
    expect((await create(r, 'whatever')).status).toBe(201);
  });
});
