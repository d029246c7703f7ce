/**
 * Presence over the relay: awareness updates (who is here, where they are editing) sealed as
 * `ephemeral` envelopes. The relay forwards them to the space's other sessions and never stores
 * them; it ignores their clock. The clock is our own monotonic counter, seeded from wall time so
 * it keeps rising across restarts: a receiver drops anything at or below the last clock it saw
 * from that device, so a relay replaying an old presence message cannot resurrect a stale state.
 *
 *   const channel = new PresenceChannel({ spaceId, docId, device });
 *   socket.send(channel.seal(awarenessUpdate, { epoch, key }));
 *   const got = channel.open(envelope, { keyForEpoch, isMember });
 *   if (got.kind === 'apply') applyAwarenessUpdate(awareness, got.update, 'remote');
 */
import { SecureBaseError, toBase64Url } from '@securebase/protocol';
import { openEnvelope, sealEnvelope, type DeviceKeys } from '@securebase/crypto';

export interface PresenceContext {
  spaceId: string;
  docId: string;
  device: DeviceKeys;
  /** Wall clock in ms; injectable for tests. */
  now?: () => number;
}

export interface PresenceOpenContext {
  keyForEpoch: (epoch: number) => Uint8Array | undefined;
  isMember: (deviceKey: Uint8Array) => boolean;
}

/** What to do with one received presence envelope. */
export type PresenceVerdict =
  | { kind: 'apply'; author: string; update: Uint8Array }
  /** Older than (or equal to) the last one seen from that device: a replay or a late copy, dropped. */
  | { kind: 'stale' }
  | { kind: 'rejected'; error: SecureBaseError };

/** Seals and opens presence envelopes for one document. */
export class PresenceChannel {
  private readonly ctx: PresenceContext;
  private readonly now: () => number;
  private lastSent = 0;
  private readonly lastSeen = new Map<string, number>();

  constructor(ctx: PresenceContext) {
    this.ctx = ctx;
    this.now = ctx.now ?? Date.now;
  }

  /** Seal an awareness update under `key` with the next presence clock. */
  seal(update: Uint8Array, key: { epoch: number; key: Uint8Array }): Uint8Array {
    // Wall time keeps the counter rising after a restart; +1 keeps it strictly rising within a run.
    this.lastSent = Math.max(this.lastSent + 1, this.now());
    return sealEnvelope({
      header: {
        spaceId: this.ctx.spaceId,
        docId: this.ctx.docId,
        epoch: key.epoch,
        author: this.ctx.device.signPublicKey,
        clock: this.lastSent,
        kind: 'ephemeral',
      },
      plaintext: update,
      epochKey: key.key,
      device: this.ctx.device,
    });
  }

  /** Verify, decrypt and replay-check a received presence envelope. */
  open(envelope: Uint8Array, ctx: PresenceOpenContext): PresenceVerdict {
    const opened = openEnvelope(envelope, { spaceId: this.ctx.spaceId, docId: this.ctx.docId, keyForEpoch: ctx.keyForEpoch });
    if (!opened.ok) return { kind: 'rejected', error: opened.error };
    const { header, plaintext } = opened.value;
    if (header.kind !== 'ephemeral') {
      return { kind: 'rejected', error: new SecureBaseError('invalid-update', `a ${header.kind} envelope in the presence stream`) };
    }
    if (!ctx.isMember(header.author)) return { kind: 'rejected', error: new SecureBaseError('unknown-author', 'presence') };
    const author = toBase64Url(header.author);
    if (header.clock <= (this.lastSeen.get(author) ?? 0)) return { kind: 'stale' };
    this.lastSeen.set(author, header.clock);
    return { kind: 'apply', author, update: plaintext };
  }
}
