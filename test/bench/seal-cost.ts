/**
 * What sealing one update envelope costs the sender (issue 15: the breakdown showed the seal at
 * 0.48 ms p50, more than its signature alone explains), against the Ed25519 signature of the same
 * size in the same run. The seal is: a 24-byte nonce, two KDF subkeys, XChaCha20-Poly1305, the
 * key commitment hash and the signature; the ratio says how much of it is not the signature.
 *
 *   const f = await benchSealCost();
 *   f.sealUs; f.signUs; f.ratioToSign;
 */
import { generateDeviceKeys, generateSpaceKey, randomBytes, randomId, readyCrypto, sealEnvelope, signAuthChallenge } from '@securebase/crypto';
import { median, now, round } from './stats.js';

export interface SealCostFigures {
  plaintextBytes: number;
  /** Median µs per sealEnvelope. */
  sealUs: number;
  /** Median µs per Ed25519 signature alone (an auth challenge's: the cost is the same for small messages). */
  signUs: number;
  ratioToSign: number;
}

export async function benchSealCost(plaintextBytes = 200): Promise<SealCostFigures> {
  await readyCrypto();
  const device = generateDeviceKeys();
  const epochKey = generateSpaceKey();
  const spaceId = randomId();
  const plaintext = randomBytes(plaintextBytes);
  const perRound = 500;
  const seal: number[] = [];
  const sign: number[] = [];
  const challenge = { spaceId, nonce: randomBytes(32) };
  for (let r = 0; r < 7; r++) {
    let start = now();
    for (let i = 0; i < perRound; i++) {
      sealEnvelope({ header: { spaceId, docId: 'shared', epoch: 0, author: device.signPublicKey, clock: i + 1, kind: 'update' }, plaintext, epochKey, device });
    }
    seal.push(((now() - start) * 1000) / perRound);
    start = now();
    for (let i = 0; i < perRound; i++) signAuthChallenge(device, challenge);
    sign.push(((now() - start) * 1000) / perRound);
  }
  const sealUs = median(seal);
  const signUs = median(sign);
  return { plaintextBytes, sealUs: round(sealUs, 1), signUs: round(signUs, 1), ratioToSign: round(sealUs / signUs) };
}
