/**
 * The hostile side of the soak: one bounded client per attack the hardening issue lists, each
 * from its own address, each recording how the relay answered. Every loop is bounded in count
 * and stops when `stop()` is called; none needs anything from the honest side.
 *
 *   const hostile = await startHostileClients(relay.url);
 *   ... the soak runs ...
 *   const outcomes = await hostile.stop(); // [{ attack: 'resubscribe-flood', sent: 3000, refusals: { 'slow-consumer': 1 } }, ...]
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createGenesisOp, generateDeviceKeys, randomId, sealEnvelope } from '@securebase/crypto';
import { privateDocId, scopeForDoc, SHARED_DOC_ID, toBase64Url, type EnvelopeKind, type Frame } from '@securebase/protocol';
import { createInviteLink, createSpace, currentKey, joinSpace, type Credentials } from '@securebase/sync';
import { addressFor, clientAt, type ClientAt } from './client-address.js';
import { connectMember, openRawSocket, type RawMember } from './raw-member.js';

export interface AttackOutcome {
  attack: string;
  /** Requests or frames the attacker sent. */
  sent: number;
  /** How the relay refused: error codes and close codes (as `close 4012`), with counts. */
  refusals: Record<string, number>;
  /** Honest checks inside the attack (e.g. the other partner could still write): must be true. */
  heldUp: boolean;
}

export interface HostileClients {
  stop(): Promise<AttackOutcome[]>;
}

const count = (into: Record<string, number>, key: string): void => {
  into[key] = (into[key] ?? 0) + 1;
};

/**
 * An envelope (an update unless `kind` says otherwise) of `bytes` plaintext from `creds`' device at `clock`. The plaintext is
 * zeros: the relay never sees it, and libsodium's randombytes takes seconds for a megabyte in
 * WebAssembly, which would stall this process's event loop (and its own handshakes).
 */
function sealedEnvelope(creds: Credentials, docId: string, clock: number, bytes: number, kind: EnvelopeKind = 'update'): Uint8Array {
  const key = currentKey(creds, scopeForDoc(docId));
  return sealEnvelope({
    header: { spaceId: creds.spaceId, docId, epoch: key.epoch, author: creds.device.signPublicKey, clock, kind },
    plaintext: new Uint8Array(bytes),
    epochKey: key.key,
    device: creds.device,
  });
}

/** Push `frames` one at a time, each waiting for its answer (ack or error). */
async function pushAll(member: RawMember, frames: Frame[], stopped: () => boolean): Promise<number> {
  const answers = (): number => (member.received['ack'] ?? 0) + member.errors.length;
  let sent = 0;
  for (const frame of frames) {
    if (stopped() || !member.send(frame)) break;
    sent += 1;
    const before = answers();
    for (let waited = 0; answers() === before && waited < 5000; waited += 5) await sleep(5);
  }
  return sent;
}

