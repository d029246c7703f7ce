/**
 * HTTP routes for linking a new device of an existing partner. An existing device posts a link
 * certificate it signed (`POST /v1/spaces/:spaceId/device-links`); the new device, holding the
 * link secret, fetches the link and posts a request signed by the link's verifier key and by its
 * own new device key (`POST /v1/device-links/:linkId/request`); both poll the link's status
 * (`GET /v1/device-links/:linkId`). The link is consumed by the link-device op (membership-routes).
 *
 *   app.route('/v1/spaces', createDeviceLinkCreateRoutes(ctx));
 *   app.route('/v1/device-links', createDeviceLinkRoutes(ctx));
 */
import { Hono } from 'hono';
import { findDevice, isMemberDevice, verifyLinkCertificate, verifyLinkRequest } from '@securebase/crypto';
import {
  decodeLinkCertificate,
  isValidInviteId,
  toBase64Url,
  type CreateDeviceLinkResponse,
  type DeviceLinkResponse,
} from '@securebase/protocol';
import type { StoredDeviceLink } from '../storage/types.js';
import { HttpError, httpErrorFrom } from './http-error.js';
import { readJsonObject, requireBytes } from './json-body.js';
import { spaceIdParam } from './params.js';
import type { RelayContext } from './relay-context.js';

/** Routes under /v1/spaces: create a device link. */
export function createDeviceLinkCreateRoutes(ctx: RelayContext): Hono {
  const { storage, limits } = ctx;
  const routes = new Hono();

  routes.post('/:spaceId/device-links', async (c) => {
    const spaceId = spaceIdParam(c.req.param('spaceId'));
    const certificateBytes = requireBytes(await readJsonObject(c), 'certificate');
    const certificate = decodeLinkCertificate(certificateBytes);
    if (certificate.spaceId !== spaceId) throw new HttpError('wrong-space', 'certificate is for another space');
    const now = ctx.now();
    const membership = await ctx.membership.load(spaceId, now);
    if (!membership) throw new HttpError('unknown-space');
    const verified = verifyLinkCertificate(membership.state, certificate, { now });
    if (!verified.ok) throw httpErrorFrom(verified.error);
    // A device may only extend its own partner: the new device joins the issuer's partner.
    if (findDevice(membership.state, certificate.issuer)?.partnerId !== certificate.partnerId) {
      throw new HttpError('invalid-membership', 'certificate issuer is not a device of that partner');
    }
    if (certificate.expiresAt <= now) throw new HttpError('link-expired', 'certificate has already expired');
    if (certificate.expiresAt > now + limits.maxDeviceLinkLifetimeMs) {
      throw new HttpError('invalid-request', `a device link may live at most ${limits.maxDeviceLinkLifetimeMs} ms`);
    }
    const stored = await storage.createDeviceLink(
      { linkId: certificate.linkId, spaceId, partnerId: certificate.partnerId, certificate: certificateBytes, expiresAt: certificate.expiresAt, createdAt: now },
      limits.maxBytesPerSpace,
    );
    if (stored === 'exists') throw new HttpError('already-exists', 'a device link with this id');
    if (stored === 'quota-exceeded') {
      ctx.metrics.limitHit('space-quota');
      throw new HttpError('quota-exceeded');
    }
    if (stored === 'unknown-space') throw new HttpError('unknown-space');
    const body: CreateDeviceLinkResponse = { linkId: certificate.linkId, expiresAt: certificate.expiresAt };
    return c.json(body, 201);
  });

  return routes;
}

/** Routes under /v1/device-links: read a link's status, post the new device's request. */
export function createDeviceLinkRoutes(ctx: RelayContext): Hono {
  const { storage, limits } = ctx;
  const routes = new Hono();

  /** The link named in the URL; 404 if unknown or malformed. */
  const linkParam = async (linkId: string): Promise<StoredDeviceLink> => {
    // Link ids are random 16-byte ids like invite ids; a malformed one cannot name a link.
    const link = isValidInviteId(linkId) ? await storage.getDeviceLink(linkId) : undefined;
    if (!link) throw new HttpError('link-not-found');
    return link;
  };

  routes.get('/:linkId', async (c) => {
    const link = await linkParam(c.req.param('linkId'));
    // A consumed link stays readable after its expiry: the new device polls until it sees 'linked'.
    if (link.status !== 'linked' && link.expiresAt <= ctx.now()) throw new HttpError('link-expired');
    const body: DeviceLinkResponse = {
      spaceId: link.spaceId,
      certificate: toBase64Url(link.certificate),
      status: link.status,
      ...(link.request ? { request: toBase64Url(link.request) } : {}),
    };
    return c.json(body);
  });

  routes.post('/:linkId/request', async (c) => {
    const link = await linkParam(c.req.param('linkId'));
    const request = requireBytes(await readJsonObject(c), 'request');
    const now = ctx.now();
    if (link.status === 'linked') throw new HttpError('link-used');
    if (link.expiresAt <= now) throw new HttpError('link-expired');
    const verified = verifyLinkRequest(request, decodeLinkCertificate(link.certificate));
    if (!verified.ok) throw httpErrorFrom(verified.error);
    const membership = await ctx.membership.load(link.spaceId, now);
    if (!membership) throw new HttpError('unknown-space');
    if (isMemberDevice(membership.state, verified.value.deviceKey)) {
      throw new HttpError('already-member');
    }
    const result = await storage.requestDeviceLink(link.linkId, request, verified.value.deviceKey, limits.maxBytesPerSpace);
    switch (result) {
      case 'requested':
      case 'already-requested':
        return c.json({}, 201);
      case 'not-open':
        // Another device asked first: a link admits one device.
        throw new HttpError('link-used');
      case 'quota-exceeded':
        ctx.metrics.limitHit('space-quota');
        throw new HttpError('quota-exceeded');
    }
  });

  return routes;
}
