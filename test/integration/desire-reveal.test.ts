/**
 * The mutual reveal over a real relay (behind the attacking proxy): two partners' providers run
 * a round and each gets exactly the intersection and both counts; frames the relay tampers
 * with, replays or brings back from another round are refused with typed errors and the round
 * still ends right; a round with nobody on the other side times out; a partner's stop ends it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHARED_DOC_ID, toBase64Url, type Frame } from '@securebase/protocol';
import { createDeviceLinkCode, joinAsLinkedDevice, type Credentials, type DesireRevealRound } from '@securebase/sync';
import { canariesIn } from './canaries.js';
import { eventually, startScenario, type Peer, type Scenario } from '../adversarial/scenario.js';

const X = 'Xqdesirelantern4417';
const Y = 'Yqdesireharbour8823';
const Z = 'Zqdesiremeadow3391';

let s: Scenario;

beforeEach(async () => {
  s = await startScenario();
});

afterEach(async () => {
  await s.close();
});

async function openBoth(): Promise<[Peer, Peer]> {
  const a = s.open(s.alice);
  const b = s.open(s.bob);
  await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
  return [a, b];
}

/** Link a new device to `creds`' partner through the real flow. */
async function linkDevice(creds: Credentials): Promise<Credentials> {
  const link = await createDeviceLinkCode(creds);
  const joined = joinAsLinkedDevice(link.code, { pollMs: 20 });
  await link.waitForRequest({ pollMs: 20 });
  await link.approve();
  return joined;
}

function refusals(round: DesireRevealRound): string[] {
  const codes: string[] = [];
  round.onRefused((error) => codes.push(error.code));
  return codes;
}

/** Every ephemeral envelope the clients sent through the proxy. */
function sentEphemerals(): Uint8Array[] {
  return s.proxy.connections.flatMap((c) => c.fromClient).flatMap((f) => (f.type === 'ephemeral' ? [f.envelope] : []));
}

