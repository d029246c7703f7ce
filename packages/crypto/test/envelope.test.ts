import { beforeAll, describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope, encodeEnvelopeHeader, ENVELOPE_KIND, type EnvelopeKind, type Result } from '@securebase/protocol';
import {
  generateDeviceKeys,
  generateSpaceKey,
  openEnvelope,
  randomId,
  readyCrypto,
  sealEnvelope,
  verifyEnvelopeSignature,
  type DeviceKeys,
} from '@securebase/crypto';
import { CONTEXT, signWithContext } from '../src/signing.js';

let device: DeviceKeys;
let other: DeviceKeys;
let epochKey: Uint8Array;
let spaceId: string;
const docId = 'shared';
const plaintext = new TextEncoder().encode('a merged yjs update');

beforeAll(async () => {
  await readyCrypto();
  device = generateDeviceKeys();
  other = generateDeviceKeys();
  epochKey = generateSpaceKey();
  spaceId = randomId();
});

function seal(kind: EnvelopeKind = 'update', clock = 1): Uint8Array {
  return sealEnvelope({ header: { spaceId, docId, epoch: 0, author: device.signPublicKey, clock, kind }, plaintext, epochKey, device });
}

function open(bytes: Uint8Array, keyForEpoch = (epoch: number) => (epoch === 0 ? epochKey : undefined)) {
  return openEnvelope(bytes, { spaceId, docId, keyForEpoch });
}

function codeOf(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}

/** Layout offsets of each region inside an encoded envelope. */
function regions(bytes: Uint8Array) {
  const parts = decodeEnvelope(bytes);
  const headerStart = 1; // one-byte varuint length for headers < 128 bytes
  const nonceStart = headerStart + parts.headerBytes.length;
  const commitmentStart = nonceStart + 24;
  const ciphertextStart = commitmentStart + 32 + 1; // one-byte length for short ciphertexts
  const signatureStart = ciphertextStart + parts.ciphertext.length;
  return {
    header: [headerStart, nonceStart],
    nonce: [nonceStart, commitmentStart],
    commitment: [commitmentStart, commitmentStart + 32],
    ciphertext: [ciphertextStart, signatureStart],
    signature: [signatureStart, bytes.length],
  } as const;
}

function flip(bytes: Uint8Array, index: number, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ (1 << bit);
  return copy;
}

/** A malicious member: change a region, then re-sign so only the deeper checks can catch it. */
function resign(bytes: Uint8Array, change: (parts: ReturnType<typeof decodeEnvelope>) => void, signer = device): Uint8Array {
  const parts = decodeEnvelope(bytes);
  change(parts);
  const signed = new Uint8Array([...parts.headerBytes, ...parts.nonce, ...parts.commitment, ...parts.ciphertext]);
  const signature = signWithContext(CONTEXT.envelope(parts.header.kind), signed, signer.signSecretKey);
  return encodeEnvelope({ ...parts, signature });
}

describe('sealEnvelope / openEnvelope', () => {
  it.each(Object.keys(ENVELOPE_KIND) as EnvelopeKind[])('round-trips a %s envelope', (kind) => {
    const opened = open(seal(kind, 7));
    expect(opened.ok && opened.value.plaintext).toEqual(plaintext);
    expect(opened.ok && opened.value.header).toEqual({ version: 1, spaceId, docId, epoch: 0, author: device.signPublicKey, clock: 7, kind });
  });

  it('uses a fresh nonce each time', () => {
    expect(decodeEnvelope(seal()).nonce).not.toEqual(decodeEnvelope(seal()).nonce);
  });

  it('refuses to seal with an author that is not the sealing device', () => {
    expect(() =>
      sealEnvelope({ header: { spaceId, docId, epoch: 0, author: other.signPublicKey, clock: 1, kind: 'update' }, plaintext, epochKey, device }),
    ).toThrow(/author/);
  });
});

