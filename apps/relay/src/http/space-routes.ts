/**
 * HTTP routes for spaces: create a space from its genesis op, read its membership chain, and
 * create an invite. Shapes are in @securebase/protocol http.ts.
 *
 *   app.route('/v1/spaces', createSpaceRoutes(ctx));
 */
import { Hono } from 'hono';
import { MAX_PARTNERS, verifyInviteCertificate, verifyMembershipChain } from '@securebase/crypto';
import {
  decodeInviteCertificate,
  decodeMembershipOp,
  toBase64Url,
  type CreateInviteResponse,
  type CreateSpaceResponse,
  type MembershipResponse,
} from '@securebase/protocol';
import { HttpError, httpErrorFrom } from './http-error.js';
import { readJsonObject, requireBytes } from './json-body.js';
import { spaceIdParam } from './params.js';
import type { RelayContext } from './relay-context.js';

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Routes under /v1/spaces. */
export function createSpaceRoutes(ctx: RelayContext): Hono {
  const { storage, limits } = ctx;
  const routes = new Hono();

  routes.post('/', async (c) => {
    const genesis = requireBytes(await readJsonObject(c), 'genesis');
    const op = decodeMembershipOp(genesis);
    if (op.body.kind !== 'create') throw new HttpError('invalid-membership', 'genesis must be a create op');
    const verified = verifyMembershipChain([genesis], { now: ctx.now() });
    if (!verified.ok) throw httpErrorFrom(verified.error);
    if (!storage.createSpace(op.spaceId, genesis, ctx.now())) {
      // A retry of the same create (its response was lost) succeeds again; anything else conflicts.
      const existing = storage.listMembershipOps(op.spaceId)?.[0];
      if (!existing || !sameBytes(existing, genesis)) {
        throw new HttpError('invalid-request', 'a space with this id already exists', 409);
      }
    }
    const body: CreateSpaceResponse = { spaceId: op.spaceId, membershipHead: 0 };
    return c.json(body, 201);
  });

  routes.get('/:spaceId/membership', (c) => {
    const ops = storage.listMembershipOps(spaceIdParam(c.req.param('spaceId')));
    if (!ops) throw new HttpError('unknown-space');
    const body: MembershipResponse = { ops: ops.map(toBase64Url) };
    return c.json(body);
  });

  routes.post('/:spaceId/invites', async (c) => {
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
    const membership = ctx.membership.load(spaceId, now);
    if (!membership) throw new HttpError('unknown-space');
    const verified = verifyInviteCertificate(membership.state, certificate, { now });
    if (!verified.ok) throw httpErrorFrom(verified.error);
    if (certificate.expiresAt <= now) throw new HttpError('invite-expired', 'certificate has already expired');
    if (certificate.expiresAt > now + limits.maxInviteLifetimeMs) {
      throw new HttpError('invalid-request', `an invite may live at most ${limits.maxInviteLifetimeMs} ms`);
    }
    if (membership.state.partners.length >= MAX_PARTNERS) throw new HttpError('space-full');
    const stored = storage.createInvite(
      { inviteId: certificate.inviteId, spaceId, certificate: certificateBytes, payload, expiresAt: certificate.expiresAt, createdAt: now },
      limits.maxBytesPerSpace,
    );
    if (stored === 'exists') throw new HttpError('invalid-request', 'an invite with this id already exists', 409);
    if (stored === 'quota-exceeded') throw new HttpError('quota-exceeded');
    if (stored === 'unknown-space') throw new HttpError('unknown-space');
    const body: CreateInviteResponse = { inviteId: certificate.inviteId, expiresAt: certificate.expiresAt };
    return c.json(body, 201);
  });

  return routes;
}
