/**
 * Update envelopes: a (merged) Yjs update plus the author's signed view of the log (`head`),
 * sealed as an `update` envelope, and the matching open that checks everything but membership
 * and clocks (those need the provider's state, see log-integrity.ts).
 *
 *   const envelope = sealUpdate({ spaceId, docId, device, key, clock, update, head: log.head() });
 *   const opened = openUpdate(envelope, { spaceId, docId, keyForEpoch });
 *   if (opened.ok) Y.applyUpdate(doc, opened.value.payload.update);
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
import { openEnvelope, sealEnvelope, type DeviceKeys } from '@securebase/crypto';

export interface SealUpdateInput {
  spaceId: string;
  docId: string;
  device: DeviceKeys;
  key: { epoch: number; key: Uint8Array };
  clock: number;
  update: Uint8Array;
  head: LogHead;
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
    plaintext: encodeUpdatePayload({ update: input.update, head: input.head }),
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
}

/** Verify, decrypt and decode an update envelope; every failure is a typed error. */
export function openUpdate(envelope: Uint8Array, ctx: OpenUpdateContext): Result<OpenedUpdate> {
  const opened = openEnvelope(envelope, ctx);
  if (!opened.ok) return opened;
  const { header, plaintext } = opened.value;
  if (header.kind !== 'update') return fail('invalid-update', `a ${header.kind} envelope in the update stream`);
  try {
    return ok({ header, author: toBase64Url(header.author), payload: decodeUpdatePayload(plaintext) });
  } catch (err) {
    // Authentic bytes a member sealed but not an update container: a buggy peer, not the relay.
    if (err instanceof SecureBaseError) return fail('invalid-update', `update payload: ${err.detail ?? err.code}`);
    throw err;
  }
}
