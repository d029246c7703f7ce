/**
 * The relay's only log lines: one per HTTP request (method, route PATTERN, status, ms) and one
 * per WebSocket open/close (close code). Route patterns keep space ids and invite ids out of the
 * log; nothing else about a request, a socket or its content is ever written.
 *
 *   const log = createRelayLog((line) => process.stderr.write(line + '\n'));
 *   log.request('GET', '/v1/invites/:inviteId', 404, 3);
 */

/** Where log lines go; receives one line at a time, without a newline. */
export type LogSink = (line: string) => void;

export interface RelayLog {
  /** One finished HTTP request. `route` must be the route pattern, never the concrete path. */
  request(method: string, route: string, status: number, ms: number): void;
  /** A WebSocket session opened. */
  socketOpen(): void;
  /** A WebSocket session closed with `code`. */
  socketClose(code: number): void;
  /**
   * An unexpected failure inside the relay (a bug or a broken disk), so an operator can see it.
   * Only the error's class name and message are written: relay code never puts content in them.
   */
  internalError(where: string, error: unknown): void;
}

/** A RelayLog writing plain one-line records to `sink`. */
export function createRelayLog(sink: LogSink): RelayLog {
  return {
    request: (method, route, status, ms) => sink(`http ${method} ${route} ${status} ${ms}ms`),
    socketOpen: () => sink('ws open'),
    socketClose: (code) => sink(`ws close ${code}`),
    internalError: (where, error) => {
      const what = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
      sink(`error in ${where}: ${what}`);
    },
  };
}

/** A RelayLog that writes nothing (the default for embedded relays and tests). */
export const silentLog: RelayLog = createRelayLog(() => undefined);
