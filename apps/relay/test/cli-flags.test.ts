// Flag parsing of the relay's command-line entry.
import { describe, expect, it } from 'vitest';
import { parseRelayFlags } from '../src/cli-flags.js';

describe('parseRelayFlags', () => {
  it('fills in defaults', () => {
    expect(parseRelayFlags([])).toEqual({ host: '127.0.0.1', port: 8787, dataDir: './data' });
  });

  it('reads --host, --port and --data', () => {
    expect(parseRelayFlags(['--host', '0.0.0.0', '--port', '0', '--data', '/tmp/x'])).toEqual({ host: '0.0.0.0', port: 0, dataDir: '/tmp/x' });
  });

  it('throws one-line errors for bad flags', () => {
    for (const argv of [['--port', 'abc'], ['--port', '70000'], ['--port', '-1'], ['--verbose'], ['extra'], ['--host', '']]) {
      expect(() => parseRelayFlags(argv), argv.join(' ')).toThrow(/^[^\n]+$/);
    }
  });
});
