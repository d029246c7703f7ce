/**
 * HTTP routes that change membership after the space is paired, and that hand out key wraps:
 * `POST /v1/spaces/:spaceId/membership {ops, wraps}` appends a group of ops with the wraps of
 * the keys they rotate (all in one transaction; see membership-batch.ts for the rules), and
 * `GET /v1/spaces/:spaceId/key-wraps/:deviceKey?after=N` lists the wraps a member device has not
 * fetched yet. A device that is not (or no longer) a member gets an empty list.
 *
 *   app.route('/v1/spaces', createMembershipRoutes(ctx));
 */
import { Hono } from 'hono';
import { isMemberDevice } from '@securebase/crypto';
import { toBase64Url, type AppendMembershipResponse, type KeyWrapsResponse } from '@securebase/protocol';
import { HttpError } from './http-error.js';
import { readJsonObject, requireBytes } from './json-body.js';
import { planMembershipBatch } from './membership-batch.js';
import { countParam, deviceKeyParam, spaceIdParam } from './params.js';
import type { RelayContext } from './relay-context.js';

/** Ops one request may carry: the largest allowed group is remove-device + two rotations. */
const MAX_OPS_PER_REQUEST = 3;
/** Wraps one request may carry: one per device of the space, with room to spare. */
const MAX_WRAPS_PER_REQUEST = 64;

/** The array field `name` of the body; 400 if missing, not an array, or longer than `max`. */
function requireArray(body: Record<string, unknown>, name: string, max: number): unknown[] {
  const value = body[name];
  if (!Array.isArray(value)) throw new HttpError('invalid-request', `field "${name}" must be an array`);
  if (value.length > max) throw new HttpError('invalid-request', `field "${name}" may hold at most ${max} entries`);
  return value;
}

/** One entry of an array field, which must be a JSON object. */
function requireObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError('invalid-request', `entries of "${name}" must be objects`);
  }
  return value as Record<string, unknown>;
}

/** Routes under /v1/spaces for membership changes and key wraps. */
export function createMembershipRoutes(ctx: RelayContext): Hono {
  const { storage, limits } = ctx;
  const routes = new Hono();

  routes.post('/:spaceId/membership', async (c) => {
    const spaceId = spaceIdParam(c.req.param('spaceId'));
    const body = await readJsonObject(c);
    const ops = requireArray(body, 'ops', MAX_OPS_PER_REQUEST).map((op) => requireBytes({ ops: op }, 'ops'));
    if (ops.length === 0) throw new HttpError('invalid-request', 'field "ops" must hold at least one op');
    const wraps = requireArray(body, 'wraps', MAX_WRAPS_PER_REQUEST).map((entry) => {
      const wrap = requireObject(entry, 'wraps');
      return { deviceKey: deviceKeyParam(typeof wrap['deviceKey'] === 'string' ? wrap['deviceKey'] : ''), wrap: requireBytes(wrap, 'wrap') };
    });
    const now = ctx.now();
    const membership = await ctx.membership.load(spaceId, now);
    if (!membership) throw new HttpError('unknown-space');
    // Every client verifies the whole chain from genesis when it loads a space: the cap keeps that bounded.
    if (membership.head + 1 + ops.length > limits.maxMembershipOps) {
      ctx.metrics.limitHit('membership-length');
      throw new HttpError('membership-limit', `a space's membership may hold at most ${limits.maxMembershipOps} changes`);
    }
    const planned = await planMembershipBatch({ storage, membership, ops, wraps, now, quotaBytes: limits.maxBytesPerSpace });
    const result = await storage.appendMembershipBatch(planned.batch);
    switch (result.status) {
      case 'appended': {
        ctx.membershipChanged(spaceId, planned.state);
        const response: AppendMembershipResponse = { membershipHead: result.head };
        return c.json(response, 201);
      }
      case 'link-unavailable':
        throw new HttpError('membership-changed', 'the device link changed meanwhile; fetch it and try again');
      case 'head-moved':
        throw new HttpError('membership-changed', 'fetch the membership and try again');
      case 'invite-used':
        // Only invite redemption can answer this; a membership batch redeems no invite.
        throw new HttpError('server-error', 'unexpected storage answer');
      case 'quota-exceeded':
        ctx.metrics.limitHit('space-quota');
        throw new HttpError('quota-exceeded');
      case 'unknown-space':
        throw new HttpError('unknown-space');
    }
  });

  routes.get('/:spaceId/key-wraps/:deviceKey', async (c) => {
    const spaceId = spaceIdParam(c.req.param('spaceId'));
    const deviceKey = deviceKeyParam(c.req.param('deviceKey'));
    const after = countParam(c.req.query('after'), 'after', 0);
    const membership = await ctx.membership.load(spaceId, ctx.now());
    if (!membership) throw new HttpError('unknown-space');
    const wraps = isMemberDevice(membership.state, deviceKey) ? await storage.listKeyWraps(spaceId, deviceKey, after) : [];
    const response: KeyWrapsResponse = { wraps: wraps.map((entry) => ({ id: entry.id, wrap: toBase64Url(entry.wrap) })) };
    return c.json(response);
  });

  return routes;
}
