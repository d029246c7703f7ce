/**
 * Update envelopes: a (merged) Yjs update plus the author's signed view of the log (`head`) and
 * the hash of this device's previous update envelope (`prev`), sealed as an `update` envelope,
 * and the matching open that checks everything but membership and clocks (those need the
 * provider's state, see log-integrity.ts).
 *
 * `prev` makes a device's envelopes one hash chain its signatures run along: openUpdates checks
 * one signature at the newest envelope of each chain in a batch and proves the earlier ones by
 * their hash (crypto's envelope-chain.ts: only the same author can vouch). A missing or wrong
 * `prev` costs a signature check, never integrity.
 *
 *   const envelope = sealUpdate({ spaceId, docId, device, key, clock, update, head: log.head(), prev });
 *   const opened = openUpdate(envelope, { spaceId, docId, keyForEpoch });
 *   if (opened.ok) Y.applyUpdate(doc, opened.value.payload.update);
 *   const batch = openUpdates(entries.map((e) => e.envelope), ctx); // one Result per envelope
 */
import {
  SecureBaseError,
  decodeUpdatePayload,
  encodeUpdatePayload,
  fail,
  ok,
  toBase64Url,
  type EnvelopeHeader,
  type LogHead,
  type Result,
  type UpdatePayload,
} from '@securebase/protocol';
import { openEnvelope, openEnvelopeChain, sealEnvelope, type DeviceKeys } from '@securebase/crypto';

export interface SealUpdateInput {
  spaceId: string;
  docId: string;
  device: DeviceKeys;
  key: { epoch: number; key: Uint8Array };
  clock: number;
  update: Uint8Array;
  head: LogHead;
  /** hashBytes of this device's previous update envelope in the document, when known. */
  prev?: Uint8Array;
}

/** Seal one update with the author's log head inside. */
export function sealUpdate(input: SealUpdateInput): Uint8Array {
  return sealEnvelope({
    header: {
      spaceId: input.spaceId,
      docId: input.docId,
      epoch: input.key.epoch,
      author: input.device.signPublicKey,
      clock: input.clock,
      kind: 'update',
    },
    plaintext: encodeUpdatePayload(
      input.prev === undefined ? { update: input.update, head: input.head } : { update: input.update, head: input.head, prev: input.prev },
    ),
    epochKey: input.key.key,
    device: input.device,
  });
}

export interface OpenUpdateContext {
  spaceId: string;
  docId: string;
  keyForEpoch: (epoch: number) => Uint8Array | undefined;
}

export interface OpenedUpdate {
  header: EnvelopeHeader;
  /** header.author in base64url. */
  author: string;
  payload: UpdatePayload;
  /** How the author was proven: this envelope's signature, or a later one of the same device (openUpdates). */
  authenticity: 'signature' | 'vouched';
  /** hashBytes of the envelope when openUpdates computed it (for SyncLog.fold). */
  digest?: Uint8Array;
}

/** Verify, decrypt and decode an update envelope; every failure is a typed error. */
export function openUpdate(envelope: Uint8Array, ctx: OpenUpdateContext): Result<OpenedUpdate> {
  const opened = openEnvelope(envelope, ctx);
  return opened.ok ? asUpdate(opened.value, 'signature') : opened;
}

/**
 * openUpdate for a run of envelopes in log order, one Result per envelope (the same codes):
 * an envelope whose device's later authentic envelope names it as `prev` needs no signature check.
 */
export function openUpdates(envelopes: readonly Uint8Array[], ctx: OpenUpdateContext): Result<OpenedUpdate>[] {
  return openEnvelopeChain(envelopes, ctx, readUpdate).map((opened) => {
    if (!opened.ok) return opened;
    const { header, read: payload } = opened.value;
    if (header.kind !== 'update') return fail('invalid-update', `a ${header.kind} envelope in the update stream`);
    const { authenticity, digest } = opened.value;
    return payload.ok ? ok({ header, author: toBase64Url(header.author), payload: payload.value, authenticity, digest }) : payload;
  });
}

/** The payload of an authentic envelope, decoded once; only an update's `prev` links a chain. */
function readUpdate(opened: { header: EnvelopeHeader; plaintext: Uint8Array }): { prev: Uint8Array | undefined; read: Result<UpdatePayload> } {
  const payload = decodePayload(opened.plaintext);
  return { prev: opened.header.kind === 'update' && payload.ok ? payload.value.prev : undefined, read: payload };
}

function asUpdate(opened: { header: EnvelopeHeader; plaintext: Uint8Array }, authenticity: OpenedUpdate['authenticity']): Result<OpenedUpdate> {
  const { header, plaintext } = opened;
  if (header.kind !== 'update') return fail('invalid-update', `a ${header.kind} envelope in the update stream`);
  const payload = decodePayload(plaintext);
  return payload.ok ? ok({ header, author: toBase64Url(header.author), payload: payload.value, authenticity }) : payload;
}

function decodePayload(plaintext: Uint8Array): Result<UpdatePayload> {
  try {
    return ok(decodeUpdatePayload(plaintext));
  } catch (err) {
    // Authentic bytes a member sealed but not an update container: a buggy peer, not the relay.
    if (err instanceof SecureBaseError) return fail('invalid-update', `update payload: ${err.detail ?? err.code}`);
    throw err;
  }
}