describe('openEnvelope tampering', () => {
  it('any bit flipped in nonce, commitment, ciphertext or signature → bad-signature', () => {
    const bytes = seal();
    const r = regions(bytes);
    for (const region of ['nonce', 'commitment', 'ciphertext', 'signature'] as const) {
      const [start, end] = r[region];
      for (let i = start; i < end; i++) {
        for (let bit = 0; bit < 8; bit++) expect(codeOf(open(flip(bytes, i, bit))), `${region} byte ${i} bit ${bit}`).toBe('bad-signature');
      }
    }
  });

  it('any bit flipped in the header is refused with the code of the first failing check', () => {
    const bytes = seal();
    const [start, end] = regions(bytes).header;
    const spaceIdRange = [start + 2, start + 18]; // after version + kind
    for (let i = start; i < end; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const code = codeOf(open(flip(bytes, i, bit)));
        if (i >= spaceIdRange[0]! && i < spaceIdRange[1]!) expect(code, `spaceId byte ${i}`).toBe('wrong-space');
        else expect(['malformed-frame', 'wrong-document', 'bad-signature'], `header byte ${i} bit ${bit}: ${code}`).toContain(code);
      }
    }
    // Flipping the last header byte (clock) leaves a valid header: the signature catches it.
    expect(codeOf(open(flip(bytes, end - 1, 1)))).toBe('bad-signature');
    // Flipping a bit of the kind (update=1 → ephemeral=3) also only fails at the signature.
    expect(codeOf(open(flip(bytes, start + 1, 1)))).toBe('bad-signature');
  });

  it('truncated or extended bytes → malformed-frame', () => {
    const bytes = seal();
    expect(codeOf(open(bytes.subarray(0, bytes.length - 1)))).toBe('malformed-frame');
    expect(codeOf(open(new Uint8Array([...bytes, 0])))).toBe('malformed-frame');
  });

  it('substituted space or document → wrong-space / wrong-document, before the signature', () => {
    const bytes = seal();
    const keyForEpoch = () => epochKey;
    expect(codeOf(openEnvelope(bytes, { spaceId: randomId(), docId, keyForEpoch }))).toBe('wrong-space');
    expect(codeOf(openEnvelope(bytes, { spaceId, docId: 'private_a', keyForEpoch }))).toBe('wrong-document');
  });

  it('a signature by another device → bad-signature', () => {
    expect(codeOf(open(resign(seal(), () => undefined, other)))).toBe('bad-signature');
  });

  it('a signature under another kind context → bad-signature', () => {
    const parts = decodeEnvelope(seal('update'));
    const signed = new Uint8Array([...parts.headerBytes, ...parts.nonce, ...parts.commitment, ...parts.ciphertext]);
    const signature = signWithContext(CONTEXT.envelope('snapshot'), signed, device.signSecretKey);
    expect(codeOf(open(encodeEnvelope({ ...parts, signature })))).toBe('bad-signature');
  });

  it('an epoch this device has no key for → unknown-epoch', () => {
    expect(codeOf(open(seal(), () => undefined))).toBe('unknown-epoch');
  });

  it('the wrong key → bad-commitment', () => {
    expect(codeOf(open(seal(), () => generateSpaceKey()))).toBe('bad-commitment');
  });

  it('re-signed changes to commitment, nonce or header → bad-commitment', () => {
    const bytes = seal();
    expect(codeOf(open(resign(bytes, (p) => void (p.commitment[0]! ^= 1))))).toBe('bad-commitment');
    expect(codeOf(open(resign(bytes, (p) => void (p.nonce[3]! ^= 1))))).toBe('bad-commitment');
    const moved = resign(bytes, (p) => {
      p.headerBytes = encodeEnvelopeHeader({ ...p.header, clock: 2 });
    });
    expect(codeOf(open(moved))).toBe('bad-commitment');
  });

  it('a re-signed change to the ciphertext → decrypt-failed', () => {
    const bytes = seal();
    expect(codeOf(open(resign(bytes, (p) => void (p.ciphertext[0]! ^= 1))))).toBe('decrypt-failed');
    expect(codeOf(open(resign(bytes, (p) => void (p.ciphertext = p.ciphertext.subarray(0, 10)))))).toBe('decrypt-failed');
  });
});

