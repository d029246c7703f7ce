/**
 * What presence and live signals share: `ephemeral` envelopes sealed with this device's own
 * monotonic clock, and a receiver's replay check on each author's clock. The relay forwards
 * ephemerals and never stores them; it ignores their clock. The clock is seeded from wall time so
 * it keeps rising across restarts: a receiver drops anything at or below the last clock it saw
 * from that device, so a relay replaying an old message cannot bring back a stale state.
 *
 *   const sealer = new EphemeralSealer({ spaceId, docId, device });
 *   socket.send(sealer.seal(plaintext, { epoch, key }));
 *   const opened = openEnvelope(envelope, { spaceId, docId, keyForEpoch }); // once per frame
 *   if (opened.ok && replays.fresh(author, opened.value.header.clock)) use(opened.value.plaintext);
 */
import { sealEnvelope, type DeviceKeys } from '@securebase/crypto';
import type { EnvelopeHeader } from '@securebase/protocol';

export interface EphemeralContext {
  spaceId: string;
  docId: string;
  device: DeviceKeys;
  /** Wall clock in ms; injectable for tests. */
  now?: () => number;
}

/** What a receiver needs to check an opened ephemeral. */
export interface EphemeralOpenContext {
  keyForEpoch: (epoch: number) => Uint8Array | undefined;
  isMember: (deviceKey: Uint8Array) => boolean;
}

/** An ephemeral envelope verified and decrypted once, for whichever stream it belongs to. */
export interface OpenedEphemeral {
  header: EnvelopeHeader;
  plaintext: Uint8Array;
}

/** Seals ephemeral envelopes for one document with a strictly rising clock. */
export class EphemeralSealer {
  private readonly ctx: EphemeralContext;
  private lastSent = 0;

  constructor(ctx: EphemeralContext) {
    this.ctx = ctx;
  }

  /** Seal `plaintext` under `key` with the next clock. */
  seal(plaintext: Uint8Array, key: { epoch: number; key: Uint8Array }, now = (this.ctx.now ?? Date.now)()): Uint8Array {
    // Wall time keeps the counter rising after a restart; +1 keeps it strictly rising within a run.
    this.lastSent = Math.max(this.lastSent + 1, now);
    return sealEnvelope({
      header: {
        spaceId: this.ctx.spaceId,
        docId: this.ctx.docId,
        epoch: key.epoch,
        author: this.ctx.device.signPublicKey,
        clock: this.lastSent,
        kind: 'ephemeral',
      },
      plaintext,
      epochKey: key.key,
      device: this.ctx.device,
    });
  }
}

/** The last clock seen from each author: anything at or below it is a replay or a late copy. */
export class ReplayGuard {
  private readonly lastSeen = new Map<string, number>();

  /** True (and remembered) if `clock` is newer than anything seen from `author`. */
  fresh(author: string, clock: number): boolean {
    if (clock <= (this.lastSeen.get(author) ?? 0)) return false;
    this.lastSeen.set(author, clock);
    return true;
  }
}
