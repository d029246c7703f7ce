/**
 * The mutual reveal's frame codec: every kind round-trips at a padded size, and anything an
 * honest client would not write (another version or kind, a cut or over-long field, junk in the
 * padding) is refused with a reason, never thrown.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { REVEAL_PAD_BYTES, decodeRevealFrame, encodeRevealFrame, type RevealFrame } from '../src/desire-reveal-frames.js';

const nonce = (fill: number): Uint8Array => new Uint8Array(16).fill(fill);

function raw(version: number, kind: number, body: (enc: encoding.Encoder) => void): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  encoding.writeVarString(enc, 'sb/reveal');
  encoding.writeVarUint(enc, version);
  encoding.writeVarUint(enc, kind);
  body(enc);
  const bytes = encoding.toUint8Array(enc);
  const padded = new Uint8Array(Math.ceil(bytes.length / REVEAL_PAD_BYTES) * REVEAL_PAD_BYTES);
  padded.set(bytes);
  return padded;
}

describe('reveal frame codec', () => {
  it('round-trips every kind, padded to one size up to a large message', () => {
    const frames: RevealFrame[] = [
      { kind: 'hello', nonce: nonce(1), heard: 0 },
      { kind: 'hello', nonce: nonce(2), heard: 3 },
      { kind: 'step', from: nonce(1), to: nonce(2), message: new Uint8Array(51).fill(7) },
      { kind: 'step', from: nonce(1), to: nonce(2), message: new Uint8Array(53 + 32 * 100).fill(9) },
      { kind: 'stop', from: nonce(2), to: nonce(1) },
    ];
    for (const frame of frames) {
      const bytes = encodeRevealFrame(frame);
      expect(bytes.length).toBe(REVEAL_PAD_BYTES);
      expect(decodeRevealFrame(bytes)).toEqual({ ok: true, frame });
    }
    const big = encodeRevealFrame({ kind: 'step', from: nonce(1), to: nonce(2), message: new Uint8Array(53 + 32 * 1000) });
    expect(big.length % REVEAL_PAD_BYTES).toBe(0);
    expect(decodeRevealFrame(big).ok).toBe(true);
  });

  it('writes the bytes docs/PROTOCOL.md describes (golden, version 1)', () => {
    const hex = (bytes: Uint8Array, n: number): string => Buffer.from(bytes.slice(0, n)).toString('hex');
    const hello = encodeRevealFrame({ kind: 'hello', nonce: nonce(1), heard: 2 });
    expect(hex(hello, 32)).toBe('000973622f72657665616c0101' + '01'.repeat(16) + '020000');
    const step = encodeRevealFrame({ kind: 'step', from: nonce(1), to: nonce(2), message: new Uint8Array([5, 6, 7]) });
    expect(hex(step, 52)).toBe('000973622f72657665616c0102' + '01'.repeat(16) + '02'.repeat(16) + '03050607000000');
  });

  it('refuses other versions and kinds, cut fields, junk padding and wrong sizes', () => {
    const nonces = (enc: encoding.Encoder): void => {
      encoding.writeUint8Array(enc, nonce(1));
      encoding.writeUint8Array(enc, nonce(2));
    };
    expect(decodeRevealFrame(raw(2, 1, (enc) => encoding.writeUint8Array(enc, nonce(1))))).toMatchObject({ ok: false });
    expect(decodeRevealFrame(raw(1, 9, nonces))).toMatchObject({ ok: false, detail: 'reveal frame kind 9' });
    // A step whose message length runs past the end of the frame.
    const cut = raw(1, 2, (enc) => {
      nonces(enc);
      encoding.writeVarUint(enc, REVEAL_PAD_BYTES * 2);
    });
    expect(decodeRevealFrame(cut)).toMatchObject({ ok: false });
    const junk = encodeRevealFrame({ kind: 'stop', from: nonce(1), to: nonce(2) });
    junk[REVEAL_PAD_BYTES - 1] = 1;
    expect(decodeRevealFrame(junk)).toMatchObject({ ok: false, detail: 'bytes after the frame' });
    const good = encodeRevealFrame({ kind: 'stop', from: nonce(1), to: nonce(2) });
    expect(decodeRevealFrame(good.slice(0, 100))).toMatchObject({ ok: false, detail: 'not padded' });
    const doubled = new Uint8Array(REVEAL_PAD_BYTES * 2);
    doubled.set(good);
    expect(decodeRevealFrame(doubled)).toMatchObject({ ok: false, detail: 'too much padding' });
    expect(() => encodeRevealFrame({ kind: 'hello', nonce: new Uint8Array(3), heard: 0 })).toThrow(RangeError);
  });

  it('reads as "no clients changed" to a client that predates the reveal', () => {
    const awareness = new Awareness(new Y.Doc());
    applyAwarenessUpdate(awareness, encodeRevealFrame({ kind: 'hello', nonce: nonce(1), heard: 0 }), 'remote');
    expect(awareness.getStates().size).toBe(1);
    awareness.destroy();
  });
});
