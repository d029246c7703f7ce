/**
 * Encrypted snapshots of one document: the whole Yjs state at a log position, sealed as a
 * `snapshot` envelope whose plaintext also carries the log hash at that position, every author's
 * clock, and the hash of the parent snapshot envelope. The state travels as one part per partner,
 * each vouched for by that partner's own signature (snapshot-parts.ts), so a snapshot written by
 * one partner cannot change what the other wrote. A version 1 snapshot (one state, the writer's
 * word for everything) is used only when the reader's own partner wrote it. The relay swaps one in with compare-and-
 * swap on that parent hash and prunes the updates it covers, so opening a document is the newest
 * snapshot plus the updates after it.
 *
 * The envelope's clock is the covered seq: snapshots do not use the author's update clock (the
 * relay enforces last + 1 on updates only), and a rising value keeps headers distinct.
 *
 *   const { envelope, anchor, parentHash } = sealSnapshot({ ...ids, device, key, state, log });
 *   send({ type: 'put-snapshot', docId, ref, parentHash, coversSeq: anchor.coversSeq, envelope });
 *   const opened = openSnapshot(frame.envelope, frame.coversSeq, { spaceId, docId, keyForEpoch, mayAuthor });
 */
import {
  SecureBaseError,
  decodeSnapshotPayload,
  encodeSnapshotPayload,
  fail,
  fromBase64Url,
  ok,
  toBase64Url,
  type Result,
  type SnapshotPayload,
} from '@securebase/protocol';
import { hashBytes, openEnvelope, sealEnvelope, type DeviceKeys } from '@securebase/crypto';
import type * as Y from 'yjs';
import type { AuthorshipState } from './authorship-state.js';
import type { ClientBindings } from './client-bindings.js';
import type { SyncLog } from './log-integrity.js';
import { buildParts, verifyParts, type VerifiedParts } from './snapshot-parts.js';
import type { SnapshotAnchor } from './provider-state.js';

