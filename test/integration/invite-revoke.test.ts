// `securebase invite --revoke` through the built CLI and a real relay process: it cancels every
// open invitation in one line, the partner holding a cancelled link is told plainly, and a new
// invitation still works. Errors stay one line with the usual exit codes.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, sb, sbOk, startRelayProcess, tempDir, type RelayProcess } from './cli-harness.js';

describe('securebase invite --revoke', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let relay: RelayProcess | undefined;

  beforeAll(async () => {
    assertCliBuilt();
    tmp = await tempDir('revoke');
  });
  afterAll(async () => {
    await relay?.stop();
    await tmp?.cleanup();
  });

  it('cancels every open invitation; a cancelled link answers that it was cancelled; a new one works', async () => {
    relay = await startRelayProcess(join(tmp.dir, 'data'));
    const alice = join(tmp.dir, 'alice');
    const bob = join(tmp.dir, 'bob');
    await sbOk(['init', '--relay', relay.url, '--name', 'Sam'], { profile: alice });
    const first = (await sbOk(['invite'], { profile: alice })).trim();
    await sbOk(['invite'], { profile: alice });

    expect(await sbOk(['invite', '--revoke'], { profile: alice })).toBe('Cancelled 2 open invitation(s).\n');
    const refused = await sb(['join', first, '--name', 'Alex'], { profile: bob });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('This invitation was cancelled. Ask your partner for a new one.');
    expect(refused.stderr).not.toContain(first);

    expect(await sbOk(['invite', '--revoke'], { profile: alice })).toBe('Cancelled 0 open invitation(s).\n');
    const fresh = (await sbOk(['invite'], { profile: alice })).trim();
    await sbOk(['join', fresh, '--name', 'Alex'], { profile: bob });
  });

  it('refuses an argument with a usage error and exit code 2', async () => {
    const lone = join(tmp.dir, 'lone');
    const result = await sb(['invite', '--revoke', 'extra'], { profile: lone });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('securebase invite [--revoke]');
  });
});
