/**
 * Failpoints for the fault tests (issue 14): a relay node that kills itself with SIGKILL, as a
 * crashed machine would, at one point of a push. Honoured only when SECUREBASE_TEST_FAILPOINTS=1 is
 * set as well, so a production node never acts on a stray SECUREBASE_FAILPOINT.
 *
 *   SECUREBASE_TEST_FAILPOINTS=1 SECUREBASE_FAILPOINT=after-commit SECUREBASE_FAILPOINT_PUSH=5
 *   // the 5th push this process handles commits, then the process dies before the ack is sent
 *
 * The points, in the order a push passes them:
 * - before-commit: the push is checked and about to be written; nothing of it is stored.
 * - after-commit: the commit returned; no ack was sent (the client must send it again and get the
 *   same seq back as an identical retry).
 * - after-ack: the ack was handed to the socket; the fan-out to other sessions and nodes was not
 *   published (receivers must find the update by reading storage).
 * It fires once per process start, on the Nth push the process handles (SECUREBASE_FAILPOINT_PUSH,
 * default 1); with SIGKILL there is no second time, so "every Nth" would change nothing.
 */
export type FailpointName = 'before-commit' | 'after-commit' | 'after-ack';

const NAMES: readonly FailpointName[] = ['before-commit', 'after-commit', 'after-ack'];

interface Armed {
  name: FailpointName;
  push: number;
}

function armed(env: NodeJS.ProcessEnv): Armed | undefined {
  if (env['SECUREBASE_TEST_FAILPOINTS'] !== '1') return undefined;
  const name = env['SECUREBASE_FAILPOINT'];
  if (name === undefined || name === '') return undefined;
  if (!NAMES.includes(name as FailpointName)) {
    throw new Error(`SECUREBASE_FAILPOINT=${name} is not a failpoint: use one of ${NAMES.join(', ')}`);
  }
  const push = Number(env['SECUREBASE_FAILPOINT_PUSH'] ?? '1');
  if (!Number.isSafeInteger(push) || push < 1) throw new Error(`SECUREBASE_FAILPOINT_PUSH must be a whole number from 1, not ${env['SECUREBASE_FAILPOINT_PUSH']}`);
  return { name: name as FailpointName, push };
}

// Read once at start: the setting belongs to the process, not to a request.
const setting = armed(process.env);
let pushes = 0;

/** Count one push reaching the write (call once per push, at 'before-commit'). */
export function pushStarted(): void {
  if (setting) pushes++;
}

/** Die here if this failpoint is armed for the current push. */
export function failpoint(name: FailpointName): void {
  if (setting?.name !== name || pushes !== setting.push) return;
  // A pipe to stderr is written synchronously on Linux, so the test sees this line before the exit.
  process.stderr.write(`${JSON.stringify({ event: 'failpoint', failpoint: name })}\n`);
  process.kill(process.pid, 'SIGKILL');
}
