// One signature per device chain, and nothing more trusted than that: openUpdates may skip an
// envelope's own signature only when a later, authentic envelope of the SAME device names its
// hash as `prev`. These tests build the cases a wrong shortcut would let through — a partner's
// (or the same partner's other device's) envelope vouching for a forgery attributed to Alice, a
// tampered entry under a valid chain, a forgery in a cut chain, a voucher from another document
// or space — and check each forgery is refused with the code a plain openUpdate gives.
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeUpdatePayload, toBase64Url } from '@securebase/protocol';
import { generateDeviceKeys, generateSpaceKey, hashBytes, randomId, readyCrypto, sealEnvelope, type DeviceKeys } from '@securebase/crypto';
import { openUpdate, openUpdates, sealUpdate } from '../src/update-envelopes.js';

let alice: DeviceKeys;
let alicePhone: DeviceKeys;
let bob: DeviceKeys;
let epochKey: Uint8Array;
const spaceId = toBase64Url(new Uint8Array(16).fill(3));
const docId = 'shared';
const ctx = (doc = docId, space = spaceId) => ({ spaceId: space, docId: doc, keyForEpoch: (e: number) => (e === 0 ? epochKey : undefined) });
const head = { seq: 0, hash: new Uint8Array(32) };

beforeAll(async () => {
  await readyCrypto();
  alice = generateDeviceKeys();
  alicePhone = generateDeviceKeys();
  bob = generateDeviceKeys();
  epochKey = generateSpaceKey();
});

/** `device`'s envelope for `clock`, naming `prev` (a hash) as its previous one. */
function seal(device: DeviceKeys, clock: number, prev: Uint8Array | undefined, opts: { doc?: string; space?: string } = {}): Uint8Array {
  return sealUpdate({
    spaceId: opts.space ?? spaceId,
    docId: opts.doc ?? docId,
    device,
    key: { epoch: 0, key: epochKey },
    clock,
    update: Uint8Array.of(clock, 1, 2, 3),
    head,
    ...(prev ? { prev } : {}),
  });
}

/** An honest device's chain: each envelope names the one before it. */
function chain(device: DeviceKeys, count: number, first = 1): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let clock = first; clock < first + count; clock++) out.push(seal(device, clock, out.length ? hashBytes(out[out.length - 1]!) : undefined));
  return out;
}

/**
 * What a partner's modified client can build with the space key: an envelope whose header names
 * Alice, whose key commitment and AEAD are valid and whose words are Bob's — everything but
 * Alice's signature (Bob's secret key signs it; sealEnvelope only checks the public key named).
 */
function forgeAttributedToAlice(clock: number, update: Uint8Array): Uint8Array {
  return sealEnvelope({
    header: { spaceId, docId, epoch: 0, author: alice.signPublicKey, clock, kind: 'update' },
    plaintext: encodeUpdatePayload({ update, head }),
    epochKey,
    device: { ...bob, signPublicKey: alice.signPublicKey },
  });
}

const codes = (results: ReturnType<typeof openUpdates>): string[] => results.map((r) => (r.ok ? r.value.authenticity : r.error.code));

