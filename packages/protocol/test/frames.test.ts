import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, MSG, toBase64Url, type Frame, type MsgName } from '@securebase/protocol';
import { arbFrame, SEED } from './arbitraries.js';
import { concat, expectMalformed } from './expect-malformed.js';

const spaceId = toBase64Url(new Uint8Array(16).fill(7));
const key = new Uint8Array(32).fill(1);

/** One hand-written example of every frame type. */
const EXAMPLES: Record<MsgName, Frame> = {
  hello: { type: 'hello', protocolVersion: 1, spaceId, deviceKey: key },
  challenge: { type: 'challenge', protocolVersion: 1, nonce: new Uint8Array(32).fill(2) },
  auth: { type: 'auth', signature: new Uint8Array(64).fill(3) },
  welcome: { type: 'welcome', membershipHead: 1 },
  subscribe: { type: 'subscribe', docId: 'shared', afterSeq: 300 },
  updates: {
    type: 'updates',
    docId: 'shared',
    entries: [
      { seq: 1, envelope: Uint8Array.of(9, 9) },
      { seq: 2, envelope: new Uint8Array(0) },
    ],
  },
  synced: { type: 'synced', docId: 'shared', headSeq: 2 },
  push: { type: 'push', docId: 'shared', ref: 5, envelope: Uint8Array.of(1, 2, 3) },
  ack: { type: 'ack', docId: 'shared', ref: 5, seq: 3 },
  error: { type: 'error', code: 14, ref: 5, detail: 'clock 4, expected 3' },
  ephemeral: { type: 'ephemeral', docId: 'shared', envelope: Uint8Array.of(4) },
  'put-snapshot': {
    type: 'put-snapshot',
    docId: 'shared',
    ref: 6,
    parentHash: new Uint8Array(32).fill(8),
    coversSeq: 300,
    envelope: Uint8Array.of(5, 6),
  },
  snapshot: { type: 'snapshot', docId: 'shared', coversSeq: 300, envelope: Uint8Array.of(7) },
};