describe('verifyEnvelopeSignature (the relay: signature only, no key)', () => {
  it.each(Object.keys(ENVELOPE_KIND) as EnvelopeKind[])('accepts an untouched %s envelope and returns its header', (kind) => {
    const verified = verifyEnvelopeSignature(seal(kind, 3));
    expect(verified.ok && verified.value).toEqual({ version: 1, spaceId, docId, epoch: 0, author: device.signPublicKey, clock: 3, kind });
  });

  it('any bit flipped in nonce, commitment, ciphertext or signature → bad-signature', () => {
    const bytes = seal();
    const r = regions(bytes);
    for (const region of ['nonce', 'commitment', 'ciphertext', 'signature'] as const) {
      const [start, end] = r[region];
      for (let i = start; i < end; i++) {
        for (let bit = 0; bit < 8; bit++) {
          expect(codeOf(verifyEnvelopeSignature(flip(bytes, i, bit))), `${region} byte ${i} bit ${bit}`).toBe('bad-signature');
        }
      }
    }
  });

  it('any bit flipped in the header → malformed-frame or bad-signature, never accepted', () => {
    const bytes = seal();
    const [start, end] = regions(bytes).header;
    for (let i = start; i < end; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const code = codeOf(verifyEnvelopeSignature(flip(bytes, i, bit)));
        expect(['malformed-frame', 'bad-signature'], `header byte ${i} bit ${bit}: ${code}`).toContain(code);
      }
    }
    // A flipped author bit names another key: the signature no longer verifies for it.
    const authorStart = end - 1 - 32;
    expect(codeOf(verifyEnvelopeSignature(flip(bytes, authorStart, 0)))).toBe('bad-signature');
  });

  it('a flipped length byte, truncated or extended bytes → malformed-frame', () => {
    const bytes = seal();
    expect(codeOf(verifyEnvelopeSignature(flip(bytes, 0, 0)))).toBe('malformed-frame');
    expect(codeOf(verifyEnvelopeSignature(bytes.subarray(0, bytes.length - 1)))).toBe('malformed-frame');
    expect(codeOf(verifyEnvelopeSignature(new Uint8Array([...bytes, 0])))).toBe('malformed-frame');
  });

  it('a junk signature, a signature by another device or under another kind → bad-signature', () => {
    const bytes = seal();
    const junk = bytes.slice();
    junk.set(generateSpaceKey(), bytes.length - 64);
    junk.set(generateSpaceKey(), bytes.length - 32);
    expect(codeOf(verifyEnvelopeSignature(junk))).toBe('bad-signature');
    expect(codeOf(verifyEnvelopeSignature(resign(bytes, () => undefined, other)))).toBe('bad-signature');
    const parts = decodeEnvelope(seal('update'));
    const signed = new Uint8Array([...parts.headerBytes, ...parts.nonce, ...parts.commitment, ...parts.ciphertext]);
    const asSnapshot = encodeEnvelope({ ...parts, signature: signWithContext(CONTEXT.envelope('snapshot'), signed, device.signSecretKey) });
    expect(codeOf(verifyEnvelopeSignature(asSnapshot))).toBe('bad-signature');
  });

  it('needs no key: a re-signed wrong commitment passes here and fails only in openEnvelope', () => {
    const moved = resign(seal(), (p) => void (p.commitment[0]! ^= 1));
    expect(codeOf(verifyEnvelopeSignature(moved))).toBe('ok');
    expect(codeOf(open(moved))).toBe('bad-commitment');
  });
});
