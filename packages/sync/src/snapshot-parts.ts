/**
 * Authorship that survives compaction. A snapshot replaces the updates it covers, so whoever
 * writes it could otherwise restate the other partner's words any way they like. A version 2
 * snapshot therefore holds one part per partner, and every part is vouched for by a signature of
 * the partner it covers:
 *
 * - the writer's own part: every struct under its partner's client ids (plus the delete set),
 *   sealed fresh by the writer as a `snapshot-part` envelope, with which device introduced each
 *   client id and the update clocks of their devices it covers;
 * - each other partner's part: the newest part THEY sealed, carried verbatim, followed by their
 *   update envelopes since, exactly as their devices sealed them.
 *
 * The reader checks each part's signature and side (a part sealed by Jonah's device holds only
 * client ids bound to Jonah's devices), each carried update's signature and bindings, that the
 * carried clocks run on without a hole from the part to the snapshot's stated clocks, and that
 * no client id is bound to two devices. A writer can leave the other partner's newest words out
 * only as a clock hole the reader refuses, and can change none of them.
 *
 * Client ids no binding knows (data from before bindings existed) travel in the writer's part
 * and stay unbound: the model shows their authorship as unverified.
 *
 *   const parts = buildParts({ doc, sealPart, ownPartner, authorship, authorClocks, partnerOf });
 *   const verified = verifyParts(payload, ctx); // Result<VerifiedParts>
 */
import * as Y from 'yjs';
import {
  decodeSnapshotPartPayload,
  encodeSnapshotPartPayload,
  fail,
  fromBase64Url,
  ok,
  toBase64Url,
  type Result,
  type SnapshotPart,
  type SnapshotPartPayload,
  type SnapshotPayload,
} from '@securebase/protocol';
import { openEnvelope } from '@securebase/crypto';
import type { AuthorshipState } from './authorship-state.js';
import { ClientBindings, clientsOf, type ClientBinding } from './client-bindings.js';
import { openUpdates } from './update-envelopes.js';

export interface BuildPartsInput {
  doc: Y.Doc;
  /** Seal a `snapshot-part` plaintext with this device's key (header clock: the covered seq). */
  sealPart: (plaintext: Uint8Array) => Uint8Array;
  /** This device (base64url) and its partner. */
  ownDevice: string;
  ownPartner: string;
  authorship: AuthorshipState;
  /** Update clock per device (base64url) up to the covered seq. */
  authorClocks: Map<string, number>;
  /** The partner of a device (base64url), current or removed. */
  partnerOf: (device: string) => string | undefined;
}

/** The parts of the snapshot this device is about to write. */
export function buildParts(input: BuildPartsInput): SnapshotPart[] {
  const { doc, ownPartner, authorship } = input;
  const { bindings } = authorship;
  // Everything not bound to another partner goes in our part: our clients, and unbound ones.
  const others = new Map<number, number>();
  const unbound: number[] = [];
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    const partner = bindings.partnerOf(client);
    if (partner === undefined) unbound.push(client);
    else if (partner !== ownPartner) others.set(client, clock);
  }
  // Words nobody introduced (from before bindings existed): this device answers for them, as
  // every reader will read them (see verifyParts).
  bindings.bind(unbound, input.ownDevice, ownPartner);
  const update = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(others));
  const payload: SnapshotPartPayload = {
    update,
    clocks: [...input.authorClocks]
      .filter(([device]) => input.partnerOf(device) === ownPartner)
      .map(([device, clock]) => ({ author: fromBase64Url(device), clock })),
    bindings: bindings
      .entries()
      .filter(([, b]) => b.partnerId === ownPartner)
      .map(([client, b]) => ({ client, device: fromBase64Url(b.device) })),
  };
  const parts: SnapshotPart[] = [{ envelope: input.sealPart(encodeSnapshotPartPayload(payload)), updates: [] }];
  for (const [partner, m] of authorship.partners()) {
    if (partner === ownPartner || (m.part === undefined && m.updates.length === 0)) continue;
    parts.push({ envelope: m.part ?? new Uint8Array(0), updates: m.updates.map((u) => u.envelope) });
  }
  return parts;
}

