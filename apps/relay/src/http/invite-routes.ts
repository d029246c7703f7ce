/**
 * HTTP routes for invites: fetch an invite by id (the joiner decrypts its payload locally) and
 * accept it with a signed add-partner op. Accepting deletes the invite with its payload in the
 * same storage transaction that appends the op, so an invite can never admit two people and no
 * used payload (the space key sealed under the link secret) stays on the relay's disk; once the
 * space has its two partners every other open invite goes in that transaction too. An invite
 * that is no longer open answers why (used, cancelled, space full, expired), never its payload.
 *
 *   app.route('/v1/invites', createInviteRoutes(ctx));
 */
import { Hono } from 'hono';
import { appendMembershipOp, MAX_PARTNERS } from '@securebase/crypto';
import {
  bytesEqual,
  decodeMembershipOp,
  encodeInviteCertificate,
  isValidInviteId,
  toBase64Url,
  type InviteResponse,
  type ErrorCode,
  type MembershipResponse,
} from '@securebase/protocol';
import type { InviteEndReason, StoredInvite } from '../storage/types.js';
import { HttpError, httpErrorFrom } from './http-error.js';
import { readJsonObject, requireBytes } from './json-body.js';
import type { RelayContext } from './relay-context.js';


/** What the link's holder is told about an invite that is no longer open. */
const ENDED: Record<InviteEndReason, ErrorCode> = {
  used: 'invite-used',
  revoked: 'invite-revoked',
  'space-full': 'space-full',
  expired: 'invite-expired',
};

/** Routes under /v1/invites. */
export function createInviteRoutes(ctx: RelayContext): Hono {
  const { storage, limits } = ctx;
  const routes = new Hono();

  /** Why the invite with this id is not open: its tombstone's reason, else not found. */
  const notOpen = async (inviteId: string): Promise<HttpError> => {
    const ended = await storage.getEndedInvite(inviteId);
    return new HttpError(ended ? ENDED[ended.reason] : 'invite-not-found');
  };

  /** The invite named in the URL if it can still be redeemed; 404/409/410 otherwise. */
  const redeemableInvite = async (inviteId: string, now: number): Promise<StoredInvite> => {
    // A malformed id cannot name an invite: same answer as an unknown one.
    if (!isValidInviteId(inviteId)) throw new HttpError('invite-not-found');
    const invite = await storage.getInvite(inviteId);
    if (!invite) throw await notOpen(inviteId);
    // Expired but not swept yet: the payload stays unread all the same.
    if (invite.expiresAt <= now) throw new HttpError('invite-expired');
    return invite;
  };

  routes.get('/:inviteId', async (c) => {
    const invite = await redeemableInvite(c.req.param('inviteId'), ctx.now());
    const body: InviteResponse = {
      spaceId: invite.spaceId,
      certificate: toBase64Url(invite.certificate),
      payload: toBase64Url(invite.payload),
    };
    return c.json(body);
  });

  routes.post('/:inviteId/accept', async (c) => {
    const invite = await redeemableInvite(c.req.param('inviteId'), ctx.now());
    const encodedOp = requireBytes(await readJsonObject(c), 'op');
    const now = ctx.now();
    const op = decodeMembershipOp(encodedOp);
    if (op.body.kind !== 'add-partner') throw new HttpError('invalid-membership', 'op must be an add-partner op');
    if (op.spaceId !== invite.spaceId) throw new HttpError('wrong-space', 'op is for another space');
    if (op.body.invite.inviteId !== invite.inviteId) throw new HttpError('invalid-request', 'op redeems another invite');
    if (!bytesEqual(encodeInviteCertificate(op.body.invite), invite.certificate)) {
      throw new HttpError('invalid-membership', 'op carries a different certificate than the stored invite');
    }
    const membership = await ctx.membership.load(invite.spaceId, now);
    if (!membership) throw new HttpError('unknown-space');
    if (membership.head + 2 > limits.maxMembershipOps) {
      ctx.metrics.limitHit('membership-length');
      throw new HttpError('membership-limit', `a space's membership may hold at most ${limits.maxMembershipOps} changes`);
    }
    const appended = appendMembershipOp(membership.state, encodedOp, { now });
    if (!appended.ok) throw httpErrorFrom(appended.error);
    const result = await storage.redeemInvite({
      inviteId: invite.inviteId,
      seq: op.seq,
      op: encodedOp,
      now,
      quotaBytes: limits.maxBytesPerSpace,
      closeOthers: appended.value.partners.length >= MAX_PARTNERS,
    });
    switch (result.status) {
      case 'appended': {
        // Read back after the commit: the cache keeps verified states, not op bytes.
        const ops = (await storage.listMembershipOps(invite.spaceId)) ?? [];
        const body: MembershipResponse = { ops: ops.map(toBase64Url) };
        return c.json(body, 201);
      }
      case 'invite-used':
        // Gone between the check above and the commit (used, revoked or closed meanwhile).
        throw await notOpen(invite.inviteId);
      case 'head-moved':
        throw new HttpError('membership-changed', 'fetch the membership and try again');
      case 'quota-exceeded':
        ctx.metrics.limitHit('space-quota');
        throw new HttpError('quota-exceeded');
      case 'unknown-space':
        throw new HttpError('unknown-space');
    }
  });

  return routes;
}
