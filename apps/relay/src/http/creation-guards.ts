/**
 * The checks that run before the relay creates something that costs it storage on behalf of an
 * anonymous caller: a space (per-address budget, the operator's creation gate, the relay-wide
 * caps on spaces and stored bytes) and an invite (per-address budget). The routes call them
 * before touching storage; each refusal is a typed HttpError and a metric.
 *
 *   const guards = createCreationGuards({ ctx, addressOf, gate });
 *   routes.post('/', async (c) => { const body = await readJsonObject(c); await guards.beforeCreateSpace(c, body.creationCode); … });
 */
import type { Context } from 'hono';
import type { RelayContext } from './relay-context.js';
import type { CreationGate } from './creation-gate.js';
import { HttpError } from './http-error.js';
import { AddressRateLimit, rateLimited } from './rate-limits.js';
import type { SharedLimits } from './shared-limits.js';

export interface CreationGuards {
  /** Refuse a space creation that is over budget, without a valid code, or over the relay's caps. */
  beforeCreateSpace(c: Context, creationCode: unknown): Promise<void>;
  /** Refuse an invite creation that is over the caller's budget. */
  beforeCreateInvite(c: Context): Promise<void>;
}

/** Guards that allow everything (routes mounted without an edge, e.g. in a unit test). */
export const openCreationGuards: CreationGuards = {
  beforeCreateSpace: () => Promise.resolve(),
  beforeCreateInvite: () => Promise.resolve(),
};

export interface CreationGuardsOptions {
  ctx: RelayContext;
  /** The caller's rate-limit key (client-address.ts). */
  addressOf: (c: Context) => string;
  /** The operator's creation gate; without one, creation is open. */
  gate?: CreationGate | undefined;
  /** Share the creation budgets with the other nodes (shared-limits.ts). */
  shared?: SharedLimits | undefined;
}

const HOUR_SEC = 60 * 60;

/** Build the guards of one relay app, with their own per-address budgets. */
export function createCreationGuards({ ctx, addressOf, gate, shared }: CreationGuardsOptions): CreationGuards {
  const { limits, metrics } = ctx;
  const spaces = new AddressRateLimit({ points: limits.spaceCreationsPerHour, durationSec: HOUR_SEC, maxTrackedAddresses: limits.maxTrackedAddresses, shared, name: 'create-space' });
  const invites = new AddressRateLimit({ points: limits.inviteCreationsPerHour, durationSec: HOUR_SEC, maxTrackedAddresses: limits.maxTrackedAddresses, shared, name: 'create-invite' });

  return {
    async beforeCreateSpace(c, creationCode) {
      // The budget first, so guessing codes costs the guesser its creations.
      const retryAfterSec = await spaces.take(addressOf(c));
      if (retryAfterSec !== undefined) throw rateLimited(c, metrics, 'create-space', retryAfterSec);
      if (gate) {
        if (creationCode !== undefined && typeof creationCode !== 'string') {
          throw new HttpError('invalid-request', 'field "creationCode" must be a string');
        }
        if (!creationCode || !gate.allows(creationCode)) {
          metrics.limitHit('creation-gate');
          throw new HttpError('creation-closed', creationCode ? 'that creation code is not valid here' : 'send the code as "creationCode"');
        }
      }
      const totals = await ctx.storage.totals();
      if (totals.spaces >= limits.maxSpaces) {
        metrics.limitHit('spaces-total');
        throw new HttpError('relay-full', 'the relay holds as many spaces as its operator allows');
      }
      if (totals.bytes >= limits.maxTotalBytes) {
        metrics.limitHit('bytes-total');
        throw new HttpError('relay-full', 'the relay stores as many bytes as its operator allows');
      }
    },
    async beforeCreateInvite(c) {
      const retryAfterSec = await invites.take(addressOf(c));
      if (retryAfterSec !== undefined) throw rateLimited(c, metrics, 'create-invite', retryAfterSec);
    },
  };
}