export interface VerifyPartsContext {
  spaceId: string;
  docId: string;
  keyForEpoch: (epoch: number) => Uint8Array | undefined;
  /** May this device have sealed something under this epoch (a member, or removed after)? */
  mayAuthor: (device: Uint8Array, epoch: number) => boolean;
  /** The partner of a device (base64url), current or removed. */
  partnerOf: (device: string) => string | undefined;
  /** What the reader already knows: a snapshot must agree with it. */
  known: ClientBindings;
}

/** A part that verified: what it adds to the doc, and what the reader carries on for its partner. */
export interface VerifiedPart {
  partnerId: string;
  /** The part envelope (undefined when that partner never sealed one) and their updates after it. */
  part: Uint8Array | undefined;
  updates: Uint8Array[];
}

export interface VerifiedParts {
  /** Yjs updates to apply, parts first. */
  yjsUpdates: Uint8Array[];
  /** Client bindings the snapshot establishes (all consistent with `known`). */
  bindings: [number, ClientBinding][];
  parts: VerifiedPart[];
}

function forged(detail: string): Result<never> {
  return fail('forged-authorship', detail);
}

/** One part, opened: whose it is and what it states. */
interface OpenedPart {
  side: string;
  /** The device that sealed the part (undefined without one). */
  sealer: string | undefined;
  part: Uint8Array | undefined;
  payload: SnapshotPartPayload | undefined;
  /** The client ids the part's update carries structs under. */
  partClients: number[];
  updates: { envelope: Uint8Array; author: string; clock: number; update: Uint8Array; clients: number[] }[];
}

/** Open one part and its carried updates: signatures, members, one partner throughout. */
function openPart(part: SnapshotPart, coversSeq: number, ctx: VerifyPartsContext): Result<OpenedPart> {
  let side: string | undefined;
  let sealer: string | undefined;
  let payload: SnapshotPartPayload | undefined;
  let partClients: number[] = [];
  if (part.envelope.length > 0) {
    const opened = openEnvelope(part.envelope, ctx);
    if (!opened.ok) return opened;
    const { header, plaintext } = opened.value;
    if (header.kind !== 'snapshot-part') return fail('invalid-update', `a ${header.kind} envelope where a snapshot part belongs`);
    if (!ctx.mayAuthor(header.author, header.epoch)) return fail('unknown-author', 'snapshot part');
    if (header.clock > coversSeq) return forged('a part from after the snapshot');
    sealer = toBase64Url(header.author);
    side = ctx.partnerOf(sealer);
    if (side === undefined) return fail('unknown-author', 'snapshot part');
    try {
      payload = decodeSnapshotPartPayload(plaintext);
      partClients = clientsOf(payload.update);
    } catch (err) {
      return fail('invalid-update', `snapshot part: ${(err as Error).message}`);
    }
  }
  const updates: OpenedPart['updates'] = [];
  // One signature per device chain (update-envelopes.ts); every other check runs per envelope.
  const openedAll = openUpdates(part.updates, ctx);
  for (const [i, envelope] of part.updates.entries()) {
    const opened = openedAll[i]!;
    if (!opened.ok) return opened;
    const { header, author, payload: body } = opened.value;
    if (!ctx.mayAuthor(header.author, header.epoch)) return fail('unknown-author', 'carried update');
    const partner = ctx.partnerOf(author);
    if (partner === undefined) return fail('unknown-author', 'carried update');
    side ??= partner;
    if (partner !== side) return forged("another partner's update carried in a part");
    let clients: number[];
    try {
      clients = clientsOf(body.update);
    } catch (err) {
      return fail('invalid-update', `carried update: ${(err as Error).message}`);
    }
    updates.push({ envelope, author, clock: header.clock, update: body.update, clients });
  }
  if (side === undefined) return fail('invalid-update', 'an empty snapshot part');
  return ok({ side, sealer, part: part.envelope.length > 0 ? part.envelope : undefined, payload, partClients, updates });
}

