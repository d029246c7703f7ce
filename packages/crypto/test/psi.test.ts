import { beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '@securebase/protocol';
import {
  canonicalPsiItem,
  decodePsiMessage,
  encodePsiMessage,
  newPsiRoundId,
  psiItemPoint,
  PsiSession,
  readyCrypto,
  type PsiMessage,
  type PsiPointsMessage,
} from '@securebase/crypto';
import { startPsiSessionWithScalar } from '../src/psi-session.js';
import { sodiumReady } from '../src/sodium.js';

beforeAll(async () => {
  await readyCrypto();
});

const hex = (bytes: Uint8Array) => sodiumReady().to_hex(bytes);

function must(result: Result<Uint8Array[]>): Uint8Array[] {
  if (!result.ok) throw result.error;
  return result.value;
}

function codeOf(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

/** A scalar derived from a label, for the fixed-scalar seam. */
function fixedScalar(label: string): Uint8Array {
  const sodium = sodiumReady();
  return sodium.crypto_core_ristretto255_scalar_reduce(sodium.crypto_generichash(64, new TextEncoder().encode(label), null));
}

interface Round {
  a: PsiSession;
  b: PsiSession;
  sentByA: Uint8Array[];
  sentByB: Uint8Array[];
}

/** Runs a whole round, delivering each side's messages to the other in order. */
function runRound(a: PsiSession, b: PsiSession): Round {
  const sentByA = [a.opening];
  const sentByB = [b.opening];
  let toA = [b.opening];
  let toB = [a.opening];
  for (let guard = 0; (toA.length > 0 || toB.length > 0) && guard < 10; guard++) {
    const nextToB = toA.flatMap((m) => must(a.receive(m)));
    const nextToA = toB.flatMap((m) => must(b.receive(m)));
    sentByA.push(...nextToB);
    sentByB.push(...nextToA);
    toA = nextToA;
    toB = nextToB;
  }
  return { a, b, sentByA, sentByB };
}

function start(side: 'a' | 'b', items: readonly string[], roundId: Uint8Array): PsiSession {
  return PsiSession.start({ roundId, side, items });
}

/** Both sides after the set-commits crossed: each holds the other's blinded set to deliver next. */
function afterCommits(itemsA: string[], itemsB: string[], roundId = newPsiRoundId()) {
  const a = start('a', itemsA, roundId);
  const b = start('b', itemsB, roundId);
  const [blindedA] = must(a.receive(b.opening)) as [Uint8Array];
  const [blindedB] = must(b.receive(a.opening)) as [Uint8Array];
  return { a, b, blindedA, blindedB, roundId };
}

/** Both sides after the blinded sets crossed: the answer-commits are the next to deliver. */
function afterBlindedSets(itemsA: string[], itemsB: string[]) {
  const s = afterCommits(itemsA, itemsB);
  const [answerCommitB] = must(s.b.receive(s.blindedA)) as [Uint8Array];
  const [answerCommitA] = must(s.a.receive(s.blindedB)) as [Uint8Array];
  return { ...s, answerCommitA, answerCommitB };
}

function reencode(bytes: Uint8Array, change: (m: PsiMessage) => PsiMessage): Uint8Array {
  return encodePsiMessage(change(decodePsiMessage(bytes)));
}

/** mulberry32: a small seeded PRNG so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** True if the 32-byte `needle` occurs anywhere in `haystack`. */
function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

describe('psi: canonical items', () => {
  it('NFKC, case fold, whitespace collapse and trim make the same words match', () => {
    expect(canonicalPsiItem('  Slow\t\tKISSING \n')).toBe('slow kissing');
    expect(canonicalPsiItem('ﬁrst date again')).toBe('first date again'); // NFKC ligature
    expect(canonicalPsiItem('Straße')).toBe(canonicalPsiItem('STRASSE'));
    expect(canonicalPsiItem('ΟΔΟΣ')).toBe(canonicalPsiItem('οδος'));
    expect(canonicalPsiItem('Ｈｏｌｄ ｈａｎｄｓ')).toBe('hold hands'); // full-width
    expect(canonicalPsiItem('cafe\u0301')).toBe(canonicalPsiItem('café'));
  });

  it('refuses empty and overlong items with a plain message', () => {
    expect(() => canonicalPsiItem('   ')).toThrow(/empty/);
    expect(() => canonicalPsiItem('x'.repeat(501))).toThrow(/longer than 500/);
  });
});

describe('psi: known-answer vectors', () => {
  const roundId = Uint8Array.from({ length: 16 }, (_, i) => i);

  it('libsodium from_hash is the RFC 9496 element derivation (A.3, first vector)', () => {
    const sha512 = sodiumReady().crypto_hash_sha512(new TextEncoder().encode('Ristretto is traditionally a short shot of espresso coffee'));
    expect(hex(sodiumReady().crypto_core_ristretto255_from_hash(sha512))).toBe('3066f82a1a747d45120d1740f14358531a8f04bbffe6a819f86dfe50f44a0a46');
  });

  it('pins the item encoding and the full transcript for fixed scalars', () => {
    expect(hex(psiItemPoint(roundId, 'slow kissing'))).toBe(KAT.itemPoint);
    const a = startPsiSessionWithScalar({ roundId, side: 'a', items: ['Slow kissing', 'A bath together'] }, fixedScalar('psi kat a'));
    const b = startPsiSessionWithScalar({ roundId, side: 'b', items: ['slow  kissing', 'Dancing in the kitchen'] }, fixedScalar('psi kat b'));
    expect(hex(a.opening)).toBe(KAT.openingA);
    const round = runRound(a, b);
    const all = concat([...round.sentByA, ...round.sentByB]);
    expect(hex(sodiumReady().crypto_generichash(32, all, null))).toBe(KAT.transcript);
    expect(a.result).toEqual({ matches: ['Slow kissing'], ownCount: 2, partnerCount: 2 });
    expect(b.result).toEqual({ matches: ['slow  kissing'], ownCount: 2, partnerCount: 2 });
  });
});

describe('psi: the intersection', () => {
  it('is exactly right for random sets (seeded, 100 runs)', () => {
    const universe = Array.from({ length: 30 }, (_, i) => `item number ${i}`);
    for (let seed = 1; seed <= 100; seed++) {
      const random = prng(seed);
      const pick = () => universe.filter(() => random() < 0.3);
      const setA = pick();
      const setB = pick();
      // B writes its items in another spelling: canonicalising must still match them.
      const spelledB = setB.map((item) => (random() < 0.5 ? ` ${item.toUpperCase()}  ` : item));
      const roundId = newPsiRoundId();
      const { a, b } = runRound(start('a', setA, roundId), start('b', spelledB, roundId));
      const expected = setA.filter((item) => setB.includes(item));
      expect(a.result?.matches.slice().sort(), `seed ${seed}`).toEqual(expected.slice().sort());
      expect(b.result?.matches.map(canonicalPsiItem).sort(), `seed ${seed}`).toEqual(expected.slice().sort());
      expect(a.result?.partnerCount, `seed ${seed}`).toBe(setB.length);
      expect(b.result?.partnerCount, `seed ${seed}`).toBe(setA.length);
    }
  });

  it('counts one item once however it is spelled, and wipes the scalar when done', () => {
    const roundId = newPsiRoundId();
    const { a, b } = runRound(start('a', ['Hold hands', ' hold  HANDS', 'kiss'], roundId), start('b', ['hold hands'], roundId));
    expect(a.result).toEqual({ matches: ['Hold hands'], ownCount: 2, partnerCount: 1 });
    expect(b.result?.partnerCount).toBe(2);
    expect((a as unknown as { scalar: Uint8Array }).scalar.length).toBe(0);
  });

  it('handles empty lists on either side', () => {
    const roundId = newPsiRoundId();
    const { a, b } = runRound(start('a', [], roundId), start('b', ['holding hands'], roundId));
    expect(a.result).toEqual({ matches: [], ownCount: 0, partnerCount: 1 });
    expect(b.result).toEqual({ matches: [], ownCount: 1, partnerCount: 0 });
  });
});

describe('psi: refused messages', () => {
  it('a replayed message from an old round is refused and ignored', () => {
    const old = afterCommits(['x'], ['y']);
    const fresh = afterCommits(['x'], ['y']);
    const replay = fresh.b.receive(old.blindedA);
    expect(codeOf(replay)).toBe('reveal-wrong-round');
    expect(fresh.b.phase).toBe('waiting-blinded-set');
    must(fresh.b.receive(fresh.blindedA)); // the genuine one still goes through
  });

  it('a message for a mismatched round is refused', () => {
    const s = afterCommits(['x'], ['y']);
    const other = reencode(s.blindedA, (m) => ({ ...m, roundId: newPsiRoundId() }));
    expect(codeOf(s.b.receive(other))).toBe('reveal-wrong-round');
  });

  it('a duplicate or reordered message is refused and ignored', () => {
    const s = afterBlindedSets(['x'], ['y']);
    const fresh = afterCommits(['x'], ['y']);
    expect(codeOf(fresh.b.receive(fresh.b.opening))).toBe('reveal-tampered'); // its own message reflected
    expect(codeOf(s.b.receive(s.blindedA))).toBe('reveal-out-of-order'); // twice
    const [answerB] = must(s.b.receive(s.answerCommitA)) as [Uint8Array];
    // A has not had B's answer-commit yet: B's answer now is ahead of its turn.
    expect(codeOf(s.a.receive(answerB))).toBe('reveal-out-of-order');
    expect(s.a.phase).toBe('waiting-answer-commit');
    must(s.a.receive(s.answerCommitB));
    expect(must(s.a.receive(answerB))).toEqual([]);
    expect(s.a.phase).toBe('done');
  });

  it('a tampered blinded set, answer or transcript is refused and stops the round', () => {
    const s = afterCommits(['x'], ['y']);
    const swapped = reencode(s.blindedA, (m) => ({ ...(m as PsiPointsMessage), points: [sodiumReady().crypto_core_ristretto255_random()] }));
    expect(codeOf(s.b.receive(swapped))).toBe('reveal-tampered');
    expect(s.b.phase).toBe('stopped');
    expect(codeOf(s.b.receive(s.blindedA))).toBe('reveal-tampered'); // the round stays stopped

    const t = afterCommits(['x'], ['y']);
    const otherTranscript = reencode(t.blindedA, (m) => ({ ...m, transcript: new Uint8Array(32).fill(7) }));
    expect(codeOf(t.b.receive(otherTranscript))).toBe('reveal-tampered');

    const u = afterBlindedSets(['x', 'z'], ['y']);
    must(u.b.receive(u.answerCommitA));
    const [answerA] = must(u.a.receive(u.answerCommitB)) as [Uint8Array];
    const forged = reencode(answerA, (m) => ({ ...(m as PsiPointsMessage), points: [sodiumReady().crypto_core_ristretto255_random()] }));
    expect(codeOf(u.b.receive(forged))).toBe('reveal-tampered');
    expect(u.b.result).toBeUndefined();
  });

  it('wrong-size blinded sets and answers are refused', () => {
    const s = afterCommits(['x', 'z'], ['y']);
    const shorter = reencode(s.blindedA, (m) => ({ ...(m as PsiPointsMessage), points: (m as PsiPointsMessage).points.slice(1) }));
    expect(codeOf(s.b.receive(shorter))).toBe('reveal-wrong-size');

    const u = afterBlindedSets(['x', 'z'], ['y']);
    must(u.b.receive(u.answerCommitA));
    const [answerA] = must(u.a.receive(u.answerCommitB)) as [Uint8Array];
    const longer = reencode(answerA, (m) => ({ ...(m as PsiPointsMessage), points: [...(m as PsiPointsMessage).points, sodiumReady().crypto_core_ristretto255_random()] }));
    expect(codeOf(u.b.receive(longer))).toBe('reveal-wrong-size');
  });

  it('invalid points, bad lengths and unknown versions are malformed', () => {
    const s = afterCommits(['x'], ['y']);
    const badPoint = s.blindedA.slice();
    badPoint.fill(0xff, badPoint.length - 32);
    expect(codeOf(s.b.receive(badPoint))).toBe('reveal-malformed');
    const t = afterCommits(['x'], ['y']);
    const identity = t.blindedA.slice();
    identity.fill(0, identity.length - 32);
    expect(codeOf(t.b.receive(identity))).toBe('reveal-malformed');
    const u = afterCommits(['x'], ['y']);
    expect(codeOf(u.b.receive(u.blindedA.subarray(0, u.blindedA.length - 1)))).toBe('reveal-malformed');
    const v = afterCommits(['x'], ['y']);
    const version = v.blindedA.slice();
    version[0] = 2;
    expect(codeOf(v.b.receive(version))).toBe('reveal-malformed');
  });

  it('a set-commit announcing more items than a round allows is wrong-size', () => {
    const roundId = newPsiRoundId();
    const b = start('b', ['y'], roundId);
    const huge = reencode(start('a', ['x'], roundId).opening, (m) => ({ ...m, count: 1000 }));
    expect(codeOf(b.receive(huge))).toBe('ok'); // 1000 is the limit itself
    const bytes = huge.slice();
    new DataView(bytes.buffer).setUint16(bytes.length - 34, 1001);
    expect(codeOf(start('b', ['y'], roundId).receive(bytes))).toBe('reveal-wrong-size');
  });

  it('stop() ends the round: the scalar is wiped and later messages are refused', () => {
    const s = afterCommits(['x'], ['y']);
    s.b.stop();
    expect(s.b.phase).toBe('stopped');
    expect((s.b as unknown as { scalar: Uint8Array }).scalar.length).toBe(0);
    expect(s.b.receive(s.blindedA).ok).toBe(false);
  });

  it('message codecs round-trip', () => {
    const s = afterCommits(['x', 'y'], ['y']);
    for (const bytes of [s.a.opening, s.blindedA, s.blindedB]) expect(hex(encodePsiMessage(decodePsiMessage(bytes)))).toBe(hex(bytes));
  });
});

describe('psi: what the messages reveal', () => {
  it("no item's encoding, nor any blinded value, repeats across rounds", () => {
    const items = ['slow kissing', 'a bath together', 'holding hands'];
    const r1 = newPsiRoundId();
    const r2 = newPsiRoundId();
    for (const item of items) expect(hex(psiItemPoint(r1, item))).not.toBe(hex(psiItemPoint(r2, item)));
    const first = afterCommits(items, ['other'], r1);
    const second = afterCommits(items, ['other'], r2);
    const blinded1 = (decodePsiMessage(first.blindedA) as PsiPointsMessage).points.map(hex);
    const blinded2 = new Set((decodePsiMessage(second.blindedA) as PsiPointsMessage).points.map(hex));
    expect(blinded1.filter((p) => blinded2.has(p))).toEqual([]);
  });

  it("canary: A's messages hold nothing B can test a guessed non-matching item against without A's scalar", () => {
    const roundId = newPsiRoundId();
    const scalarB = sodiumReady().crypto_core_ristretto255_scalar_random();
    const itemsA = ['canary item only a wants', 'shared wish'];
    const a = start('a', itemsA, roundId);
    const b = startPsiSessionWithScalar({ roundId, side: 'b', items: ['shared wish', 'other'] }, scalarB);
    const round = runRound(a, b);
    expect(b.result?.matches).toEqual(['shared wish']);
    const fromA = concat(round.sentByA);
    const guess = psiItemPoint(roundId, canonicalPsiItem('canary item only a wants'));
    const guessTimesB = sodiumReady().crypto_scalarmult_ristretto255(scalarB, guess);
    expect(containsBytes(fromA, guess)).toBe(false);
    expect(containsBytes(fromA, guessTimesB)).toBe(false);
    expect(containsBytes(fromA, new TextEncoder().encode('canary'))).toBe(false);
    // The scan can see a point: A's blinded set really is in A's messages.
    const blindedA = (decodePsiMessage(round.sentByA[1] ?? new Uint8Array(0)) as PsiPointsMessage).points[0] ?? new Uint8Array(32);
    expect(containsBytes(fromA, blindedA)).toBe(true);
  });

  it('each round draws a fresh scalar: the same items blind differently in one round', () => {
    const roundId = newPsiRoundId();
    expect(hex(start('a', ['x'], roundId).opening)).not.toBe(hex(start('a', ['x'], roundId).opening));
  });
});

// Pinned from the first implementation (protocol v1). A change here changes the wire format:
// bump PSI_VERSION and say so in docs/PROTOCOL.md.
const KAT = {
  itemPoint: '8aa5370c5aeccbcb54cf93a8a673ab1d8cfea88900ff01057aaf87ceb3966600',
  openingA:
    '0101000102030405060708090a0b0c0d0e0f01c5a3924555b955ee877efacb84f7b853f308d872be4a1c52e26b8f628dd391ec' +
    '0002e0220fdc8875101887111d60eac4da30dc24670d0171f44113535e4d3eb96bc7',
  transcript: 'eb4c195cb9aa615a43991f69961f1d24656f8ce4e7d7fee49965710fc50dfe98',
};