describe('openUpdates: one signature per device chain', () => {
  it('proves an honest chain with its newest signature, and opens every entry as openUpdate does', () => {
    const envelopes = chain(alice, 6);
    const results = openUpdates(envelopes, ctx());
    expect(codes(results)).toEqual(['vouched', 'vouched', 'vouched', 'vouched', 'vouched', 'signature']);
    results.forEach((r, i) => {
      const single = openUpdate(envelopes[i]!, ctx());
      expect(r.ok && single.ok && r.value.payload.update).toEqual(single.ok && single.value.payload.update);
      expect(r.ok && r.value.header.clock).toBe(i + 1);
    });
  });

  it('checks every signature of envelopes without prev (version 1 payloads)', () => {
    const envelopes = [1, 2, 3].map((clock) => seal(alice, clock, undefined));
    expect(codes(openUpdates(envelopes, ctx()))).toEqual(['signature', 'signature', 'signature']);
  });

  it('builds a forgery that passes everything but the signature (so the tests below can fail)', () => {
    const forged = forgeAttributedToAlice(1, Uint8Array.of(9, 9));
    const opened = openUpdate(forged, ctx());
    expect(!opened.ok && opened.error.code).toBe('bad-signature');
    expect(openUpdate(forged, { ...ctx(), docId: 'other' }).ok).toBe(false);
  });

  it("refuses a forgery attributed to Alice that Bob's authentic envelope names as prev", () => {
    const forged = forgeAttributedToAlice(1, Uint8Array.of(9, 9));
    const bobs = seal(bob, 1, hashBytes(forged));
    expect(codes(openUpdates([forged, bobs], ctx()))).toEqual(['bad-signature', 'signature']);
  });

  it("refuses a forgery attributed to Alice's laptop that her own phone names as prev (same device only)", () => {
    const forged = forgeAttributedToAlice(1, Uint8Array.of(9, 9));
    const phone = seal(alicePhone, 1, hashBytes(forged));
    expect(codes(openUpdates([forged, phone], ctx()))).toEqual(['bad-signature', 'signature']);
  });

  it("refuses Alice's genuine bytes with a broken signature, even when Bob's envelope names them", () => {
    const [genuine] = chain(alice, 1);
    const broken = Uint8Array.from(genuine!);
    broken[broken.length - 1]! ^= 1;
    const bobs = seal(bob, 1, hashBytes(broken));
    expect(codes(openUpdates([broken, bobs], ctx()))).toEqual(['bad-signature', 'signature']);
  });

  it('refuses a tampered entry under a valid chain, and proves the entries before it by their own signatures', () => {
    const envelopes = chain(alice, 4);
    for (const at of [envelopes[1]!.length - 1, envelopes[1]!.length - 80]) {
      const tampered = envelopes.map((e) => Uint8Array.from(e));
      tampered[1]![at]! ^= 1; // the signature, then the ciphertext
      expect(codes(openUpdates(tampered, ctx()))).toEqual(['signature', 'bad-signature', 'vouched', 'signature']);
    }
  });

  it('refuses a forgery put in the place of a chain entry; the cut chain falls back to signatures', () => {
    const envelopes = chain(alice, 4);
    const cut = [envelopes[0]!, forgeAttributedToAlice(2, Uint8Array.of(6)), envelopes[2]!, envelopes[3]!];
    expect(codes(openUpdates(cut, ctx()))).toEqual(['signature', 'bad-signature', 'vouched', 'signature']);
    // The chain's newest entry left out: the one before it is then checked by its own signature.
    expect(codes(openUpdates(envelopes.slice(0, 3), ctx()))).toEqual(['vouched', 'vouched', 'signature']);
  });

  it('lets no envelope of another document or space vouch for anything here', () => {
    const forged = forgeAttributedToAlice(1, Uint8Array.of(9, 9));
    const otherDoc = seal(alice, 2, hashBytes(forged), { doc: 'private-other' });
    expect(codes(openUpdates([forged, otherDoc], ctx()))).toEqual(['bad-signature', 'wrong-document']);
    const otherSpace = seal(alice, 2, hashBytes(forged), { space: randomId() });
    expect(codes(openUpdates([forged, otherSpace], ctx()))).toEqual(['bad-signature', 'wrong-space']);
  });

  it('lets no refused envelope vouch: a chain under a bad newest signature is checked entry by entry', () => {
    const envelopes = chain(alice, 3);
    const last = Uint8Array.from(envelopes[2]!);
    last[last.length - 1]! ^= 1;
    expect(codes(openUpdates([envelopes[0]!, envelopes[1]!, last], ctx()))).toEqual(['vouched', 'signature', 'bad-signature']);
  });

  it('never vouches for an envelope of another kind named as prev', () => {
    const other = sealEnvelope({
      header: { spaceId, docId, epoch: 0, author: alice.signPublicKey, clock: 1, kind: 'snapshot' },
      plaintext: Uint8Array.of(1),
      epochKey,
      device: alice,
    });
    const next = seal(alice, 2, hashBytes(other));
    expect(codes(openUpdates([other, next], ctx()))).toEqual(['invalid-update', 'signature']);
  });
});