/** Verify every part of a version 2 snapshot at the position its payload states. */
export function verifyParts(payload: SnapshotPayload, ctx: VerifyPartsContext): Result<VerifiedParts> {
  const opened: OpenedPart[] = [];
  for (const part of payload.parts ?? []) {
    const one = openPart(part, payload.coversSeq, ctx);
    if (!one.ok) return one;
    if (opened.some((o) => o.side === one.value.side)) return forged('two parts for one partner');
    opened.push(one.value);
  }
  // Every author the snapshot names with a clock must have a part: a partner's words cannot be
  // left out whole, nor restated by someone else.
  for (const { author, clock } of payload.clocks) {
    const side = ctx.partnerOf(toBase64Url(author));
    if (clock > 0 && side !== undefined && !opened.some((o) => o.side === side)) return forged("a partner's words left out");
  }

  const bound = new Map<number, ClientBinding>(ctx.known.entries());
  const fresh: [number, ClientBinding][] = [];
  const bind = (client: number, binding: ClientBinding): boolean => {
    const was = bound.get(client);
    if (was) return was.device === binding.device;
    bound.set(client, binding);
    fresh.push([client, binding]);
    return true;
  };
  // First what each part states about its own devices, then what its updates introduce.
  for (const o of opened) {
    for (const { client, device } of o.payload?.bindings ?? []) {
      const deviceText = toBase64Url(device);
      if (ctx.partnerOf(deviceText) !== o.side) return forged("a part binding a client id to another partner's device");
      if (!bind(client, { device: deviceText, partnerId: o.side })) return forged('a client id bound to two devices');
    }
  }
  for (const o of opened) {
    for (const u of o.updates) {
      for (const client of u.clients) {
        if (!bind(client, { device: u.author, partnerId: o.side })) return forged('a carried update under a client id the snapshot binds to another device');
      }
    }
  }
  // A part holds only its partner's client ids; one nobody introduced is the sealer's to answer for.
  for (const o of opened) {
    if (!o.payload || o.sealer === undefined) continue;
    for (const client of o.partClients) {
      const b = bound.get(client);
      if (b === undefined) bind(client, { device: o.sealer, partnerId: o.side });
      else if (b.partnerId !== o.side) return forged("a part holding the other partner's words");
    }
  }

  const stated = new Map(payload.clocks.map((c) => [toBase64Url(c.author), c.clock] as const));
  const yjsUpdates: Uint8Array[] = [];
  const parts: VerifiedPart[] = [];
  for (const o of opened) {
    // From a part, each device's carried updates follow on its clock; without one, the first sets it.
    const reached = new Map<string, number>();
    for (const { author, clock } of o.payload?.clocks ?? []) {
      if (ctx.partnerOf(toBase64Url(author)) !== o.side) return forged("a part stating another partner's clocks");
      reached.set(toBase64Url(author), clock);
    }
    for (const u of o.updates) {
      const last = reached.get(u.author);
      if ((last !== undefined || o.payload) && u.clock !== (last ?? 0) + 1) return forged('a hole in the carried updates');
      reached.set(u.author, u.clock);
    }
    for (const [device, clock] of stated) {
      if (ctx.partnerOf(device) !== o.side) continue;
      const got = reached.get(device);
      if (got === undefined ? o.payload !== undefined && clock > 0 : got !== clock) return forged("a partner's newest words left out");
    }
    if (o.payload) yjsUpdates.push(o.payload.update);
    yjsUpdates.push(...o.updates.map((u) => u.update));
    parts.push({ partnerId: o.side, part: o.part, updates: o.updates.map((u) => u.envelope) });
  }
  return ok({ yjsUpdates, bindings: fresh, parts });
}
