/**
 * Flags of the relay's command-line entry (main.ts), parsed with node:util parseArgs.
 *
 *   parseRelayFlags(['--port', '0', '--data', '/tmp/relay']);
 *   // { host: '127.0.0.1', port: 0, dataDir: '/tmp/relay' }
 */
import { parseArgs } from 'node:util';

export const RELAY_USAGE = 'usage: main.js [--host HOST] [--port PORT] [--data DIR]';

export interface RelayFlags {
  host: string;
  port: number;
  dataDir: string;
}

/** Parse argv (without node and script); throws an Error with a one-line message on bad flags. */
export function parseRelayFlags(argv: string[]): RelayFlags {
  let values: { host?: string | undefined; port?: string | undefined; data?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { host: { type: 'string' }, port: { type: 'string' }, data: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // parseArgs explains some mistakes over several lines; the entry promises one line.
    const code = (error as { code?: unknown }).code;
    if (error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new Error(error.message.split('\n')[0] ?? 'bad flags');
    }
    throw error;
  }
  const portText = values.port ?? '8787';
  const port = /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535) throw new Error('--port must be an integer from 0 to 65535');
  if (values.host === '') throw new Error('--host must not be empty');
  if (values.data === '') throw new Error('--data must not be empty');
  return { host: values.host ?? '127.0.0.1', port, dataDir: values.data ?? './data' };
}
