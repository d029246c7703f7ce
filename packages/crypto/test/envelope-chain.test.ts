// openEnvelopeChain: a later authentic envelope of the same author vouches for an earlier one by
// its hash; nothing else does. Here the plaintext IS the prev hash (or empty), so the rule is
// tested on its own, with tampering of every kind.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LOG_HASH_GENESIS,
  foldLogHash,
  foldLogHashOfDigest,
  generateDeviceKeys,
  generateSpaceKey,
  hashBytes,
  openEnvelope,
  openEnvelopeChain,
  randomId,
  readyCrypto,
  sealEnvelope,
  type DeviceKeys,
} from '@securebase/crypto';

let alice: DeviceKeys;
let bob: DeviceKeys;
let epochKey: Uint8Array;
let spaceId: string;
const docId = 'shared';

beforeAll(async () => {
  await readyCrypto();
  alice = generateDeviceKeys();
  bob = generateDeviceKeys();
  epochKey = generateSpaceKey();
  spaceId = randomId();
});

const ctx = () => ({ spaceId, docId, keyForEpoch: (e: number) => (e === 0 ? epochKey : undefined) });
const prevOf = (o: { plaintext: Uint8Array }) => ({ prev: o.plaintext.length === 32 ? o.plaintext : undefined, read: o.plaintext.length });

/** `signer` seals under `named`'s public key: the real thing when they are the same device. */
function seal(named: DeviceKeys, clock: number, prev: Uint8Array | undefined, signer: DeviceKeys = named): Uint8Array {
  return sealEnvelope({
    header: { spaceId, docId, epoch: 0, author: named.signPublicKey, clock, kind: 'update' },
    plaintext: prev ?? new Uint8Array(0),
    epochKey,
    device: { ...signer, signPublicKey: named.signPublicKey },
  });
}

function chainOf(device: DeviceKeys, count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let clock = 1; clock <= count; clock++) out.push(seal(device, clock, out.length ? hashBytes(out[out.length - 1]!) : undefined));
  return out;
}

const outcome = (envelopes: Uint8Array[]): string[] => openEnvelopeChain(envelopes, ctx(), prevOf).map((r) => (r.ok ? r.value.authenticity : r.error.code));

describe('openEnvelopeChain', () => {
  it('vouches only for the exact hash named: one differing in its last byte (same map key) proves nothing', () => {
    const first = seal(alice, 1, undefined);
    const near = hashBytes(first);
    near[31] = near[31]! ^ 1;
    // The later envelope names a hash that shares every leading byte with the first one's.
    expect(outcome([first, seal(alice, 2, near)])).toEqual(['signature', 'signature']);
    // Forged bytes under that near-miss are not vouched for either: their own signature fails.
    const forged = seal(alice, 1, undefined, bob);
    const nearForged = hashBytes(forged);
    nearForged[31] = nearForged[31]! ^ 1;
    expect(outcome([forged, seal(alice, 2, nearForged)])).toEqual(['bad-signature', 'signature']);
  });

  it('vouches along one device chain and returns what openEnvelope returns', () => {
    const envelopes = chainOf(alice, 3);
    const results = openEnvelopeChain(envelopes, ctx(), prevOf);
    expect(results.map((r) => r.ok && r.value.authenticity)).toEqual(['vouched', 'vouched', 'signature']);
    results.forEach((r, i) => {
      const single = openEnvelope(envelopes[i]!, ctx());
      expect(r.ok && single.ok && [r.value.header.clock, r.value.plaintext]).toEqual(single.ok && [single.value.header.clock, single.value.plaintext]);
      // The digest it hands out folds exactly as the envelope does.
      expect(r.ok && foldLogHashOfDigest(LOG_HASH_GENESIS, i + 1, r.value.digest)).toEqual(foldLogHash(LOG_HASH_GENESIS, i + 1, envelopes[i]!));
    });
  });

  it("never lets one author's envelope vouch for bytes naming another author", () => {
    const forged = seal(alice, 1, undefined, bob);
    expect(outcome([forged, seal(bob, 1, hashBytes(forged))])).toEqual(['bad-signature', 'signature']);
  });

  it('refuses every tampered byte of a vouched entry (header, nonce, commitment, ciphertext, signature)', () => {
    const envelopes = chainOf(alice, 2);
    const first = envelopes[0]!;
    for (const at of [3, 60, 100, first.length - 70, first.length - 1]) {
      const tampered = Uint8Array.from(first);
      tampered[at]! ^= 1;
      const [result] = openEnvelopeChain([tampered, envelopes[1]!], ctx(), prevOf);
      expect(result!.ok).toBe(false);
    }
  });

  it('lets a refused envelope vouch for nothing', () => {
    const envelopes = chainOf(alice, 2);
    const forgedLast = seal(alice, 2, hashBytes(envelopes[0]!), bob);
    expect(outcome([envelopes[0]!, forgedLast])).toEqual(['signature', 'bad-signature']);
  });
});
