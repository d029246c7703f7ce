// Flag parsing of the relay's command-line entry (also used by `securebase relay`): defaults,
// the operator's options for the open internet, and a one-line error naming the flag for every
// bad value.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseByteSize, parseRelayFlags, relayStartOptions } from '../src/cli-flags.js';

const DEFAULTS = { host: '127.0.0.1', port: 8787, dataDir: './data', trustProxy: [], allowOrigins: [], limits: {} };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'relay-flags-'));
  writeFileSync(join(dir, 'token'), 'a-long-enough-metrics-token\n');
  writeFileSync(join(dir, 'short-token'), 'short\n');
  writeFileSync(join(dir, 'codes'), 'code-one\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('parseRelayFlags', () => {
  it('fills in defaults', () => {
    expect(parseRelayFlags([])).toEqual(DEFAULTS);
  });

  it('reads --host, --port and --data', () => {
    expect(parseRelayFlags(['--host', '0.0.0.0', '--port', '0', '--data', '/tmp/x'])).toEqual({ ...DEFAULTS, host: '0.0.0.0', port: 0, dataDir: '/tmp/x' });
  });

  it('reads the options for running on the internet', () => {
    const flags = parseRelayFlags([
      '--trust-proxy', '127.0.0.1,::1',
      '--trust-proxy', '10.0.0.2',
      '--allow-origin', 'https://notes.example',
      '--allow-origin', 'http://localhost:5173',
      '--creation-codes-file', '/etc/sb/codes',
      '--metrics-token-file', '/etc/sb/token',
      '--max-spaces', '500',
      '--max-total-bytes', '20G',
      '--max-connections', '300',
      '--http-requests-per-minute', '6000',
    ]);
    expect(flags).toEqual({
      ...DEFAULTS,
      trustProxy: ['127.0.0.1', '::1', '10.0.0.2'],
      allowOrigins: ['https://notes.example', 'http://localhost:5173'],
      creationCodesFile: '/etc/sb/codes',
      metricsTokenFile: '/etc/sb/token',
      limits: { maxSpaces: 500, maxTotalBytes: 20 * 1024 ** 3, maxConnections: 300, httpRequestsPerMinute: 6000 },
    });
  });

  it('reads byte sizes with binary units', () => {
    expect(parseByteSize('1024', '--x')).toBe(1024);
    expect(parseByteSize('512M', '--x')).toBe(512 * 1024 ** 2);
    expect(parseByteSize('2GiB', '--x')).toBe(2 * 1024 ** 3);
    expect(parseByteSize('1t', '--x')).toBe(1024 ** 4);
  });

  it('throws one-line errors that name the flag', () => {
    const cases: [string[], RegExp][] = [
      [['--port', 'abc'], /--port/],
      [['--port', '70000'], /--port/],
      [['--port', '-1'], /--port|argument/],
      [['--verbose'], /verbose/],
      [['extra'], /extra/],
      [['--host', ''], /--host/],
      [['--trust-proxy', 'nginx.local'], /--trust-proxy/],
      [['--trust-proxy', '127.0.0.1,'], /--trust-proxy/],
      [['--allow-origin', '*'], /--allow-origin/],
      [['--allow-origin', 'https://notes.example/'], /--allow-origin/],
      [['--allow-origin', 'https://notes.example/app'], /--allow-origin/],
      [['--allow-origin', 'ftp://notes.example'], /--allow-origin/],
      [['--max-spaces', '0'], /--max-spaces/],
      [['--max-spaces', '1.5'], /--max-spaces/],
      [['--max-connections', 'many'], /--max-connections/],
      [['--http-requests-per-minute', '0'], /--http-requests-per-minute must be a whole number/],
      [['--max-total-bytes', '20X'], /--max-total-bytes/],
      [['--max-total-bytes', '0'], /--max-total-bytes/],
      [['--creation-codes-file', ''], /--creation-codes-file/],
      [['--metrics-token-file', ''], /--metrics-token-file/],
      [['--database', 'mysql://db/relay'], /--database/],
      [['--database', 'not a url'], /--database/],
    ];
    for (const [argv, names] of cases) {
      expect(() => parseRelayFlags(argv), argv.join(' ')).toThrow(/^[^\n]+$/);
      expect(() => parseRelayFlags(argv), argv.join(' ')).toThrow(names);
    }
  });
});

describe('relayStartOptions', () => {
  it('reads the metrics token file and passes the rest on', () => {
    const flags = parseRelayFlags(['--metrics-token-file', join(dir, 'token'), '--creation-codes-file', join(dir, 'codes'), '--trust-proxy', '127.0.0.1']);
    expect(relayStartOptions(flags, {})).toMatchObject({
      metricsToken: 'a-long-enough-metrics-token',
      creationCodesFile: join(dir, 'codes'),
      trustProxy: ['127.0.0.1'],
    });
  });

  it('takes the token and codes from the environment', () => {
    const options = relayStartOptions(parseRelayFlags([]), { SECUREBASE_METRICS_TOKEN: 'env-token-0123456789', SECUREBASE_CREATION_CODES: 'one,two three' });
    expect(options).toMatchObject({ metricsToken: 'env-token-0123456789', creationCodes: ['one', 'two', 'three'] });
    expect(relayStartOptions(parseRelayFlags([]), {})).not.toHaveProperty('metricsToken');
  });

  it('stores in PostgreSQL with --database or SECUREBASE_DATABASE_URL (the flag wins), and in SQLite without', () => {
    const url = 'postgres://relay:secret@db.internal:5432/securebase';
    expect(parseRelayFlags(['--database', url])).toEqual({ ...DEFAULTS, databaseUrl: url });
    expect(relayStartOptions(parseRelayFlags(['--database', url]), { SECUREBASE_DATABASE_URL: 'postgres://other/db' })).toMatchObject({ databaseUrl: url });
    expect(relayStartOptions(parseRelayFlags([]), { SECUREBASE_DATABASE_URL: url })).toMatchObject({ databaseUrl: url });
    expect(relayStartOptions(parseRelayFlags([]), {})).not.toHaveProperty('databaseUrl');
    // The URL may hold a password: a refusal never repeats it.
    expect(() => relayStartOptions(parseRelayFlags([]), { SECUREBASE_DATABASE_URL: 'http://relay:secret@db/x' })).toThrow(/^SECUREBASE_DATABASE_URL must be a PostgreSQL URL[^\n]*$/);
    expect(() => parseRelayFlags(['--database', 'mysql://relay:secret@db/x'])).not.toThrow(/secret/);
  });

  it('throws one-line errors for unreadable files and weak tokens', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => relayStartOptions(parseRelayFlags(['--metrics-token-file', join(dir, 'missing')]), {}), /--metrics-token-file: cannot read .*ENOENT/],
      [() => relayStartOptions(parseRelayFlags(['--metrics-token-file', join(dir, 'short-token')]), {}), /at least 16 characters/],
      [() => relayStartOptions(parseRelayFlags(['--creation-codes-file', join(dir, 'missing')]), {}), /--creation-codes-file: cannot read/],
      [() => relayStartOptions(parseRelayFlags([]), { SECUREBASE_METRICS_TOKEN: 'short' }), /SECUREBASE_METRICS_TOKEN/],
    ];
    for (const [run, pattern] of cases) {
      expect(run).toThrow(pattern);
      expect(run).toThrow(/^[^\n]+$/);
    }
  });
});
