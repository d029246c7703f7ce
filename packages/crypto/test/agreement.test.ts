import { beforeAll, describe, expect, it } from 'vitest';
import { commitToAnswers, generateDeviceKeys, readyCrypto, signAgreement, signAuthChallenge, verifyAgreementSignature, verifyAnswerCommitment } from '@securebase/crypto';

beforeAll(async () => {
  await readyCrypto();
});

const bytes = (text: string) => new TextEncoder().encode(text);

describe('agreement signatures', () => {
  it('verify for the signer and exact bytes only', () => {
    const device = generateDeviceKeys();
    const canonical = bytes('{"title":"Time-out","steps":["pause","return at 8"]}');
    const signature = signAgreement(device, canonical);
    expect(verifyAgreementSignature(device.signPublicKey, canonical, signature)).toBe(true);
    expect(verifyAgreementSignature(generateDeviceKeys().signPublicKey, canonical, signature)).toBe(false);
    const edited = canonical.slice();
    edited[5] = (edited[5] ?? 0) ^ 1;
    expect(verifyAgreementSignature(device.signPublicKey, edited, signature)).toBe(false);
    const badSig = signature.slice();
    badSig[0] = (badSig[0] ?? 0) ^ 1;
    expect(verifyAgreementSignature(device.signPublicKey, canonical, badSig)).toBe(false);
    expect(verifyAgreementSignature(device.signPublicKey.subarray(1), canonical, signature)).toBe(false);
  });

  it('a signature made for another purpose never verifies as an agreement', () => {
    const device = generateDeviceKeys();
    const spaceId = 'AAAAAAAAAAAAAAAAAAAAAA';
    const nonce = new Uint8Array(32).fill(1);
    const authSig = signAuthChallenge(device, { spaceId, nonce });
    expect(verifyAgreementSignature(device.signPublicKey, nonce, authSig)).toBe(false);
  });
});

describe('answer commitments', () => {
  it('open with the same answers and salt only', () => {
    const answers = bytes('safety 4, closeness 3');
    const { commitment, salt } = commitToAnswers(answers);
    expect(verifyAnswerCommitment(answers, salt, commitment)).toBe(true);
    expect(verifyAnswerCommitment(bytes('safety 5, closeness 3'), salt, commitment)).toBe(false);
    const otherSalt = salt.slice();
    otherSalt[0] = (otherSalt[0] ?? 0) ^ 1;
    expect(verifyAnswerCommitment(answers, otherSalt, commitment)).toBe(false);
    const flipped = commitment.slice();
    flipped[31] = (flipped[31] ?? 0) ^ 1;
    expect(verifyAnswerCommitment(answers, salt, flipped)).toBe(false);
    expect(verifyAnswerCommitment(answers, salt.subarray(1), commitment)).toBe(false);
  });

  it('hide equal answers behind different salts', () => {
    const answers = bytes('same');
    expect(commitToAnswers(answers).commitment).not.toEqual(commitToAnswers(answers).commitment);
  });
});
