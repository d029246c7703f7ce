/**
 * The relay's only log lines, as pino JSON lines (`time` in ISO 8601, `level` as a word, `msg`):
 * one per HTTP request (method, route PATTERN, status, ms), one per WebSocket open/close (close
 * code), one per refusal by a limit or rate limit (its kind), and internal errors (class and
 * message). Route patterns keep space ids and invite ids out of the log; nothing else about a
 * request, a socket, its address or its content is ever written. `msg` repeats the fields as a
 * short sentence so the log reads well without a JSON viewer.
 *
 *   const log = createRelayLog((line) => process.stderr.write(line + '\n'));
 *   log.request('GET', '/v1/invites/:inviteId', 404, 3);
 *   // {"level":"info","time":"2025-01-01T12:00:00.000Z","method":"GET","route":"/v1/invites/:inviteId","status":404,"ms":3,"msg":"http GET /v1/invites/:inviteId 404 3ms"}
 */
import { pino } from 'pino';
import type { LimitKind, RateKind } from './metrics.js';

/** Where log lines go; receives one line at a time, without a newline. */
export type LogSink = (line: string) => void;

export interface RelayLog {
  /** One finished HTTP request. `route` must be the route pattern, never the concrete path. */
  request(method: string, route: string, status: number, ms: number): void;
  /** A WebSocket session opened. */
  socketOpen(): void;
  /** A WebSocket session closed with `code`. */
  socketClose(code: number): void;
  /** A rate limit refused something. */
  rateLimited(kind: RateKind): void;
  /** A limit refused something. */
  limitHit(kind: LimitKind): void;
  /**
   * An unexpected failure inside the relay (a bug or a broken disk), so an operator can see it.
   * Only the error's class name and message are written: relay code never puts content in them.
   */
  internalError(where: string, error: unknown): void;
}

/** A RelayLog writing pino JSON lines to `sink`. */
export function createRelayLog(sink: LogSink): RelayLog {
  const logger = pino(
    {
      // No pid or hostname: nothing the operator did not ask for.
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    { write: (chunk: string) => sink(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) },
  );
  return {
    request: (method, route, status, ms) => logger.info({ method, route, status, ms }, `http ${method} ${route} ${status} ${ms}ms`),
    socketOpen: () => logger.info('ws open'),
    socketClose: (code) => logger.info({ code }, `ws close ${code}`),
    rateLimited: (kind) => logger.warn({ kind }, `rate limited ${kind}`),
    limitHit: (kind) => logger.warn({ kind }, `limit hit ${kind}`),
    internalError: (where, error) => {
      const what = error instanceof Error ? { name: error.name, message: error.message } : { name: typeof error, message: '' };
      logger.error({ where, error: what }, `error in ${where}: ${what.name}: ${what.message}`);
    },
  };
}

/** A RelayLog that writes nothing (the default for embedded relays and tests). */
export const silentLog: RelayLog = {
  request: () => undefined,
  socketOpen: () => undefined,
  socketClose: () => undefined,
  rateLimited: () => undefined,
  limitHit: () => undefined,
  internalError: () => undefined,
};