/** When a client writes a snapshot: after this many consumed updates or bytes since the last one. */
export interface SnapshotPolicy {
  everyUpdates: number;
  everyBytes: number;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = { everyUpdates: 300, everyBytes: 1024 * 1024 };

export interface SealSnapshotInput {
  spaceId: string;
  docId: string;
  device: DeviceKeys;
  key: { epoch: number; key: Uint8Array };
  /** Must hold exactly the log up to log.lastSeq. */
  doc: Y.Doc;
  log: SyncLog;
  /** This device's partner. */
  ownPartner: string;
  authorship: AuthorshipState;
  /** The partner of a device (base64url), current or removed. */
  partnerOf: (device: string) => string | undefined;
}

export interface SealedSnapshot {
  envelope: Uint8Array;
  /** What the log adopts once the relay acks it. */
  anchor: SnapshotAnchor;
  /** hashBytes of the parent snapshot envelope, or empty for the first. */
  parentHash: Uint8Array;
}

/** Seal the snapshot of `state` at the log's current position. */
export function sealSnapshot(input: SealSnapshotInput): SealedSnapshot {
  const { lastSeq: coversSeq, logHash, authorClocks, newestSnapshot } = input.log.state;
  if (coversSeq < 1) throw new RangeError('sealSnapshot: nothing to cover yet');
  const parentHash = newestSnapshot ? newestSnapshot.envelopeHash : new Uint8Array(0);
  const clocks = [...authorClocks].map(([author, clock]) => ({ author: fromBase64Url(author), clock }));
  const seal = (kind: 'snapshot' | 'snapshot-part', plaintext: Uint8Array): Uint8Array =>
    sealEnvelope({
      header: { spaceId: input.spaceId, docId: input.docId, epoch: input.key.epoch, author: input.device.signPublicKey, clock: coversSeq, kind },
      plaintext,
      epochKey: input.key.key,
      device: input.device,
    });
  const parts = buildParts({
    doc: input.doc,
    sealPart: (plaintext) => seal('snapshot-part', plaintext),
    ownDevice: toBase64Url(input.device.signPublicKey),
    ownPartner: input.ownPartner,
    authorship: input.authorship,
    authorClocks,
    partnerOf: input.partnerOf,
  });
  const envelope = seal('snapshot', encodeSnapshotPayload({ parts, coversSeq, logHash, clocks, parentHash }));
  return { envelope, anchor: { coversSeq, logHash, envelopeHash: hashBytes(envelope) }, parentHash };
}

/** A version 1 snapshot (tests of the legacy path, and nothing else, write these). */
export function sealLegacySnapshot(input: Omit<SealSnapshotInput, 'doc' | 'ownPartner' | 'authorship' | 'partnerOf'> & { state: Uint8Array }): SealedSnapshot {
  const { lastSeq: coversSeq, logHash, authorClocks, newestSnapshot } = input.log.state;
  if (coversSeq < 1) throw new RangeError('sealSnapshot: nothing to cover yet');
  const parentHash = newestSnapshot ? newestSnapshot.envelopeHash : new Uint8Array(0);
  const clocks = [...authorClocks].map(([author, clock]) => ({ author: fromBase64Url(author), clock }));
  const envelope = sealEnvelope({
    header: {
      spaceId: input.spaceId,
      docId: input.docId,
      epoch: input.key.epoch,
      author: input.device.signPublicKey,
      clock: coversSeq,
      kind: 'snapshot',
    },
    plaintext: encodeSnapshotPayload({ state: input.state, coversSeq, logHash, clocks, parentHash }),
    epochKey: input.key.key,
    device: input.device,
  });
  return { envelope, anchor: { coversSeq, logHash, envelopeHash: hashBytes(envelope) }, parentHash };
}

export interface OpenSnapshotContext {
  spaceId: string;
  docId: string;
  keyForEpoch: (epoch: number) => Uint8Array | undefined;
  /** Whether `deviceKey` may have sealed something under `epoch` (a member, or removed after writing it). */
  mayAuthor: (deviceKey: Uint8Array, epoch: number) => boolean;
  /** The partner of a device (base64url), current or removed. */
  partnerOf: (device: string) => string | undefined;
  /** The reader's partner: the only one whose version 1 snapshot it takes on trust. */
  ownPartner: string;
  /** The reader's client bindings: the snapshot must agree with them. */
  known: ClientBindings;
}

export interface OpenedSnapshot {
  payload: SnapshotPayload;
  /** The Yjs updates that make up the state, in order. */
  yjsUpdates: Uint8Array[];
  /** For a version 2 snapshot: the bindings and parts it brings. */
  parts: VerifiedParts | undefined;
  anchor: SnapshotAnchor;
  /** Author (base64url) → clock, as the snapshot states them. */
  clocks: Map<string, number>;
}

/**
 * Verify, decrypt and decode a snapshot the relay labelled `coversSeq`. The signed position must
 * match the label: a relay passing an old snapshot off as a newer one is a rollback.
 */
export function openSnapshot(envelope: Uint8Array, coversSeq: number, ctx: OpenSnapshotContext): Result<OpenedSnapshot> {
  const opened = openEnvelope(envelope, { spaceId: ctx.spaceId, docId: ctx.docId, keyForEpoch: ctx.keyForEpoch });
  if (!opened.ok) return opened;
  const { header, plaintext } = opened.value;
  if (header.kind !== 'snapshot') return fail('invalid-update', `a ${header.kind} envelope where a snapshot belongs`);
  if (!ctx.mayAuthor(header.author, header.epoch)) return fail('unknown-author', 'snapshot');
  let payload: SnapshotPayload;
  try {
    payload = decodeSnapshotPayload(plaintext);
  } catch (err) {
    // Authentic bytes a member sealed but not a valid snapshot: a buggy peer, not the relay.
    if (err instanceof SecureBaseError) return fail('invalid-update', `snapshot payload: ${err.detail ?? err.code}`);
    throw err;
  }
  if (payload.coversSeq !== coversSeq) {
    return fail('rollback-detected', `relay labelled a snapshot of seq ${payload.coversSeq} as seq ${coversSeq}`);
  }
  const clocks = new Map(payload.clocks.map((c) => [toBase64Url(c.author), c.clock] as const));
  const anchor = { coversSeq, logHash: payload.logHash, envelopeHash: hashBytes(envelope) };
  if (payload.state) {
    // One state, the writer's word for every struct in it: trusted only from our own partner.
    if (ctx.partnerOf(toBase64Url(header.author)) !== ctx.ownPartner) {
      return fail('forged-authorship', "a version 1 snapshot from the other partner's device");
    }
    return ok({ payload, yjsUpdates: [payload.state], parts: undefined, anchor, clocks });
  }
  const parts = verifyParts(payload, ctx);
  if (!parts.ok) return parts;
  return ok({ payload, yjsUpdates: parts.value.yjsUpdates, parts: parts.value, anchor, clocks });
}