describe('frames: round trips', () => {
  it.each(Object.keys(MSG) as MsgName[])('%s example round-trips and starts with its type number', (name) => {
    const bytes = encodeFrame(EXAMPLES[name]);
    expect(bytes[0]).toBe(MSG[name]);
    expect(decodeFrame(bytes)).toEqual(EXAMPLES[name]);
  });

  it('random sequences of every frame type round-trip value- and byte-exactly', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(arbFrame, { minLength: 1, maxLength: 20 }), (frames) => {
        for (const frame of frames) {
          seen.add(frame.type);
          const bytes = encodeFrame(frame);
          const decoded = decodeFrame(bytes);
          expect(decoded).toEqual(frame);
          expect(encodeFrame(decoded)).toEqual(bytes);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
    // The table really covered every type.
    expect([...seen].sort()).toEqual(Object.keys(MSG).sort());
  });

  it('accepts any protocol version in hello so the relay can answer unsupported-version', () => {
    const frame: Frame = { type: 'hello', protocolVersion: 99, spaceId, deviceKey: key };
    expect(decodeFrame(encodeFrame(frame))).toEqual(frame);
  });
});

describe('frames: rejection', () => {
  it.each(Object.keys(MSG) as MsgName[])('%s: every truncation is malformed-frame', (name) => {
    const bytes = encodeFrame(EXAMPLES[name]);
    for (let length = 0; length < bytes.length; length++) {
      expectMalformed(() => decodeFrame(bytes.subarray(0, length)));
    }
  });

  it.each(Object.keys(MSG) as MsgName[])('%s: a trailing byte is malformed-frame', (name) => {
    expectMalformed(() => decodeFrame(concat(encodeFrame(EXAMPLES[name]), [0])), 'trailing');
  });

  it('rejects unknown message types', () => {
    for (const type of [0, 14, 127, 128, 2 ** 40]) {
      const bytes = encodeFrame({ type: 'welcome', membershipHead: 0 });
      // Replace the type varuint by hand.
      const typeBytes = encodeFrame({ type: 'welcome', membershipHead: type }).subarray(1);
      expectMalformed(() => decodeFrame(concat(typeBytes, bytes.subarray(1))), 'frame type: unknown');
    }
  });

  it('rejects wrong fixed lengths (deviceKey, nonce, signature)', () => {
    const idBytes = new Uint8Array(16).fill(7);
    // hello with a 31-byte key: truncated; with 33 bytes: trailing byte.
    expectMalformed(() => decodeFrame(concat([MSG.hello, 1], idBytes, new Uint8Array(31))), 'deviceKey');
    expectMalformed(() => decodeFrame(concat([MSG.hello, 1], idBytes, new Uint8Array(33))), 'trailing');
    expectMalformed(() => decodeFrame(concat([MSG.challenge, 1], new Uint8Array(31))), 'nonce');
    expectMalformed(() => decodeFrame(concat([MSG.challenge, 1], new Uint8Array(33))), 'trailing');
    expectMalformed(() => decodeFrame(concat([MSG.auth], new Uint8Array(63))), 'signature');
    expectMalformed(() => decodeFrame(concat([MSG.auth], new Uint8Array(65))), 'trailing');
  });

  it('rejects invalid document ids', () => {
    const ascii = (s: string) => new TextEncoder().encode(s);
    for (const bad of ['', 'has space', 'dot.ted', 'é', 'x'.repeat(65)]) {
      const raw = ascii(bad);
      expectMalformed(() => decodeFrame(concat([MSG.subscribe, raw.length], raw, [0])), 'docId');
    }
    expect(() => encodeFrame({ type: 'subscribe', docId: 'no/slash', afterSeq: 0 })).toThrow(RangeError);
  });

  it('rejects varuints above MAX_SAFE_INTEGER, non-minimal and over-long varuints', () => {
    // 2^53 = 0x20000000000000 → 8 bytes of LEB128
    const twoTo53 = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10];
    expectMalformed(() => decodeFrame(concat([MSG.welcome], twoTo53)), 'too large');
    const maxSafe = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f];
    expect(decodeFrame(concat([MSG.welcome], maxSafe))).toEqual({ type: 'welcome', membershipHead: Number.MAX_SAFE_INTEGER });
    expectMalformed(() => decodeFrame(concat([MSG.welcome], [0x81, 0x00])), 'non-minimal');
    expectMalformed(() => decodeFrame(concat([MSG.welcome], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01])), 'too long');
    expect(() => encodeFrame({ type: 'welcome', membershipHead: 2 ** 53 })).toThrow(RangeError);
    expect(() => encodeFrame({ type: 'welcome', membershipHead: -1 })).toThrow(RangeError);
    expect(() => encodeFrame({ type: 'welcome', membershipHead: 1.5 })).toThrow(RangeError);
  });

  it('rejects invalid UTF-8 and oversize detail in error frames', () => {
    expectMalformed(() => decodeFrame(concat([MSG.error, 1, 0, 2], [0xc3, 0x28])), 'UTF-8');
    const long = new Uint8Array(1025).fill(0x61);
    expectMalformed(() => decodeFrame(concat([MSG.error, 1, 0, 0x81, 0x08], long)), 'longer than');
    expect(() => encodeFrame({ type: 'error', code: 1, ref: 0, detail: 'a'.repeat(1025) })).toThrow(RangeError);
    expect(() => encodeFrame({ type: 'error', code: 1, ref: 0, detail: '\ud800' })).toThrow(TypeError);
  });

  it('rejects an updates count larger than the frame can hold', () => {
    const docId = new TextEncoder().encode('shared');
    expectMalformed(() => decodeFrame(concat([MSG.updates, docId.length], docId, [0xff, 0xff, 0x03], [1, 0])), 'entries count');
  });

  it('put-snapshot: parentHash must be empty (first snapshot) or 32 bytes', () => {
    const first: Frame = { type: 'put-snapshot', docId: 'shared', ref: 1, parentHash: new Uint8Array(0), coversSeq: 3, envelope: Uint8Array.of(1) };
    expect(decodeFrame(encodeFrame(first))).toEqual(first);
    expect(() => encodeFrame({ ...first, parentHash: new Uint8Array(31) })).toThrow(RangeError);
    const docId = new TextEncoder().encode('shared');
    expectMalformed(() => decodeFrame(concat([MSG['put-snapshot'], docId.length], docId, [1, 31], new Uint8Array(31), [3, 1, 1])), 'parentHash');
    expectMalformed(() => decodeFrame(concat([MSG['put-snapshot'], docId.length], docId, [1, 33], new Uint8Array(33), [3, 1, 1])), 'parentHash');
  });

  it('rejects an envelope length beyond the frame', () => {
    const docId = new TextEncoder().encode('shared');
    expectMalformed(() => decodeFrame(concat([MSG.push, docId.length], docId, [1, 10], [1, 2, 3])), 'envelope: truncated');
  });

  it('rejects random garbage with malformed-frame only (never another error type)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (garbage) => {
        try {
          const frame = decodeFrame(garbage);
          // Garbage that happens to decode must be canonical.
          expect(encodeFrame(frame)).toEqual(garbage);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('malformed-frame');
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
