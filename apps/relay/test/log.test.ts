// Structured logs (issue 9, finding 8): before the fix lines were plain text with no timestamp
// or level ("http POST /v1/spaces 201 3ms"). Now every line is a pino JSON line with `time`,
// `level` and `msg`; refusals are logged by kind; no id, key or address is ever written.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto } from '@securebase/crypto';
import { toBase64Url } from '@securebase/protocol';
import { createRelayLog } from '../src/log.js';
import { startEdgeRelay, type EdgeRelay } from './edge-relay.js';
import { newSpace } from './fixtures.js';

interface LogRecord {
  time: string;
  level: string;
  msg: string;
  [field: string]: unknown;
}

const parse = (line: string): LogRecord => JSON.parse(line) as LogRecord;

let r: EdgeRelay | undefined;
beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await r?.stop();
  r = undefined;
});

describe('relay log', () => {
  it('writes one JSON line per event, each with an ISO time, a level and a message', async () => {
    r = await startEdgeRelay({ trustProxy: ['127.0.0.1'], limits: { spaceCreationsPerHour: 1 } });
    const space = newSpace(r.clock.now);
    await r.request('/v1/spaces', { json: { genesis: toBase64Url(space.genesis) }, from: '203.0.113.5' });
    await r.request('/v1/spaces', { json: { genesis: toBase64Url(newSpace().genesis) }, from: '203.0.113.5' });
    await r.request(`/v1/spaces/${space.spaceId}/membership`, { from: '203.0.113.5' });

    expect(r.logLines.length).toBeGreaterThanOrEqual(4);
    const records = r.logLines.map(parse);
    for (const record of records) {
      expect(Number.isNaN(Date.parse(record.time))).toBe(false);
      expect(['info', 'warn', 'error']).toContain(record.level);
      expect(typeof record.msg).toBe('string');
      expect(record).not.toHaveProperty('pid');
      expect(record).not.toHaveProperty('hostname');
    }
    expect(records).toContainEqual(expect.objectContaining({ level: 'info', method: 'POST', route: '/v1/spaces', status: 201 }));
    expect(records).toContainEqual(expect.objectContaining({ level: 'info', method: 'GET', route: '/v1/spaces/:spaceId/membership', status: 200 }));
    expect(records).toContainEqual(expect.objectContaining({ level: 'warn', kind: 'create-space', msg: 'rate limited create-space' }));
    const text = r.logLines.join('\n');
    for (const secret of [space.spaceId, toBase64Url(space.owner.signPublicKey), '203.0.113.5', '127.0.0.1']) expect(text).not.toContain(secret);
  });

  it('writes internal errors by class and message only', () => {
    const lines: string[] = [];
    const log = createRelayLog((line) => lines.push(line));
    const error = new TypeError('disk is full');
    log.internalError('websocket session', error);
    log.socketClose(4013);
    log.limitHit('spaces-total');
    const [failure, close, limit] = lines.map(parse);
    expect(failure).toMatchObject({ level: 'error', where: 'websocket session', error: { name: 'TypeError', message: 'disk is full' } });
    expect(JSON.stringify(failure)).not.toContain('at ');
    expect(close).toMatchObject({ level: 'info', code: 4013, msg: 'ws close 4013' });
    expect(limit).toMatchObject({ level: 'warn', kind: 'spaces-total' });
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
  });
});
