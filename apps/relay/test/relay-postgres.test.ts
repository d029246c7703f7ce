// The relay on PostgreSQL (`--database postgres://…`), against a private PostgreSQL: two relay
// nodes on one database serve one space (what one node commits, a client of the other catches
// up on; seqs come from the database, so they never collide), /healthz tells whether the
// database answers, and a database restart neither crashes a node nor acks a push it could not
// store. Live delivery between nodes (the bus) is tested in bus-*.test.ts.
import './pg-under-vitest.js';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto } from '@securebase/crypto';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { startPrivatePostgres, type PrivatePostgres } from '../../../test/services/postgres.js';
import { newEnvelope } from './fixtures.js';
import { startTestRelay, type TestRelay } from './relay-harness.js';
import { INTERNAL_ERROR_CLOSE } from '../src/ws/close-codes.js';
import { authenticated, couple, expectFailure, subscribe } from './session-helpers.js';

let server: PrivatePostgres;
let relays: TestRelay[] = [];
let databases = 0;

beforeAll(async () => {
  await readyCrypto();
  server = await startPrivatePostgres();
}, 60_000);
afterEach(async () => {
  for (const relay of relays) await relay.stop();
  relays = [];
});
afterAll(async () => {
  await server.stop();
});

async function freshDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const name = `relay_${++databases}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return server.url.replace(/\/postgres$/, `/${name}`);
}

async function nodes(count: number): Promise<TestRelay[]> {
  const databaseUrl = await freshDatabase();
  for (let i = 0; i < count; i++) relays.push(await startTestRelay({ databaseUrl }));
  return relays;
}

describe('relay on PostgreSQL', () => {
  it('two nodes on one database: seqs interleave without collision and each node catches up on the other', async () => {
    const [one, two] = await nodes(2);
    if (!one || !two) throw new Error('two relays');
    const { space, alice, bob } = await couple(one);
    const a = await authenticated(one, space, alice);
    const b = await authenticated(two, space, bob);
    const acked: number[] = [];
    for (let clock = 1; clock <= 3; clock++) {
      a.send({ type: 'push', docId: SHARED_DOC_ID, ref: clock, envelope: newEnvelope(space, alice, clock) });
      b.send({ type: 'push', docId: SHARED_DOC_ID, ref: clock, envelope: newEnvelope(space, bob, clock) });
      acked.push((await a.expect('ack')).seq, (await b.expect('ack')).seq);
    }
    expect([...acked].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
    const reader = await authenticated(two, space, alice);
    expect(await subscribe(reader)).toEqual({ seqs: [1, 2, 3, 4, 5, 6], headSeq: 6, snapshot: undefined });
    expect(await one.fetchJson('/healthz')).toEqual({ status: 200, body: { ok: true, database: 'ready', bus: 'ready' } });
  });

  it('while the database is down: /healthz answers 503, no push is acked, the node stays up; after it, all is well', async () => {
    const [node] = await nodes(1);
    if (!node) throw new Error('a relay');
    const { space, alice } = await couple(node);
    const socket = await authenticated(node, space, alice);
    socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: 1, envelope: newEnvelope(space, alice, 1) });
    expect(await socket.expect('ack')).toMatchObject({ seq: 1 });
    await server.shutdown('immediate');
    try {
      expect(await node.fetchJson('/healthz')).toEqual({ status: 503, body: { ok: false, database: 'unavailable', bus: 'ready' } });
      socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: 2, envelope: newEnvelope(space, alice, 2) });
      // Not stored, so not acked: the session ends with a server error and the client sends it again later.
      await expectFailure(socket, 'server-error', INTERNAL_ERROR_CLOSE);
    } finally {
      await server.restart();
    }
    expect(await node.fetchJson('/healthz')).toEqual({ status: 200, body: { ok: true, database: 'ready', bus: 'ready' } });
    const again = await authenticated(node, space, alice);
    again.send({ type: 'push', docId: SHARED_DOC_ID, ref: 2, envelope: newEnvelope(space, alice, 2) });
    expect(await again.expect('ack')).toMatchObject({ seq: 2 });
    expect(await subscribe(again)).toMatchObject({ seqs: [1, 2], headSeq: 2 });
  });
});
