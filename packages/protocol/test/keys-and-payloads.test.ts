import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeKeyBundle,
  decodeKeyWrap,
  decodeSnapshotPayload,
  decodeUpdatePayload,
  encodeKeyBundle,
  encodeKeyWrap,
  encodeSnapshotPayload,
  encodeSnapshotPartPayload,
  decodeSnapshotPartPayload,
  encodeUpdatePayload,
  ERRORS,
  errorCodeFromWire,
  HTTP_STATUS,
  isMalformedPrivateDocId,
  isValidKeyScope,
  partnerOfPrivateDoc,
  partnerOfScope,
  privateDocId,
  privateScope,
  scopeForDoc,
  SecureBaseError,
  SPACE_SCOPE,
  toBase64Url,
  type ErrorCode,
  type SnapshotPayload,
} from '@securebase/protocol';
import { anyBytes, arbKeyEntries, bytes, randomId, safeNat, SEED } from './arbitraries.js';
import { concat, expectMalformed } from './expect-malformed.js';

const partnerId = toBase64Url(new Uint8Array(16).fill(3));

describe('key scopes', () => {
  it('maps documents to scopes', () => {
    expect(scopeForDoc('shared')).toBe(SPACE_SCOPE);
    expect(scopeForDoc('presence_1')).toBe('space');
    expect(privateDocId(partnerId)).toBe(`private-${partnerId}`);
    expect(privateScope(partnerId)).toBe(`private:${partnerId}`);
    expect(scopeForDoc(privateDocId(partnerId))).toBe(privateScope(partnerId));
    expect(partnerOfPrivateDoc(privateDocId(partnerId))).toBe(partnerId);
    expect(partnerOfPrivateDoc('shared')).toBeUndefined();
    expect(partnerOfScope(privateScope(partnerId))).toBe(partnerId);
    expect(partnerOfScope('space')).toBeUndefined();
  });

  it('validates scopes and reserved private document ids', () => {
    expect(isValidKeyScope('space')).toBe(true);
    expect(isValidKeyScope(privateScope(partnerId))).toBe(true);
    for (const bad of ['', 'Space', 'private:', 'private:abc', `private-${partnerId}`, 7]) expect(isValidKeyScope(bad)).toBe(false);
    expect(isMalformedPrivateDocId('private-abc')).toBe(true);
    expect(isMalformedPrivateDocId(privateDocId(partnerId))).toBe(false);
    expect(isMalformedPrivateDocId('shared')).toBe(false);
    // A malformed private id is never silently treated as another partner's scope.
    expect(scopeForDoc('private-abc')).toBe('space');
    expect(() => privateScope('abc')).toThrow(RangeError);
    expect(() => privateDocId('abc')).toThrow(RangeError);
  });
});

