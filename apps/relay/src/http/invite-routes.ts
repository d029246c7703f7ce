/**
 * HTTP routes for invites: fetch an invite by id (the joiner decrypts its payload locally) and
 * accept it with a signed add-partner op. Accepting marks the invite used in the same storage
 * transaction that appends the op, so an invite can never admit two people.
 *
 *   app.route('/v1/invites', createInviteRoutes(ctx));
 */
import { Hono } from 'hono';
import { appendMembershipOp } from '@securebase/crypto';
import {
  decodeMembershipOp,
  encodeInviteCertificate,
  isValidInviteId,
  toBase64Url,
  type InviteResponse,
  type MembershipResponse,
} from '@securebase/protocol';
import type { StoredInvite } from '../storage/types.js';
import { HttpError, httpErrorFrom } from './http-error.js';
import { readJsonObject, requireBytes } from './json-body.js';
import type { RelayContext } from './relay-context.js';

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Routes under /v1/invites. */
export function createInviteRoutes(ctx: RelayContext): Hono {
  const { storage, limits } = ctx;
  const routes = new Hono();

  /** The invite named in the URL if it can still be redeemed; 404/410 otherwise. */
  const redeemableInvite = (inviteId: string, now: number): StoredInvite => {
    // A malformed id cannot name an invite: same answer as an unknown one.
    const invite = isValidInviteId(inviteId) ? storage.getInvite(inviteId) : undefined;
    if (!invite) throw new HttpError('invite-not-found');
    if (invite.usedAt !== undefined) throw new HttpError('invite-used');
    if (invite.expiresAt <= now) throw new HttpError('invite-expired');
    return invite;
  };

  routes.get('/:inviteId', (c) => {
    const invite = redeemableInvite(c.req.param('inviteId'), ctx.now());
    const body: InviteResponse = {
      spaceId: invite.spaceId,
      certificate: toBase64Url(invite.certificate),
      payload: toBase64Url(invite.payload),
    };
    return c.json(body);
  });

  routes.post('/:inviteId/accept', async (c) => {
    const invite = redeemableInvite(c.req.param('inviteId'), ctx.now());
    const encodedOp = requireBytes(await readJsonObject(c), 'op');
    const now = ctx.now();
    const op = decodeMembershipOp(encodedOp);
    if (op.body.kind !== 'add-partner') throw new HttpError('invalid-membership', 'op must be an add-partner op');
    if (op.spaceId !== invite.spaceId) throw new HttpError('wrong-space', 'op is for another space');
    if (op.body.invite.inviteId !== invite.inviteId) throw new HttpError('invalid-request', 'op redeems another invite');
    if (!sameBytes(encodeInviteCertificate(op.body.invite), invite.certificate)) {
      throw new HttpError('invalid-membership', 'op carries a different certificate than the stored invite');
    }
    const membership = ctx.membership.load(invite.spaceId, now);
    if (!membership) throw new HttpError('unknown-space');
    const appended = appendMembershipOp(membership.state, encodedOp, { now });
    if (!appended.ok) throw httpErrorFrom(appended.error);
    const result = storage.redeemInvite(invite.inviteId, op.seq, encodedOp, now, limits.maxBytesPerSpace);
    switch (result.status) {
      case 'appended': {
        const body: MembershipResponse = { ops: [...membership.ops, encodedOp].map(toBase64Url) };
        return c.json(body, 201);
      }
      case 'invite-used':
        throw new HttpError('invite-used');
      case 'head-moved':
        throw new HttpError('invalid-request', 'membership changed meanwhile; fetch it and try again', 409);
      case 'quota-exceeded':
        throw new HttpError('quota-exceeded');
      case 'unknown-space':
        throw new HttpError('unknown-space');
    }
  });

  return routes;
}
