/**
 * Failpoints for the fault tests (issue 14): a relay node that kills itself with SIGKILL, as a
 * crashed machine would, at one point of a push. Honoured only when SECUREBASE_TEST_FAILPOINTS=1 is
 * set as well, so a production node never acts on a stray SECUREBASE_FAILPOINT.
 *
 *   SECUREBASE_TEST_FAILPOINTS=1 SECUREBASE_FAILPOINT=after-commit SECUREBASE_FAILPOINT_PUSH=5
 *   // the 5th push of this process that commits: the process dies before its ack is sent
 *
 * The points, in the order a push passes them:
 * - before-commit: the push is checked and about to be written; nothing of it is stored.
 * - after-commit: the commit returned; no ack was sent (the client must send it again and get the
 *   same seq back as an identical retry).
 * - after-ack: the ack was handed to the socket; the fan-out to other sessions and nodes was not
 *   published (receivers must find the update by reading storage).
 * It fires once per process start, on the Nth push that reaches the armed point
 * (SECUREBASE_FAILPOINT_PUSH, default 1); with SIGKILL there is no second time, so "every Nth"
 * would change nothing. The count is taken at the point itself, in the same synchronous step as
 * the check: pushes of several sessions overlap (one waits on its COMMIT while others start), so
 * a count taken when a push starts and read again after its COMMIT has moved on by then, and a
 * push that does not get that far (a duplicate retry, a refusal) must not use up the Nth place.
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
/** Pushes that have reached the armed point so far. */
let reached = 0;

/** Die here if this is the armed point and the push reaching it now is the Nth to get here. */
export function failpoint(name: FailpointName): void {
  if (setting?.name !== name || ++reached !== setting.push) return;
  // A pipe to stderr is written synchronously on Linux, so the test sees this line before the exit.
  process.stderr.write(`${JSON.stringify({ event: 'failpoint', failpoint: name })}\n`);
  process.kill(process.pid, 'SIGKILL');
}