describe('key bundle', () => {
  it('round-trips random bundles byte-exactly', () => {
    fc.assert(
      fc.property(arbKeyEntries(), (entries) => {
        const encoded = encodeKeyBundle(entries);
        expect(decodeKeyBundle(encoded)).toEqual(entries);
        expect(encodeKeyBundle(decodeKeyBundle(encoded))).toEqual(encoded);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('rejects truncation, trailing bytes, unknown version, duplicates and absurd counts', () => {
    const key = new Uint8Array(32).fill(9);
    const entries = [
      { scope: 'space', epoch: 0, key },
      { scope: privateScope(partnerId), epoch: 0, key },
    ];
    const encoded = encodeKeyBundle(entries);
    for (let length = 0; length < encoded.length; length++) expectMalformed(() => decodeKeyBundle(encoded.subarray(0, length)));
    expectMalformed(() => decodeKeyBundle(concat(encoded, [0])), 'trailing');
    expectMalformed(() => decodeKeyBundle(concat([2], encoded.subarray(1))), 'version');
    const one = encodeKeyBundle([entries[0]!]).subarray(2);
    expectMalformed(() => decodeKeyBundle(concat([1, 2], one, one)), 'duplicate');
    expectMalformed(() => decodeKeyBundle(concat([1, 0xff, 0x7f], one)), 'count');
    expect(() => encodeKeyBundle([entries[0]!, entries[0]!])).toThrow(RangeError);
    expect(() => encodeKeyBundle([{ scope: 'nope', epoch: 0, key }])).toThrow(RangeError);
  });
});

describe('key wrap', () => {
  it('round-trips and rejects malformed wraps', () => {
    fc.assert(
      fc.property(bytes(32), anyBytes, (wrapper, sealed) => {
        const encoded = encodeKeyWrap({ wrapper, sealed });
        expect(decodeKeyWrap(encoded)).toEqual({ wrapper, sealed });
      }),
      { seed: SEED, numRuns: 100 },
    );
    const encoded = encodeKeyWrap({ wrapper: new Uint8Array(32).fill(1), sealed: Uint8Array.of(1, 2, 3) });
    for (let length = 0; length < encoded.length; length++) expectMalformed(() => decodeKeyWrap(encoded.subarray(0, length)));
    expectMalformed(() => decodeKeyWrap(concat(encoded, [0])), 'trailing');
    expectMalformed(() => decodeKeyWrap(concat([2], encoded.subarray(1))), 'version');
    expect(() => encodeKeyWrap({ wrapper: new Uint8Array(31), sealed: new Uint8Array(1) })).toThrow(RangeError);
  });
});

describe('update payload', () => {
  it('round-trips with and without a head', () => {
    fc.assert(
      fc.property(anyBytes, fc.option(fc.record({ seq: safeNat, hash: bytes(32) }), { nil: undefined }), (update, head) => {
        const payload = head === undefined ? { update } : { update, head };
        const encoded = encodeUpdatePayload(payload);
        expect(decodeUpdatePayload(encoded)).toEqual(payload);
        expect(encodeUpdatePayload(decodeUpdatePayload(encoded))).toEqual(encoded);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('rejects truncation, trailing bytes, unknown version and head flag', () => {
    const encoded = encodeUpdatePayload({ update: Uint8Array.of(1, 2), head: { seq: 5, hash: new Uint8Array(32).fill(4) } });
    for (let length = 0; length < encoded.length; length++) expectMalformed(() => decodeUpdatePayload(encoded.subarray(0, length)));
    expectMalformed(() => decodeUpdatePayload(concat(encoded, [0])), 'trailing');
    expectMalformed(() => decodeUpdatePayload(concat([3], encoded.subarray(1))), 'version');
    expectMalformed(() => decodeUpdatePayload(Uint8Array.of(1, 1, 7, 2)), 'has head');
    expect(() => encodeUpdatePayload({ update: new Uint8Array(0), head: { seq: 1, hash: new Uint8Array(31) } })).toThrow(RangeError);
  });
});

describe('snapshot payload', () => {
  const arbSnapshot: fc.Arbitrary<SnapshotPayload> = fc.record({
    state: anyBytes,
    coversSeq: safeNat,
    logHash: bytes(32),
    clocks: fc.uniqueArray(fc.record({ author: bytes(32), clock: safeNat }), { selector: (c) => toBase64Url(c.author), maxLength: 4 }),
    parentHash: fc.oneof(bytes(0), bytes(32)),
  });

  it('round-trips random snapshots byte-exactly', () => {
    fc.assert(
      fc.property(arbSnapshot, (snapshot) => {
        const encoded = encodeSnapshotPayload(snapshot);
        expect(decodeSnapshotPayload(encoded)).toEqual(snapshot);
        expect(encodeSnapshotPayload(decodeSnapshotPayload(encoded))).toEqual(encoded);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  const arbPartsSnapshot: fc.Arbitrary<SnapshotPayload> = fc.record({
    parts: fc.array(fc.record({ envelope: anyBytes, updates: fc.array(anyBytes, { maxLength: 3 }) }), { maxLength: 2 }),
    coversSeq: safeNat,
    logHash: bytes(32),
    clocks: fc.uniqueArray(fc.record({ author: bytes(32), clock: safeNat }), { selector: (c) => toBase64Url(c.author), maxLength: 4 }),
    parentHash: fc.oneof(bytes(0), bytes(32)),
  });

  it('round-trips random version 2 snapshots (one part per partner) byte-exactly', () => {
    fc.assert(
      fc.property(arbPartsSnapshot, (snapshot) => {
        const encoded = encodeSnapshotPayload(snapshot);
        expect(encoded[0]).toBe(2);
        expect(decodeSnapshotPayload(encoded)).toEqual(snapshot);
        expect(encodeSnapshotPayload(decodeSnapshotPayload(encoded))).toEqual(encoded);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('refuses a version 2 snapshot with more parts than partners, and truncations of one', () => {
    const part = { envelope: Uint8Array.of(9, 9), updates: [Uint8Array.of(7)] };
    const snapshot: SnapshotPayload = { parts: [part, part], coversSeq: 3, logHash: new Uint8Array(32), clocks: [], parentHash: new Uint8Array(0) };
    const encoded = encodeSnapshotPayload(snapshot);
    for (let length = 0; length < encoded.length; length++) expectMalformed(() => decodeSnapshotPayload(encoded.subarray(0, length)));
    const three = encodeSnapshotPayload({ ...snapshot, parts: [part, part, part] });
    expectMalformed(() => decodeSnapshotPayload(three), 'parts count');
    expect(() => encodeSnapshotPayload({ ...snapshot, state: Uint8Array.of(1) })).toThrow(RangeError);
  });

  it('round-trips snapshot parts and refuses a client id bound twice', () => {
    const device = new Uint8Array(32).fill(5);
    fc.assert(
      fc.property(
        fc.record({
          update: anyBytes,
          clocks: fc.uniqueArray(fc.record({ author: bytes(32), clock: safeNat }), { selector: (c) => toBase64Url(c.author), maxLength: 3 }),
          bindings: fc.uniqueArray(fc.record({ client: fc.nat(), device: bytes(32) }), { selector: (b) => b.client, maxLength: 4 }),
        }),
        (part) => {
          const encoded = encodeSnapshotPartPayload(part);
          expect(decodeSnapshotPartPayload(encoded)).toEqual(part);
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
    const twice = { update: Uint8Array.of(0, 0), clocks: [], bindings: [{ client: 7, device }, { client: 7, device }] };
    expect(() => encodeSnapshotPartPayload(twice)).toThrow(RangeError);
    const once = encodeSnapshotPartPayload({ ...twice, bindings: [{ client: 7, device }] });
    // Hand-built: the same binding written twice.
    const doubled = concat(once.subarray(0, once.length - 34), [2, 7], device, [7], device);
    expectMalformed(() => decodeSnapshotPartPayload(doubled), 'bound twice');
  });

  it('rejects truncation, trailing bytes, duplicate authors and a bad parent hash', () => {
    const author = new Uint8Array(32).fill(2);
    const snapshot: SnapshotPayload = {
      state: Uint8Array.of(1),
      coversSeq: 300,
      logHash: new Uint8Array(32).fill(1),
      clocks: [{ author, clock: 4 }],
      parentHash: new Uint8Array(32).fill(3),
    };
    const encoded = encodeSnapshotPayload(snapshot);
    for (let length = 0; length < encoded.length; length++) expectMalformed(() => decodeSnapshotPayload(encoded.subarray(0, length)));
    expectMalformed(() => decodeSnapshotPayload(concat(encoded, [0])), 'trailing');
    expectMalformed(() => decodeSnapshotPayload(concat([3], encoded.subarray(1))), 'version');
    expect(() => encodeSnapshotPayload({ ...snapshot, clocks: [{ author, clock: 1 }, { author, clock: 2 }] })).toThrow(RangeError);
    expect(() => encodeSnapshotPayload({ ...snapshot, parentHash: new Uint8Array(5) })).toThrow(RangeError);
    // Hand-built: two clocks for the same author.
    const head = encoded.subarray(0, encoded.length - 33 - 33 - 1);
    const twice = concat(head, [2], author, [4], author, [5], [0]);
    expectMalformed(() => decodeSnapshotPayload(twice), 'duplicate author');
    const shortParent = concat(encoded.subarray(0, encoded.length - 33), [5], new Uint8Array(5));
    expectMalformed(() => decodeSnapshotPayload(shortParent), 'parentHash');
  });
});

describe('error codes', () => {
  const codes = Object.keys(ERRORS) as ErrorCode[];

  it('wire numbers are unique and contiguous from 1, and map back', () => {
    const wires = codes.map((code) => ERRORS[code].wire).sort((a, b) => a - b);
    expect(wires).toEqual(wires.map((_, i) => i + 1));
    for (const code of codes) expect(errorCodeFromWire(ERRORS[code].wire)).toBe(code);
    expect(errorCodeFromWire(9999)).toBe('server-error');
  });

  it('the new codes carry the agreed fatality and a plain message', () => {
    const expected: Partial<Record<ErrorCode, boolean>> = {
      'fork-detected': true,
      'rollback-detected': true,
      'snapshot-conflict': false,
      'reordered-update': false,
      'stale-epoch': false,
      'link-not-found': true,
      'link-expired': true,
      'link-used': true,
      'device-removed': true,
      'forbidden-document': true,
      'local-store-locked': true,
      'identity-changed': false,
    };
    for (const [code, fatal] of Object.entries(expected) as [ErrorCode, boolean][]) {
      expect(new SecureBaseError(code).fatal, code).toBe(fatal);
      expect(ERRORS[code].message.length, code).toBeGreaterThan(10);
    }
    expect(ERRORS['device-removed'].message).toBe('This device was removed from the space.');
    expect(HTTP_STATUS['link-used']).toBe(410);
    expect(HTTP_STATUS['device-removed']).toBe(403);
  });

  it('random ids never collide with the space scope', () => {
    fc.assert(
      fc.property(randomId, (id) => {
        expect(scopeForDoc(privateDocId(id))).toBe(`private:${id}`);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
});
