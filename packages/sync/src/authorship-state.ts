/**
 * What one document keeps so that authorship survives compaction: the client-id bindings
 * (client-bindings.ts) and, for every OTHER partner, the material their words are vouched for by
 * in the next snapshot this device writes: their newest signed snapshot part and their update
 * envelopes since, exactly as their devices sealed them (see snapshot-parts.ts). This device
 * cannot re-sign the partner's words, so it carries their signatures forward instead.
 *
 *   const state = new AuthorshipState();
 *   state.carry(partnerId, seq, envelope);             // a partner's update was applied
 *   state.adoptPart(partnerId, part, updates, coversSeq); // a snapshot brought a newer part
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { SecureBaseError } from '@securebase/protocol';
import { ClientBindings, decodeBindings, encodeBindings } from './client-bindings.js';

const AUTHORSHIP_V1 = 1;

/** One other partner's signed words since their newest part. */
export interface PartnerMaterial {
  /** Their newest `snapshot-part` envelope, or undefined when they never wrote one. */
  part: Uint8Array | undefined;
  /** Their update envelopes after the part, in log order, with the seq each was consumed at. */
  updates: { seq: number; envelope: Uint8Array }[];
}

/** Bindings and the other partners' material for one document. */
export class AuthorshipState {
  readonly bindings: ClientBindings;
  private readonly material = new Map<string, PartnerMaterial>();
  private changed = false;

  constructor(bindings = new ClientBindings(), material: Iterable<[string, PartnerMaterial]> = []) {
    this.bindings = bindings;
    for (const [partnerId, m] of material) this.material.set(partnerId, m);
  }

  /** True when something changed since the last `written()`. */
  get dirty(): boolean {
    return this.changed || this.bindings.dirty;
  }

  /** The record was written. */
  written(): void {
    this.changed = false;
    this.bindings.dirty = false;
  }

  /** Another partner's update envelope, applied at `seq`: carried into our next snapshot. */
  carry(partnerId: string, seq: number, envelope: Uint8Array): void {
    const m = this.material.get(partnerId) ?? { part: undefined, updates: [] };
    m.updates.push({ seq, envelope });
    this.material.set(partnerId, m);
    this.changed = true;
  }

  /**
   * A verified snapshot at `coversSeq` brought `partnerId`'s part and their updates after it: it
   * replaces what we carry up to coversSeq; what we consumed after coversSeq stays.
   */
  adoptPart(partnerId: string, part: Uint8Array | undefined, updates: Uint8Array[], coversSeq: number): void {
    const later = (this.material.get(partnerId)?.updates ?? []).filter((u) => u.seq > coversSeq);
    this.material.set(partnerId, { part, updates: [...updates.map((envelope) => ({ seq: coversSeq, envelope })), ...later] });
    this.changed = true;
  }

  /** Every other partner's material. */
  partners(): [string, PartnerMaterial][] {
    return [...this.material];
  }
}

/** Encode for the local store. */
export function encodeAuthorship(state: AuthorshipState): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, AUTHORSHIP_V1);
    encoding.writeVarUint8Array(e, encodeBindings(state.bindings));
    const partners = state.partners();
    encoding.writeVarUint(e, partners.length);
    for (const [partnerId, m] of partners) {
      encoding.writeVarString(e, partnerId);
      encoding.writeVarUint8Array(e, m.part ?? new Uint8Array(0));
      encoding.writeVarUint(e, m.updates.length);
      for (const u of m.updates) {
        encoding.writeVarUint(e, u.seq);
        encoding.writeVarUint8Array(e, u.envelope);
      }
    }
  });
}

/** Decode a record written by `encodeAuthorship`. */
export function decodeAuthorship(bytes: Uint8Array): AuthorshipState {
  let bindings: ClientBindings;
  const material: [string, PartnerMaterial][] = [];
  try {
    const d = decoding.createDecoder(bytes);
    if (decoding.readVarUint(d) !== AUTHORSHIP_V1) throw new Error('unknown version');
    bindings = decodeBindings(decoding.readVarUint8Array(d));
    for (let n = decoding.readVarUint(d); n > 0; n--) {
      const partnerId = decoding.readVarString(d);
      const part = decoding.readVarUint8Array(d);
      const updates: PartnerMaterial['updates'] = [];
      for (let k = decoding.readVarUint(d); k > 0; k--) {
        const seq = decoding.readVarUint(d);
        updates.push({ seq, envelope: decoding.readVarUint8Array(d) });
      }
      material.push([partnerId, { part: part.length > 0 ? part : undefined, updates }]);
    }
  } catch (err) {
    if (err instanceof SecureBaseError) throw err;
    throw new SecureBaseError('invalid-request', `authorship record is corrupt: ${(err as Error).message}`);
  }
  return new AuthorshipState(bindings, material);
}
