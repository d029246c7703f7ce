// The seq race on PostgreSQL (issue 14): 16 devices on 16 connections spread over three relay
// nodes push into ONE document as fast as the relays answer, while database backends are killed
// (pg_terminate_backend) every few milliseconds. A client whose socket ends sends again what was
// not acked, as the sync client does. At the end the stored seqs are exactly 1..count, and every
// acked (author, clock) is stored at the seq its ack named: no gap, no seq given twice, no ack
// for anything not stored.
import './pg-under-vitest.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto, type DeviceKeys } from '@securebase/crypto';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { startPrivatePostgres, type PrivatePostgres } from '../../../test/services/postgres.js';
import { newEnvelope } from './fixtures.js';
import { authenticated, linkDevice, pairedCouple, type TestCouple } from './pairing-fixtures.js';
import { startTestRelay, type TestRelay } from './relay-harness.js';

const NODES = 3;
const DEVICES = 16;
const PUSHES_PER_DEVICE = 100;
/** Pushes a connection keeps in flight. */
const WINDOW = 4;

let server: PrivatePostgres;
const relays: TestRelay[] = [];

beforeAll(async () => {
  await readyCrypto();
  server = await startPrivatePostgres();
}, 60_000);
afterAll(async () => {
  for (const relay of relays) await relay.stop();
  await server.stop();
});

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Push clocks 1..PUSHES_PER_DEVICE for `device`, reconnecting (to the next node) whenever the socket ends. */
async function pushAll(c: TestCouple, device: DeviceKeys, first: number, acks: Map<string, number>, reconnects: { n: number }): Promise<void> {
  const envelopes = Array.from({ length: PUSHES_PER_DEVICE }, (_, i) => newEnvelope(c.space, device, i + 1));
  let acked = 0;
  for (let node = first; acked < PUSHES_PER_DEVICE; node++) {
    const relay = relays[node % NODES];
    if (!relay) throw new Error('no relay');
    let socket;
    try {
      socket = await authenticated(relay, c, device);
    } catch {
      reconnects.n++;
      continue;
    }
    let sent = acked;
    try {
      while (acked < PUSHES_PER_DEVICE) {
        while (sent < PUSHES_PER_DEVICE && sent - acked < WINDOW) {
          sent++;
          socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: sent, envelope: envelopes[sent - 1] ?? new Uint8Array(0) });
        }
        const frame = await socket.next();
        if (frame.type !== 'ack') break;
        // The frame queue answers in order: this ack is for the oldest push in flight.
        expect(frame.ref).toBe(acked + 1);
        acks.set(`${hex(device.signPublicKey)}:${frame.ref}`, frame.seq);
        acked = frame.ref;
      }
    } catch {
      // The socket ended (a server error while the database cut a connection): send again.
    }
    socket.terminate();
    reconnects.n++;
  }
}

describe('seq race on PostgreSQL', () => {
  it('16 connections on 3 nodes, one document, backends killed meanwhile: seqs exactly 1..count, every ack stored at its seq', async () => {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE race');
    const databaseUrl = server.url.replace(/\/postgres$/, '/race');
    const limits = { maxFramesPerSecond: 1e6, frameBurst: 1e6, httpRequestsPerMinute: 1e6 };
    for (let i = 0; i < NODES; i++) relays.push(await startTestRelay({ databaseUrl, limits }));
    const [entry] = relays;
    if (!entry) throw new Error('no relay');
    const c = await pairedCouple(entry);
    for (let i = 0; i < (DEVICES - 2) / 2; i++) {
      await linkDevice(entry, c, c.alice);
      await linkDevice(entry, c, c.bob);
    }
    const devices = [...c.alice.devices, ...c.bob.devices];
    expect(devices).toHaveLength(DEVICES);

    // Kill relay backends of the test database, one at a time, until the pushers are done.
    let killing = true;
    let killed = 0;
    const killer = (async () => {
      while (killing) {
        const result = await admin.query<{ ok: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
           WHERE datname = 'race' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
           ORDER BY random() LIMIT 1`,
        );
        killed += result.rows.filter((row) => row.ok).length;
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();

    const acks = new Map<string, number>();
    const reconnects = { n: 0 };
    await Promise.all(devices.map((device, i) => pushAll(c, device, i, acks, reconnects)));
    killing = false;
    await killer;

    const total = DEVICES * PUSHES_PER_DEVICE;
    expect(acks.size).toBe(total);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const rows = (await db.query<{ seq: string; author: Buffer; clock: string }>('SELECT seq, author, clock FROM updates WHERE space_id = $1 AND doc_id = $2 ORDER BY seq', [c.space.spaceId, SHARED_DOC_ID])).rows;
    const head = (await db.query<{ head_seq: string }>('SELECT head_seq FROM documents WHERE space_id = $1 AND doc_id = $2', [c.space.spaceId, SHARED_DOC_ID])).rows[0];
    await db.end();
    await admin.end();
    expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(Number(head?.head_seq)).toBe(total);
    const storedAt = new Map(rows.map((row) => [`${hex(row.author)}:${row.clock}`, Number(row.seq)]));
    for (const [key, seq] of acks) expect(storedAt.get(key), key).toBe(seq);
    // The run did what it says: backends were killed and clients had to come back.
    expect(killed).toBeGreaterThan(0);
    console.log(`seq race: ${total} pushes acked, ${killed} backends killed, ${reconnects.n} reconnects`);
  }, 300_000);
});
