/**
 * The attacks the proxy performs on relay → client frames, as FrameRules. Most fire once (the
 * first matching frame), which is what a test needs to see detection and then self-healing; a
 * rule that should keep firing is installed again, or says so in its name (tamperEntryForGood). Tampering keeps envelopes well-formed, so the
 * only thing wrong is what the attack changed.
 *
 *   proxy.attack(aliceKey, tamperNextEntry('ciphertext', authoredBy(bobKey)));
 *   proxy.attack(aliceKey, tamperEntryForGood('ciphertext', authoredBy(bobKey))); // every re-fetch too
 *   proxy.attack(aliceKey, reorderNextEntries());
 */
import {
  decodeEnvelope,
  encodeEnvelope,
  encodeEnvelopeHeader,
  toBase64Url,
  type Frame,
  type SequencedEnvelope,
} from '@securebase/protocol';
import type { FrameRule } from './attack-proxy.js';

export type EntryMatcher = (entry: SequencedEnvelope) => boolean;

/** Entries whose (public) header names `deviceKey` as author. */
export function authoredBy(deviceKey: Uint8Array): EntryMatcher {
  const wanted = toBase64Url(deviceKey);
  return (entry) => toBase64Url(decodeEnvelope(entry.envelope).header.author) === wanted;
}

const anyEntry: EntryMatcher = () => true;

/** A rule that fires at most once: `apply` returns undefined until it has acted. */
function once(apply: (frame: Frame) => Frame[] | undefined): FrameRule {
  let fired = false;
  return (frame) => {
    if (fired) return undefined;
    const out = apply(frame);
    if (out) fired = true;
    return out;
  };
}

/** Rewrite the first matching entry of an `updates` frame (drop it when `change` returns undefined). */
function onNextEntry(match: EntryMatcher, change: (entry: SequencedEnvelope) => SequencedEnvelope | undefined): FrameRule {
  return once((frame) => {
    if (frame.type !== 'updates') return undefined;
    const index = frame.entries.findIndex(match);
    if (index < 0) return undefined;
    const replaced = change(frame.entries[index]!);
    const entries = frame.entries.flatMap((e, i) => (i !== index ? [e] : replaced ? [replaced] : []));
    return entries.length > 0 ? [{ ...frame, entries }] : [];
  });
}

/** Gap: the relay silently leaves out the next matching entry (seqs untouched). */
export function dropNextEntry(match: EntryMatcher = anyEntry): FrameRule {
  return onNextEntry(match, () => undefined);
}

/**
 * Reorder: the next `updates` frame with two or more entries has its first two swapped. Live
 * entries come one per frame, so a single held-back entry is released inside the next frame.
 */
export function reorderNextEntries(): FrameRule {
  let held: SequencedEnvelope[] = [];
  let fired = false;
  return (frame) => {
    if (fired || frame.type !== 'updates') return undefined;
    const entries = [...held, ...frame.entries];
    if (entries.length < 2) {
      held = entries;
      return [];
    }
    fired = true;
    return [{ ...frame, entries: [entries[1]!, entries[0]!, ...entries.slice(2)] }];
  };
}

export type TamperTarget = 'ciphertext' | 'header' | 'signature';

/** Flip one bit of the chosen part; the envelope stays well-formed. */
export function tamperEnvelope(envelope: Uint8Array, target: TamperTarget): Uint8Array {
  const parts = decodeEnvelope(envelope);
  const flip = (bytes: Uint8Array, at: number): Uint8Array => {
    const copy = bytes.slice();
    copy[at] = copy[at]! ^ 0x01;
    return copy;
  };
  switch (target) {
    case 'ciphertext':
      return encodeEnvelope({ ...parts, ciphertext: flip(parts.ciphertext, Math.floor(parts.ciphertext.length / 2)) });
    case 'signature':
      return encodeEnvelope({ ...parts, signature: flip(parts.signature, 10) });
    case 'header':
      // A plausible lie: the same change claimed under the next clock (a valid header, re-encoded).
      return encodeEnvelope({ ...parts, headerBytes: encodeEnvelopeHeader({ ...parts.header, clock: parts.header.clock + 1 }) });
  }
}

/** Tamper with the next matching entry in transit. */
export function tamperNextEntry(target: TamperTarget, match: EntryMatcher = anyEntry): FrameRule {
  return onNextEntry(match, (entry) => ({ seq: entry.seq, envelope: tamperEnvelope(entry.envelope, target) }));
}

/**
 * Damaged storage: the next matching entry is tampered with, and so is every later delivery of
 * the same seq (each re-fetch), as when the relay keeps the damaged bytes for good.
 */
export function tamperEntryForGood(target: TamperTarget, match: EntryMatcher = anyEntry): FrameRule {
  let damagedSeq: number | undefined;
  return (frame) => {
    if (frame.type !== 'updates') return undefined;
    damagedSeq ??= frame.entries.find(match)?.seq;
    if (damagedSeq === undefined || !frame.entries.some((e) => e.seq === damagedSeq)) return undefined;
    const entries = frame.entries.map((e) => (e.seq === damagedSeq ? { seq: e.seq, envelope: tamperEnvelope(e.envelope, target) } : e));
    return [{ ...frame, entries }];
  };
}

/** Substitute: the next matching entry carries `envelope` (captured elsewhere) under its seq. */
export function substituteNextEntry(envelope: Uint8Array, match: EntryMatcher = anyEntry): FrameRule {
  return onNextEntry(match, (entry) => ({ seq: entry.seq, envelope }));
}

/** Substitute a whole frame: the next `updates` frame is sent as if for document `docId`. */
export function relabelNextUpdates(docId: string): FrameRule {
  return once((frame) => (frame.type === 'updates' ? [{ ...frame, docId }] : undefined));
}

/** Serve `frames` (an old snapshot, say) just before the next `synced`, which may be rewritten. */
export function beforeNextSynced(frames: Frame[], headSeq?: (relayHead: number) => number): FrameRule {
  return once((frame) => {
    if (frame.type !== 'synced') return undefined;
    return [...frames, { ...frame, headSeq: headSeq ? headSeq(frame.headSeq) : frame.headSeq }];
  });
}
