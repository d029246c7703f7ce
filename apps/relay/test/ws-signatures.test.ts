// The relay verifies every envelope's signature by its (authenticated) author before it stores or
// forwards it (issue 9, finding 5): a member cannot plant junk that would prune real history.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, readyCrypto } from '@securebase/crypto';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { newEnvelope } from './fixtures.js';
import { startTestRelay, type TestRelay } from './relay-harness.js';
import { authenticated, expectFailure, soloSpace, subscribe } from './session-helpers.js';

let h: TestRelay | undefined;

beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** The same envelope with its 64-byte signature replaced by random bytes. */
function junkSignature(envelope: Uint8Array): Uint8Array {
  const junk = envelope.slice();
  junk.set(randomBytes(64), envelope.length - 64);
  return junk;
}

describe('envelope signatures', () => {
  it('refuses a junk-signed snapshot and update with bad-signature: nothing stored, acked or pruned', async () => {
    const r = (h = await startTestRelay());
    const space = await soloSpace(r);
    const alice = space.owner;
    const a = await authenticated(r, space, alice);
    const valid = newEnvelope(space, alice, 1);
    a.send({ type: 'push', docId: SHARED_DOC_ID, ref: 1, envelope: valid });
    expect(await a.expect('ack')).toMatchObject({ ref: 1, seq: 1 });

    const snapshot = junkSignature(newEnvelope(space, alice, 1, { kind: 'snapshot' }));
    a.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 2, parentHash: new Uint8Array(0), coversSeq: 1, envelope: snapshot });
    await expectFailure(a, 'bad-signature', undefined, 2);

    a.send({ type: 'push', docId: SHARED_DOC_ID, ref: 3, envelope: junkSignature(newEnvelope(space, alice, 2)) });
    await expectFailure(a, 'bad-signature', undefined, 3);

    // The session goes on, and the refused update did not use up clock 2.
    a.send({ type: 'push', docId: SHARED_DOC_ID, ref: 4, envelope: newEnvelope(space, alice, 2) });
    expect(await a.expect('ack')).toMatchObject({ ref: 4, seq: 2 });

    // Every stored update is still there, no snapshot replaced them, and the head is where the valid pushes put it.
    const b = await authenticated(r, space, alice);
    const caughtUp = await subscribe(b);
    expect(caughtUp).toMatchObject({ seqs: [1, 2], headSeq: 2, snapshot: undefined });
  });

  it('does not forward a junk-signed ephemeral', async () => {
    const r = (h = await startTestRelay());
    const space = await soloSpace(r);
    const alice = space.owner;
    const a = await authenticated(r, space, alice);
    // Another session of the same device: fan-out goes to every other session of the space.
    const b = await authenticated(r, space, alice);
    await subscribe(b);
    a.send({ type: 'ephemeral', docId: SHARED_DOC_ID, envelope: junkSignature(newEnvelope(space, alice, 1, { kind: 'ephemeral' })) });
    await expectFailure(a, 'bad-signature', undefined, 0);
    const presence = newEnvelope(space, alice, 2, { kind: 'ephemeral' });
    a.send({ type: 'ephemeral', docId: SHARED_DOC_ID, envelope: presence });
    // The first thing Bob receives is the valid one.
    expect(await b.next()).toEqual({ type: 'ephemeral', docId: SHARED_DOC_ID, envelope: presence });
  });
});
