/**
 * The CLI's error types and the one place that turns any failure into a single stderr line.
 *
 * Commands throw `UsageError` for bad arguments (exit 2) and `CliError` for runtime failures
 * (exit 1); a `SecureBaseError` from the sync core is shown with its plain-language message.
 *
 *   throw new UsageError('missing the invitation link.', 'securebase join LINK');
 *   const { line, exitCode } = describeError(err, env);
 */
import { ModelValidationError } from '@securebase/model';
import { SecureBaseError } from '@securebase/protocol';
import { describeCode } from './error-codes.js';
import { t } from './words.js';

/** Exit status for a command line that could not be understood. */
export const EXIT_USAGE = 2;
/** Exit status for a well-formed command that failed while running. */
export const EXIT_FAILURE = 1;

/** A command line that could not be understood; the message says what to type instead. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An expected runtime failure whose message is already written for the person. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** The relay could not be reached at all (refused, unknown host, or no answer in time). */
export class RelayUnreachableError extends CliError {
  readonly relayUrl: string;
  readonly withinSeconds: number | undefined;
  constructor(relayUrl: string, opts: { withinSeconds?: number; changeSaved?: boolean } = {}) {
    const reason =
      opts.withinSeconds === undefined
        ? t('cli.relay.unreachable', { relay: relayUrl })
        : t('cli.relay.unreachableWithin', { relay: relayUrl, seconds: opts.withinSeconds });
    super(opts.changeSaved ? `${reason} ${t('cli.relay.changeSaved')}` : reason);
    this.name = 'RelayUnreachableError';
    this.relayUrl = relayUrl;
    this.withinSeconds = opts.withinSeconds;
  }
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** True when `err` is Node's fetch/socket failure to reach a host (not an HTTP error answer). */
export function isNetworkError(err: unknown): boolean {
  let current: unknown = err;
  // Node's fetch wraps the socket error as `TypeError('fetch failed', { cause })`, sometimes twice.
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code !== undefined && NETWORK_ERROR_CODES.has(code)) return true;
    if (current.name === 'AggregateError') {
      const inner = (current as AggregateError).errors;
      if (inner.some((e) => isNetworkError(e))) return true;
    }
    current = current.cause;
  }
  return err instanceof TypeError && err.message === 'fetch failed';
}

/** Strip control characters and newlines so a message stays one safe terminal line. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- reason: control characters in text from a peer could move the cursor or fake output.
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

export interface ErrorReport {
  line: string;
  exitCode: number;
}

/** Turn any thrown value into the one stderr line and the exit status for it. */
export function describeError(err: unknown, env: Record<string, string | undefined>): ErrorReport {
  if (err instanceof UsageError) {
    return { line: `securebase: ${oneLine(err.message)}`, exitCode: EXIT_USAGE };
  }
  if (err instanceof CliError) {
    return { line: `securebase: ${oneLine(err.message)}`, exitCode: EXIT_FAILURE };
  }
  if (err instanceof ModelValidationError) {
    return { line: `securebase: ${describeValidation(err)}`, exitCode: EXIT_USAGE };
  }
  if (err instanceof SecureBaseError) {
    // The plain message is written for people; the code lets them search the docs or report it.
    return { line: `securebase: ${describeCode(err.code)} [${err.code}]`, exitCode: EXIT_FAILURE };
  }
  // A bug rather than an expected failure: one line by default, the stack only when asked for.
  const message = err instanceof Error ? err.message : String(err);
  const debug = env.SECUREBASE_DEBUG === '1' && err instanceof Error && err.stack ? `\n${err.stack}` : '';
  return {
    line: `securebase: ${t('cli.error.unexpected', { message: oneLine(message) })}${debug}`,
    exitCode: EXIT_FAILURE,
  };
}

function describeValidation(err: ModelValidationError): string {
  switch (err.reason) {
    case 'required':
      return t('cli.validation.required', { field: err.field });
    case 'too-long':
      return t('cli.validation.tooLong', { field: err.field });
    case 'unknown-id':
      return t('cli.validation.unknownId');
    default:
      return t('cli.validation.invalid', { field: err.field });
  }
}