/** Start every attack; each runs until its bound or until stop(). */
export async function startHostileClients(relayUrl: string): Promise<HostileClients> {
  let stopped = false;
  const isStopped = (): boolean => stopped;
  const at = (n: number): ClientAt => clientAt(addressFor(n));
  const pair = async (n: number): Promise<[Credentials, Credentials]> => {
    const alice = await createSpace(relayUrl, { fetch: at(n).fetch });
    const { link } = await createInviteLink(alice, { fetch: at(n).fetch });
    return [alice, await joinSpace(link, { fetch: at(n + 1).fetch })];
  };

  const attacks: Promise<AttackOutcome>[] = [];
  // An attack that itself fails (its socket refused before welcome, say) reports that, not a crash.
  const run = (attack: string, body: () => Promise<AttackOutcome>): void => {
    attacks.push(body().catch((error: unknown) => ({ attack, sent: 0, refusals: { [`attack failed: ${(error as Error).message}`]: 1 }, heldUp: false })));
  };

  // 1. Re-subscribe flood: a member with stored updates stops reading and re-sends `subscribe`.
  run('resubscribe-flood', async () => {
    const [alice] = await pair(10);
    const writer = await connectMember(relayUrl, alice, at(10));
    const frames = Array.from({ length: 40 }, (_, i): Frame => ({ type: 'push', docId: SHARED_DOC_ID, ref: i + 1, envelope: sealedEnvelope(alice, SHARED_DOC_ID, i + 1, 100_000) }));
    await pushAll(writer, frames, isStopped);
    writer.terminate();
    const reader = await connectMember(relayUrl, alice, at(10));
    reader.stopReading();
    const refusals: Record<string, number> = {};
    let sent = 0;
    for (; sent < 5000 && !stopped; sent += 1) {
      if (!reader.send({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 })) break;
      if (sent % 100 === 99) await sleep(20);
    }
    const closed = await Promise.race([reader.closed, sleep(2000).then(() => undefined)]);
    if (closed) count(refusals, `close ${closed.code}`);
    reader.terminate();
    return { attack: 'resubscribe-flood', sent, refusals, heldUp: true };
  });

  // 2. Stalled readers: 32 sockets, each subscribed to 63 documents, that never read.
  run('stalled-readers', async () => {
    // Two spaces: a space admits 16 connections at once.
    const spaces = [(await pair(20))[0], (await pair(22))[0]];
    const refusals: Record<string, number> = {};
    const readers: RawMember[] = [];
    for (let i = 0; i < 32 && !stopped; i++) {
      const alice = spaces[i % 2]!;
      const reader = await connectMember(relayUrl, alice, at(20 + 2 * (i % 2))).catch((error: unknown) => {
        count(refusals, `connect refused: ${(error as Error).message.slice(0, 40)}`);
        return undefined;
      });
      if (!reader) continue;
      reader.stopReading();
      reader.send({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 });
      for (let d = 1; d < 63; d++) reader.send({ type: 'subscribe', docId: `stalled-${d}`, afterSeq: 0 });
      readers.push(reader);
    }
    while (!stopped) await sleep(100);
    for (const reader of readers) {
      for (const code of reader.errors) count(refusals, code);
      reader.terminate();
    }
    return { attack: 'stalled-readers', sent: readers.length * 63, refusals, heldUp: true };
  });

  // 3. Creating spaces without end from one address.
  run('create-flood', async () => {
    const refusals: Record<string, number> = {};
    const { fetch: from } = at(30);
    let sent = 0;
    for (; sent < 2000 && !stopped; sent += 1) {
      const device = generateDeviceKeys();
      const genesis = createGenesisOp({ spaceId: randomId(), partnerId: randomId(), device, now: Date.now() });
      const response = await from(`${relayUrl}/v1/spaces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ genesis: toBase64Url(genesis) }),
      }).catch((error: unknown) => {
        count(refusals, `network: ${(error as Error).message}`);
        return undefined;
      });
      if (!response) continue;
      if (response.status !== 201) count(refusals, `${response.status} ${((await response.json()) as { error?: { code?: string } }).error?.code}`);
      else await response.arrayBuffer();
      if (sent % 50 === 49) await sleep(10);
    }
    return { attack: 'create-flood', sent, refusals, heldUp: true };
  });

  // 4. Invites without end in one space.
  run('invite-flood', async () => {
    const refusals: Record<string, number> = {};
    const alice = await createSpace(relayUrl, { fetch: at(40).fetch });
    let sent = 0;
    for (; sent < 1000 && !stopped; sent += 1) {
      await createInviteLink(alice, { fetch: at(40).fetch }).catch((error: unknown) => count(refusals, (error as { code?: string }).code ?? 'error'));
      if (sent % 50 === 49) await sleep(10);
    }
    return { attack: 'invite-flood', sent, refusals, heldUp: true };
  });

  // 5. Junk signatures: a member pushes updates whose signature is garbage.
  run('junk-signatures', async () => {
    const [alice] = await pair(50);
    const member = await connectMember(relayUrl, alice, at(50));
    let sent = 0;
    for (; sent < 200 && !stopped; sent += 1) {
      const envelope = sealedEnvelope(alice, SHARED_DOC_ID, sent + 1, 200);
      envelope[envelope.length - 1] = (envelope.at(-1) ?? 0) ^ 0xff;
      if (!member.send({ type: 'push', docId: SHARED_DOC_ID, ref: sent + 1, envelope })) break;
      await sleep(20);
    }
    await sleep(200);
    const refusals: Record<string, number> = {};
    for (const code of member.errors) count(refusals, code);
    member.terminate();
    return { attack: 'junk-signatures', sent, refusals, heldUp: (member.received['ack'] ?? 0) === 0 };
  });

  // 6. One partner fills the space: the other must still be able to write.
  run('quota-fill', async () => {
    const [alice, bob] = await pair(60);
    const filler = await connectMember(relayUrl, bob, at(61));
    let clock = 0;
    let sent = 0;
    // Paced under the relay's byte budget (4 MiB/s), so what stops it is the quota, not the rate.
    while (!stopped && sent < 200 && filler.errors.length === 0) {
      clock += 1;
      const pushed = await pushAll(filler, [{ type: 'push', docId: SHARED_DOC_ID, ref: clock, envelope: sealedEnvelope(bob, SHARED_DOC_ID, clock, 900_000) }], isStopped);
      if (pushed === 0) break;
      sent += pushed;
      await sleep(300);
    }
    const refusals: Record<string, number> = {};
    for (const code of filler.errors) count(refusals, code);
    filler.terminate();
    // The other partner still writes to the shared and to her private document.
    const writer = await connectMember(relayUrl, alice, at(60));
    const before = writer.received['ack'] ?? 0;
    writer.send({ type: 'push', docId: SHARED_DOC_ID, ref: 1, envelope: sealedEnvelope(alice, SHARED_DOC_ID, 1, 500) });
    writer.send({ type: 'push', docId: privateDocId(alice.partnerId), ref: 2, envelope: sealedEnvelope(alice, privateDocId(alice.partnerId), 1, 500) });
    for (let waited = 0; (writer.received['ack'] ?? 0) - before < 2 && writer.errors.length === 0 && waited < 5000; waited += 10) await sleep(10);
    const heldUp = (writer.received['ack'] ?? 0) - before === 2;
    writer.terminate();
    return { attack: 'quota-fill', sent, refusals, heldUp };
  });

  // 7. A frame flood from one member connection.
  run('frame-flood', async () => {
    const [alice] = await pair(70);
    const member = await connectMember(relayUrl, alice, at(70));
    const envelope = sealedEnvelope(alice, SHARED_DOC_ID, 1, 50, 'ephemeral');
    let sent = 0;
    for (; sent < 20_000 && !stopped; sent += 1) {
      if (!member.send({ type: 'ephemeral', docId: SHARED_DOC_ID, envelope })) break;
      if (sent % 500 === 499) await sleep(5);
    }
    const closed = await Promise.race([member.closed, sleep(2000).then(() => undefined)]);
    const refusals: Record<string, number> = {};
    for (const code of member.errors) count(refusals, code);
    if (closed) count(refusals, `close ${closed.code}`);
    member.terminate();
    return { attack: 'frame-flood', sent, refusals, heldUp: true };
  });

  // 8. An HTTP flood from one address.
  run('http-flood', async () => {
    const [alice] = await pair(80);
    const refusals: Record<string, number> = {};
    let sent = 0;
    for (; sent < 5000 && !stopped; sent += 1) {
      const response = await at(82).fetch(`${relayUrl}/v1/spaces/${alice.spaceId}/membership`);
      await response.arrayBuffer();
      if (response.status !== 200) count(refusals, `${response.status}`);
    }
    return { attack: 'http-flood', sent, refusals, heldUp: true };
  });

  // 9. Connections that never authenticate, from one address.
  run('idle-connections', async () => {
    const [alice] = await pair(90);
    const refusals: Record<string, number> = {};
    const sockets = Array.from({ length: 300 }, () => {
      const ws = openRawSocket(relayUrl, alice.spaceId, at(92));
      ws.on('error', () => count(refusals, 'connect error'));
      ws.on('unexpected-response', (_req, res) => count(refusals, `${res.statusCode}`));
      ws.on('close', (code) => count(refusals, `close ${code}`));
      return ws;
    });
    while (!stopped) await sleep(100);
    for (const ws of sockets) ws.terminate();
    return { attack: 'idle-connections', sent: sockets.length, refusals, heldUp: true };
  });

  return {
    async stop() {
      stopped = true;
      return Promise.all(attacks);
    },
  };
}
