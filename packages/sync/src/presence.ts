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
import { openEnvelope } from '@securebase/crypto';
import { EphemeralSealer, ReplayGuard, type EphemeralContext, type EphemeralOpenContext, type OpenedEphemeral } from './ephemeral.js';

export type PresenceContext = EphemeralContext;
export type PresenceOpenContext = EphemeralOpenContext;

/** What to do with one received presence envelope. */
export type PresenceVerdict =
  | { kind: 'apply'; author: string; update: Uint8Array }
  /** Older than (or equal to) the last one seen from that device: a replay or a late copy, dropped. */
  | { kind: 'stale' }
  /** `unknownAuthor`: the device (base64url) was not in the membership given, e.g. it joined since. */
  | { kind: 'rejected'; error: SecureBaseError; unknownAuthor?: string };

/** Seals and opens presence envelopes for one document. */
export class PresenceChannel {
  private readonly ctx: PresenceContext;
  private readonly sealer: EphemeralSealer;
  private readonly replays = new ReplayGuard();

  constructor(ctx: PresenceContext) {
    this.ctx = ctx;
    this.sealer = new EphemeralSealer(ctx);
  }

  /** Seal an awareness update under `key` with the next presence clock. */
  seal(update: Uint8Array, key: { epoch: number; key: Uint8Array }): Uint8Array {
    return this.sealer.seal(update, key);
  }

  /** Verify, decrypt and replay-check a received presence envelope. */
  open(envelope: Uint8Array, ctx: PresenceOpenContext): PresenceVerdict {
    const opened = openEnvelope(envelope, { spaceId: this.ctx.spaceId, docId: this.ctx.docId, keyForEpoch: ctx.keyForEpoch });
    if (!opened.ok) return { kind: 'rejected', error: opened.error };
    return this.accept(opened.value, ctx);
  }

  /** Check an envelope already verified and decrypted (the live-signal channel opened it first). */
  accept(opened: OpenedEphemeral, ctx: Pick<PresenceOpenContext, 'isMember'>): PresenceVerdict {
    const { header, plaintext } = opened;
    if (header.kind !== 'ephemeral') {
      return { kind: 'rejected', error: new SecureBaseError('invalid-update', `a ${header.kind} envelope in the presence stream`) };
    }
    const author = toBase64Url(header.author);
    if (!ctx.isMember(header.author)) return { kind: 'rejected', error: new SecureBaseError('unknown-author', 'presence'), unknownAuthor: author };
    if (!this.replays.fresh(author, header.clock)) return { kind: 'stale' };
    return { kind: 'apply', author, update: plaintext };
  }
}
