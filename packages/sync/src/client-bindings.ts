/**
 * Who wrote what: every Yjs client id in a document is bound to the device whose signed envelope
 * first carried structs under it, and an envelope from any other device that carries structs
 * under that client id is refused ('foreign-client-id'). Yjs itself trusts the client id written
 * in each struct, so without this a modified client could write under the partner's client id and
 * its words would read as the partner's. Authorship (packages/model) is read from here, never from
 * a field a client can set.
 *
 * A binding names the device and the partner it belonged to when it was made, so authorship
 * still reads right offline and after the device is removed. A client id seen only in data from
 * before bindings existed (a version 1 snapshot) stays unbound: its words are "unverified".
 *
 *   const bindings = new ClientBindings();
 *   const fresh = bindings.check(update, device);      // Result<number[]>: client ids to bind
 *   if (fresh.ok) { apply(update); bindings.bind(fresh.value, device, partnerId); }
 *   bindings.partnerOf(item.id.client);                 // 'p1…' | undefined
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { SecureBaseError, fail, fromBase64Url, ok, toBase64Url, type Result } from '@securebase/protocol';

const BINDINGS_V1 = 1;

/** One client id's binding. */
export interface ClientBinding {
  /** base64url Ed25519 key of the device that introduced the client id. */
  device: string;
  /** The partner that device belonged to. */
  partnerId: string;
}

/** The Yjs client ids an update carries structs under (deletions carry none). */
export function clientsOf(update: Uint8Array): number[] {
  return [...Y.parseUpdateMeta(update).from.keys()];
}

/**
 * `update` without the structs of the client ids `keep` refuses (its deletions stay), and the
 * client ids kept; `update` itself when nothing is refused (one parse: this runs on every seal).
 */
export function keepClients(update: Uint8Array, keep: (client: number) => boolean): { update: Uint8Array; kept: number[]; dropped: boolean } {
  const { to } = Y.parseUpdateMeta(update);
  const skip = new Map<number, number>();
  const kept: number[] = [];
  for (const [client, end] of to) {
    if (keep(client)) kept.push(client);
    else skip.set(client, end);
  }
  if (skip.size === 0) return { update, kept, dropped: false };
  return { update: Y.diffUpdate(update, Y.encodeStateVector(skip)), kept, dropped: true };
}

/** The client → device bindings of one document, persisted with its local state. */
export class ClientBindings {
  private readonly byClient = new Map<number, ClientBinding>();
  /** Set by every new binding; the local state clears it once written. */
  dirty = false;

  constructor(entries: Iterable<[number, ClientBinding]> = []) {
    for (const [client, binding] of entries) this.byClient.set(client, binding);
  }

  get size(): number {
    return this.byClient.size;
  }

  /** The binding of `client`, if any. */
  get(client: number): ClientBinding | undefined {
    return this.byClient.get(client);
  }

  /** The partner whose device wrote under `client`, or undefined when unknown. */
  partnerOf(client: number): string | undefined {
    return this.byClient.get(client)?.partnerId;
  }

  /**
   * May `device` have written `update`? Every client id it carries must be unbound or bound to
   * `device`. Returns the unbound ones (to bind once the update is applied).
   */
  check(update: Uint8Array, device: string): Result<number[]> {
    let clients: number[];
    try {
      clients = clientsOf(update);
    } catch (err) {
      return fail('invalid-update', `not a Yjs update: ${(err as Error).message}`);
    }
    return this.checkClients(clients, device);
  }

  /** As `check`, for client ids already read from an update. */
  checkClients(clients: Iterable<number>, device: string): Result<number[]> {
    const fresh: number[] = [];
    for (const client of clients) {
      const bound = this.byClient.get(client);
      if (!bound) fresh.push(client);
      else if (bound.device !== device) {
        return fail('foreign-client-id', `structs under a client id another device introduced`);
      }
    }
    return ok(fresh);
  }

  /** Bind each client id to `device` (a client id already bound is left as it is). */
  bind(clients: Iterable<number>, device: string, partnerId: string): void {
    for (const client of clients) {
      if (this.byClient.has(client)) continue;
      this.byClient.set(client, { device, partnerId });
      this.dirty = true;
    }
  }

  /** Every binding, for persistence and snapshot parts. */
  entries(): [number, ClientBinding][] {
    return [...this.byClient];
  }
}

/** Encode bindings for the local store. */
export function encodeBindings(bindings: ClientBindings): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, BINDINGS_V1);
    const entries = bindings.entries();
    encoding.writeVarUint(e, entries.length);
    for (const [client, { device, partnerId }] of entries) {
      encoding.writeVarUint(e, client);
      encoding.writeVarUint8Array(e, fromBase64Url(device));
      encoding.writeVarString(e, partnerId);
    }
  });
}

/** Decode bindings written by `encodeBindings`; throws 'storage-corrupt' on anything else. */
export function decodeBindings(bytes: Uint8Array): ClientBindings {
  try {
    const d = decoding.createDecoder(bytes);
    if (decoding.readVarUint(d) !== BINDINGS_V1) throw new Error('unknown version');
    const count = decoding.readVarUint(d);
    const entries: [number, ClientBinding][] = [];
    for (let i = 0; i < count; i++) {
      const client = decoding.readVarUint(d);
      const device = toBase64Url(decoding.readVarUint8Array(d));
      const partnerId = decoding.readVarString(d);
      entries.push([client, { device, partnerId }]);
    }
    return new ClientBindings(entries);
  } catch (err) {
    throw new SecureBaseError('invalid-request', `client bindings record is corrupt: ${(err as Error).message}`);
  }
}
