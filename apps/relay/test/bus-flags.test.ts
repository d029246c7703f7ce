// Starting a node on the bus (issue 14): `--bus redis://…` or SECUREBASE_BUS_URL (the flag wins),
// `--node-id NAME`, a one-line error for a bad URL that never echoes a password, and a bus only
// with a shared database (SQLite nodes have nothing to share).
import { describe, expect, it } from 'vitest';
import { parseRelayFlags, relayStartOptions } from '../src/cli-flags.js';

const DATABASE = 'postgres://relay@db:5432/securebase';

describe('--bus and --node-id', () => {
  it('joins the bus with --bus or SECUREBASE_BUS_URL (the flag wins), as --node-id; without either, one node', () => {
    const bus = 'redis://:secret@bus:6379/0';
    expect(parseRelayFlags(['--database', DATABASE, '--bus', bus, '--node-id', 'relay-2'])).toMatchObject({ busUrl: bus, nodeId: 'relay-2' });
    expect(relayStartOptions(parseRelayFlags(['--database', DATABASE, '--bus', bus]), { SECUREBASE_BUS_URL: 'redis://other:6379' })).toMatchObject({ busUrl: bus });
    expect(relayStartOptions(parseRelayFlags(['--node-id', 'a.b_c-1']), { SECUREBASE_DATABASE_URL: DATABASE, SECUREBASE_BUS_URL: 'rediss://bus:6380' })).toMatchObject({
      busUrl: 'rediss://bus:6380',
      nodeId: 'a.b_c-1',
    });
    const alone = relayStartOptions(parseRelayFlags(['--database', DATABASE]), {});
    expect(alone).not.toHaveProperty('busUrl');
    expect(alone).not.toHaveProperty('nodeId');
  });

  it('refuses a bad bus URL or node name with one line naming the flag, and never shows the password', () => {
    for (const url of ['postgres://db/x', 'not a url', 'redis://', 'http://:secret@bus:6379']) {
      expect(() => parseRelayFlags(['--bus', url])).toThrow(/^--bus must be a Redis URL like redis:\/\/host:6379/);
      expect(() => parseRelayFlags(['--bus', url])).not.toThrow(/secret/);
    }
    expect(() => relayStartOptions(parseRelayFlags(['--database', DATABASE]), { SECUREBASE_BUS_URL: 'redis//bus' })).toThrow(/^SECUREBASE_BUS_URL must be a Redis URL/);
    for (const name of ['', 'has space', 'x'.repeat(65), 'ünï']) expect(() => parseRelayFlags(['--node-id', name])).toThrow(/^--node-id must be 1 to 64/);
  });

  it('refuses a bus without a shared database', () => {
    expect(() => relayStartOptions(parseRelayFlags(['--bus', 'redis://bus:6379']), {})).toThrow(/^--bus needs --database/);
  });
});
