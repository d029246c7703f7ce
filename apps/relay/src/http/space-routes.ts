/**
 * HTTP routes for spaces: create a space from its genesis op, read its membership chain, create
 * an invite, and revoke every open invite (signed by a current member device, within
 * REVOKE_CLOCK_SKEW_MS of the relay's clock). Shapes are in @securebase/protocol http.ts.
 *
 *   app.route('/v1/spaces', createSpaceRoutes(ctx));
 */
import { Hono } from 'hono';
import { isMemberDevice, MAX_PARTNERS, verifyInviteCertificate, verifyInviteRevocation, verifyMembershipChain } from '@securebase/crypto';
import {
  bytesEqual,
  decodeInviteCertificate,
  decodeMembershipOp,
  toBase64Url,
  type CreateInviteResponse,
  type CreateSpaceResponse,
  type MembershipResponse,
  type RevokeInvitesResponse,
} from '@securebase/protocol';
import { HttpError, httpErrorFrom } from './http-error.js';
import { readJsonObject, requireBytes } from './json-body.js';
import { spaceIdParam } from './params.js';
import type { RelayContext } from './relay-context.js';
import { openCreationGuards, type CreationGuards } from './creation-guards.js';


/**
 * How far a revocation's `signedAt` may be from the relay's clock. A captured request can only
 * be replayed within this window, and replaying it only cancels invitations again.
 */
export const REVOKE_CLOCK_SKEW_MS = 5 * 60_000;

/** Routes under /v1/spaces. */
export function createSpaceRoutes(ctx: RelayContext, guards: CreationGuards = openCreationGuards): Hono {
  const { storage, limits } = ctx;
  const routes = new Hono();

  routes.post('/', async (c) => {
    const request = await readJsonObject(c);
    await guards.beforeCreateSpace(c, request['creationCode']);
    const genesis = requireBytes(request, 'genesis');
    const op = decodeMembershipOp(genesis);
    if (op.body.kind !== 'create') throw new HttpError('invalid-membership', 'genesis must be a create op');
    const verified = verifyMembershipChain([genesis], { now: ctx.now() });
    if (!verified.ok) throw httpErrorFrom(verified.error);
    if (!(await storage.createSpace(op.spaceId, genesis, ctx.now()))) {
      // A retry of the same create (its response was lost) succeeds again; anything else conflicts.
      const existing = (await storage.listMembershipOps(op.spaceId))?.[0];
      if (!existing || !bytesEqual(existing, genesis)) {
        throw new HttpError('already-exists', 'a space with this id');
      }
    }
    const body: CreateSpaceResponse = { spaceId: op.spaceId, membershipHead: 0 };
    return c.json(body, 201);
  });

  routes.get('/:spaceId/membership', async (c) => {
    const ops = await storage.listMembershipOps(spaceIdParam(c.req.param('spaceId')));
    if (!ops) throw new HttpError('unknown-space');
    const body: MembershipResponse = { ops: ops.map(toBase64Url) };
    return c.json(body);
  });

  routes.post('/:spaceId/invites', async (c) => {
    await guards.beforeCreateInvite(c);
    const spaceId = spaceIdParam(c.req.param('spaceId'));
    const request = await readJsonObject(c);
    const certificateBytes = requireBytes(request, 'certificate');
    const payload = requireBytes(request, 'payload');
    if (payload.byteLength > limits.maxInvitePayloadBytes) {
      throw new HttpError('frame-too-large', `invite payload may be at most ${limits.maxInvitePayloadBytes} bytes`);
    }
    const certificate = decodeInviteCertificate(certificateBytes);
    if (certificate.spaceId !== spaceId) throw new HttpError('wrong-space', 'certificate is for another space');
    const now = ctx.now();
    const membership = await ctx.membership.load(spaceId, now);
    if (!membership) throw new HttpError('unknown-space');
    const verified = verifyInviteCertificate(membership.state, certificate, { now });
    if (!verified.ok) throw httpErrorFrom(verified.error);
    if (certificate.expiresAt <= now) throw new HttpError('invite-expired', 'certificate has already expired');
    if (certificate.expiresAt > now + limits.maxInviteLifetimeMs) {
      throw new HttpError('invalid-request', `an invite may live at most ${limits.maxInviteLifetimeMs} ms`);
    }
    if (membership.state.partners.length >= MAX_PARTNERS) throw new HttpError('space-full');
    const stored = await storage.createInvite(
      { inviteId: certificate.inviteId, spaceId, certificate: certificateBytes, payload, expiresAt: certificate.expiresAt, createdAt: now },
      limits.maxBytesPerSpace,
    );
    if (stored === 'exists') throw new HttpError('already-exists', 'an invite with this id');
    if (stored === 'quota-exceeded') {
      ctx.metrics.limitHit('space-quota');
      throw new HttpError('quota-exceeded');
    }
    if (stored === 'unknown-space') throw new HttpError('unknown-space');
    const body: CreateInviteResponse = { inviteId: certificate.inviteId, expiresAt: certificate.expiresAt };
    return c.json(body, 201);
  });

  routes.post('/:spaceId/invites/revoke', async (c) => {
    const spaceId = spaceIdParam(c.req.param('spaceId'));
    const request = await readJsonObject(c);
    const signedAt = request['signedAt'];
    if (typeof signedAt !== 'number' || !Number.isSafeInteger(signedAt) || signedAt < 0) {
      throw new HttpError('invalid-request', 'field "signedAt" must be a time in ms since the epoch');
    }
    const deviceKey = requireBytes(request, 'deviceKey');
    const signature = requireBytes(request, 'signature');
    if (!verifyInviteRevocation({ spaceId, signedAt, deviceKey, signature })) throw new HttpError('auth-failed', 'signature does not verify');
    const now = ctx.now();
    if (Math.abs(now - signedAt) > REVOKE_CLOCK_SKEW_MS) {
      throw new HttpError('auth-failed', `signedAt must be within ${REVOKE_CLOCK_SKEW_MS} ms of the relay's clock`);
    }
    const membership = await ctx.membership.load(spaceId, now);
    if (!membership) throw new HttpError('unknown-space');
    if (!isMemberDevice(membership.state, deviceKey)) throw new HttpError('not-a-member');
    const body: RevokeInvitesResponse = { revoked: await storage.revokeInvites(spaceId, now) };
    return c.json(body);
  });

  return routes;
}