describe('mutual reveal over the relay', () => {
  it('gives both partners exactly the intersection and both counts, in same-sized frames the relay never stores', async () => {
    const [a, b] = await openBoth();
    const roundA = a.provider.reveals.start({ items: [X, Y, 'desire-long-hug'], timeoutMs: 15_000 });
    const roundB = b.provider.reveals.start({ items: [`  ${Y.toUpperCase()} `, Z, 'desire-long-hug'], timeoutMs: 15_000 });
    const [outA, outB] = await Promise.all([roundA.outcome, roundB.outcome]);
    expect(outA.ok && [outA.value.ownCount, outA.value.partnerCount]).toEqual([3, 3]);
    expect(outA.ok && outA.value.matches.sort()).toEqual([Y, 'desire-long-hug'].sort());
    expect(outB.ok && outB.value.matches.sort()).toEqual([`  ${Y.toUpperCase()} `, 'desire-long-hug'].sort());
    expect(outB.ok && [outB.value.ownCount, outB.value.partnerCount]).toEqual([3, 3]);
    expect([roundA.phase, roundB.phase]).toEqual(['done', 'done']);
    // A new round may start once one ended.
    a.provider.reveals.start({ items: [X], timeoutMs: 50 }).cancel();
    // One size on the wire whatever the message, and nothing written to the relay's log.
    const sent = sentEphemerals();
    expect(new Set(sent.map((e) => e.length)).size).toBe(1);
    for (const envelope of sent) expect(canariesIn(Buffer.from(envelope), { X, Y, Z })).toEqual([]);
    expect(s.proxy.pushed({ spaceId: s.alice.spaceId, docId: SHARED_DOC_ID, kind: 'push' })).toEqual([]);
  });

  it('refuses tampered, replayed and other-round frames with typed errors, and still ends right', async () => {
    // Round 1: record Bob's frames, to bring them back into round 2.
    const [a1, b1] = await openBoth();
    await Promise.all([
      a1.provider.reveals.start({ items: [X], timeoutMs: 15_000 }).outcome,
      b1.provider.reveals.start({ items: [X], timeoutMs: 15_000 }).outcome,
    ]);
    // What the relay delivered to Alice in round 1: Bob's hello, steps and all.
    const old = s.proxy.connections
      .filter((c) => c.deviceKey === toBase64Url(s.alice.device.signPublicKey))
      .flatMap((c) => c.toClient)
      .filter((f): f is Extract<Frame, { type: 'ephemeral' }> => f.type === 'ephemeral');
    expect(old.length).toBeGreaterThan(0);
    await Promise.all([a1.provider.destroy(), b1.provider.destroy()]);

    // Round 2, fresh providers: every ephemeral to Alice comes tampered, then twice; the first
    // time, after every frame of round 1.
    let first = true;
    s.proxy.attack(s.alice.device.signPublicKey, (frame) => {
      if (frame.type !== 'ephemeral') return undefined;
      const tampered = frame.envelope.slice();
      tampered[tampered.length - 70]! ^= 1;
      const out: Frame[] = [...(first ? old : []), { ...frame, envelope: tampered }, frame, frame];
      first = false;
      return out;
    });
    const [a2, b2] = await openBoth();
    const roundA = a2.provider.reveals.start({ items: [X, Y], timeoutMs: 15_000 });
    const codes = refusals(roundA);
    const roundB = b2.provider.reveals.start({ items: [Y, Z], timeoutMs: 15_000 });
    const [outA, outB] = await Promise.all([roundA.outcome, roundB.outcome]);
    expect(outA).toEqual({ ok: true, value: { matches: [Y], ownCount: 2, partnerCount: 2 } });
    expect(outB).toEqual({ ok: true, value: { matches: [Y], ownCount: 2, partnerCount: 2 } });
    expect(codes).toContain('bad-signature');
    expect(codes).toContain('reveal-out-of-order');
    expect(codes).toContain('reveal-wrong-round');
  });

  it('asks again for steps lost in transit, and still ends right', async () => {
    // The relay drops Bob's second to fourth frames to Alice: steps of the exchange.
    let seen = 0;
    s.proxy.attack(s.alice.device.signPublicKey, (frame) => {
      if (frame.type !== 'ephemeral') return undefined;
      seen += 1;
      return seen >= 2 && seen <= 4 ? [] : undefined;
    });
    const [a, b] = await openBoth();
    const roundA = a.provider.reveals.start({ items: [X, Y], timeoutMs: 15_000 });
    const roundB = b.provider.reveals.start({ items: [Y, Z], timeoutMs: 15_000 });
    const [outA, outB] = await Promise.all([roundA.outcome, roundB.outcome]);
    expect(seen).toBeGreaterThan(4);
    expect(outA).toEqual({ ok: true, value: { matches: [Y], ownCount: 2, partnerCount: 2 } });
    expect(outB).toEqual({ ok: true, value: { matches: [Y], ownCount: 2, partnerCount: 2 } });
  });

  it('pairs one device of each partner: a second device of the same partner never crosses in', async () => {
    const alice2Creds = await linkDevice(s.alice);
    const [a1, b] = await openBoth();
    const a2 = s.open(alice2Creds);
    await a2.provider.whenSynced();
    const rounds = [a1, a2].map((a) => a.provider.reveals.start({ items: [X, Y], timeoutMs: 6_000 }));
    const roundB = b.provider.reveals.start({ items: [Y, Z], timeoutMs: 6_000 });
    const [outB, ...outA] = await Promise.all([roundB.outcome, ...rounds.map((r) => r.outcome)]);
    expect(outB).toEqual({ ok: true, value: { matches: [Y], ownCount: 2, partnerCount: 2 } });
    const done = outA.filter((o) => o.ok);
    expect(done).toEqual([{ ok: true, value: { matches: [Y], ownCount: 2, partnerCount: 2 } }]);
    // The late device is told at once (or, had the round already ended, waits out its timeout).
    const late = outA.find((o) => !o.ok);
    expect(late && !late.ok ? late.error.code : undefined).toMatch(/^reveal-(partner-stopped|timeout)$/);
  });

  it('times out cleanly when the partner never comes, and says so', async () => {
    const [a] = await openBoth();
    const round = a.provider.reveals.start({ items: [X], timeoutMs: 1_500 });
    const outcome = await round.outcome;
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error.code).toBe('reveal-timeout');
    expect(round.phase).toBe('stopped');
    // Nothing is left running: another round starts.
    const next = a.provider.reveals.start({ items: [X], timeoutMs: 10_000 });
    next.cancel();
    expect(await next.outcome).toMatchObject({ ok: false, error: { code: 'reveal-cancelled' } });
  });

  it('ends with partner-stopped when the partner cancels', async () => {
    // Alice hears nothing at first, so Bob pairs and waits on her; then his stop gets through.
    let deaf = true;
    s.proxy.attack(s.alice.device.signPublicKey, (frame) => (frame.type === 'ephemeral' && deaf ? [] : undefined));
    const [a, b] = await openBoth();
    const roundA = a.provider.reveals.start({ items: [X], timeoutMs: 15_000 });
    const roundB = b.provider.reveals.start({ items: [Y], timeoutMs: 15_000 });
    await eventually(() => expect(roundB.phase).toBe('exchanging'));
    deaf = false;
    roundB.cancel();
    expect(await roundA.outcome).toMatchObject({ ok: false, error: { code: 'reveal-partner-stopped' } });
    expect(await roundB.outcome).toMatchObject({ ok: false, error: { code: 'reveal-cancelled' } });
  });
});
