/**
 * Linking another device of the same partner, in two steps over the relay (ARCHITECTURE.md,
 * "Linking a device"). The existing device shows a code whose secret lives only in the URL
 * fragment; the new device posts a request signed with the secret's verifier key and its own
 * key; the existing device checks it, shows the new device's fingerprint, and on approval
 * appends `link-device` with a signed wrap of its keys sealed to the new device.
 *
 *   // existing device
 *   const link = await createDeviceLinkCode(creds);          // show link.code
 *   const { fingerprint } = await link.waitForRequest();       // compare with the new device
 *   await link.approve();
 *   // new device (fresh profile)
 *   const mine = await joinAsLinkedDevice(code, { onRequested: ({ fingerprint }) => show(fingerprint) });
 */
import {
  bytesEqual,
  SPACE_SCOPE,
  SecureBaseError,
  decodeLinkCertificate,
  decodeLinkRequest,
  fromBase64Url,
  privateScope,
  type LinkCertificate,
} from '@securebase/protocol';
import {
  createDeviceLink,
  createLinkDeviceOp,
  createLinkRequest,
  deriveDeviceLinkKeys,
  findDevice,
  generateDeviceKeys,
  readyCrypto,
  verifyLinkCertificate,
  verifyLinkRequest,
} from '@securebase/crypto';
import { keyForEpoch, makeCredentials, type Credentials } from './credentials.js';
import { deviceFingerprint } from './device-id.js';
import { clientsFor, nowOf, type FlowOptions } from './flow-context.js';
import { refreshKeys, wrapsFor } from './key-refresh.js';
import { fetchVerifiedChainFrom, fetchVerifiedMembershipFrom } from './membership.js';

const LINK_TTL_MS = 10 * 60 * 1000;
const LINK_SECRET_BYTES = 32;
const DEFAULT_POLL_MS = 1000;

/** How to wait for the other side. */
export interface PollOptions {
  /** Abort the wait (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Time between polls of the relay; default 1000 ms. */
  pollMs?: number;
}

/** The request a new device made on a link, once its signatures verify. */
export interface LinkRequestInfo {
  deviceKey: Uint8Array;
  /** Short id of the new device: the new device shows the same one. */
  fingerprint: string;
}

/** A device link in progress on the existing device. */
export interface DeviceLinkHandle {
  /** `${relayUrl}/#/link/${secret}`: show it once, to this partner only. */
  code: string;
  linkId: string;
  expiresAt: number;
  /** Poll until a new device has posted a verified request (or the link expires: 'link-expired'). */
  waitForRequest(opts?: PollOptions): Promise<LinkRequestInfo>;
  /** Append `link-device` for the verified request and give the new device this device's keys. */
  approve(): Promise<void>;
}

/** Open a device link for this partner (default lifetime 10 minutes). */
export async function createDeviceLinkCode(creds: Credentials, opts: FlowOptions & { ttlMs?: number } = {}): Promise<DeviceLinkHandle> {
  await readyCrypto();
  const { pairing } = clientsFor(creds.relayUrl, opts);
  const link = createDeviceLink({
    spaceId: creds.spaceId,
    partnerId: creds.partnerId,
    issuer: creds.device,
    ttlMs: opts.ttlMs ?? LINK_TTL_MS,
    now: nowOf(opts),
  });
  const stored = await pairing.createDeviceLink(creds.spaceId, link.encodedCertificate);
  if (stored.linkId !== link.linkId) throw new SecureBaseError('server-error', 'relay stored the link under another id');
  let verified: { request: Uint8Array; deviceKey: Uint8Array; boxKey: Uint8Array } | undefined;
  let approved = false;

  return {
    code: `${pairing.relayUrl}/#/link/${link.secret}`,
    linkId: link.linkId,
    expiresAt: stored.expiresAt,
    async waitForRequest(pollOpts = {}) {
      for (;;) {
        const record = await pairing.getDeviceLink(link.linkId);
        if (record.status === 'linked') throw new SecureBaseError('link-used', 'the link was already used');
        if (record.status === 'requested' && record.request) {
          const checked = verifyLinkRequest(record.request, link.certificate);
          if (!checked.ok) throw checked.error;
          verified = { request: record.request, deviceKey: checked.value.deviceKey, boxKey: checked.value.boxKey };
          return { deviceKey: checked.value.deviceKey, fingerprint: deviceFingerprint(checked.value.deviceKey) };
        }
        if (Date.now() >= link.certificate.expiresAt) throw new SecureBaseError('link-expired', 'no device asked before the link expired');
        await pause(pollOpts);
      }
    },
    async approve() {
      if (!verified) throw new SecureBaseError('invalid-request', 'no verified link request yet: call waitForRequest first');
      if (approved) throw new SecureBaseError('link-used', 'this link was already approved');
      // The new device gets exactly what this device holds, so this device must hold every current key.
      const current = await refreshKeys(creds, undefined, opts);
      const { space } = clientsFor(creds.relayUrl, opts);
      const { state } = await fetchVerifiedChainFrom(space, creds.spaceId, opts.now === undefined ? {} : { now: opts.now });
      for (const scope of [SPACE_SCOPE, privateScope(creds.partnerId)]) {
        if (!keyForEpoch(current, scope, state.epochs[scope] ?? 0)) {
          throw new SecureBaseError('stale-epoch', 'this device lacks a current key and cannot hand it on');
        }
      }
      const op = createLinkDeviceOp({
        spaceId: creds.spaceId,
        prev: { seq: state.head.seq, hash: state.head.hash },
        signer: creds.device,
        request: verified.request,
        certificate: link.certificate,
        now: nowOf(opts),
      });
      const newDevice = { partnerId: creds.partnerId, deviceKey: verified.deviceKey, boxKey: verified.boxKey };
      await pairing.appendMembership(creds.spaceId, [op], wrapsFor(current, [newDevice]));
      approved = true;
    },
  };
}

/** Split a device link code into the relay URL and the secret; throws 'link-not-found' if malformed. */
export function parseDeviceLinkCode(code: string): { relayUrl: string; secret: string } {
  const notALink = (): SecureBaseError => new SecureBaseError('link-not-found', 'not a Secure Base device link code');
  let url: URL;
  try {
    url = new URL(typeof code === 'string' ? code.trim() : '');
  } catch (err) {
    if (err instanceof TypeError) throw notALink();
    throw err;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw notALink();
  if (url.search || url.username || url.password) throw notALink();
  const match = /^#\/link\/([A-Za-z0-9_-]+)$/.exec(url.hash);
  if (!match) throw notALink();
  const secret = match[1]!;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(secret);
  } catch (err) {
    if (err instanceof SecureBaseError) throw notALink();
    throw err;
  }
  if (bytes.length !== LINK_SECRET_BYTES) throw notALink();
  return { relayUrl: `${url.origin}${url.pathname}`.replace(/\/+$/, ''), secret };
}

/** Options of the new device's side of a link. */
export interface JoinLinkOptions extends FlowOptions, PollOptions {
  /** Called once the request is posted, with the fingerprint the existing device will show. */
  onRequested?: (info: { fingerprint: string }) => void;
}

/** On a fresh device: become a device of the partner who opened the link; resolves once approved and keyed. */
export async function joinAsLinkedDevice(code: string, opts: JoinLinkOptions = {}): Promise<Credentials> {
  await readyCrypto();
  const { relayUrl, secret } = parseDeviceLinkCode(code);
  const { space, pairing } = clientsFor(relayUrl, opts);
  const { linkId, verifier } = deriveDeviceLinkKeys(secret);
  const record = await pairing.getDeviceLink(linkId);
  if (record.status !== 'open') throw new SecureBaseError('link-used', 'another device already used this link');
  const certificate = checkedCertificate(record.certificate, record.spaceId, linkId, verifier.publicKey);
  if (certificate.expiresAt <= nowOf(opts)) throw new SecureBaseError('link-expired');
  const spaceId = certificate.spaceId;
  const verifyOpts = opts.now === undefined ? {} : { now: opts.now };

  // The issuer must be a device of the named partner in the chain as this device verifies it.
  // (verifyLinkCertificate: issued and signed by a current device of that partner, unused, unexpired.)
  const before = await fetchVerifiedMembershipFrom(space, spaceId, verifyOpts);
  const checked = verifyLinkCertificate(before, certificate, { now: nowOf(opts) });
  if (!checked.ok) throw checked.error;

  const device = generateDeviceKeys();
  await pairing.requestDeviceLink(linkId, createLinkRequest({ secret, spaceId, device }));
  opts.onRequested?.({ fingerprint: deviceFingerprint(device.signPublicKey) });

  for (;;) {
    const now = await pairing.getDeviceLink(linkId);
    if (now.status === 'linked') break;
    if (now.status === 'requested' && (!now.request || !bytesEqual(requestDeviceKey(now.request), device.signPublicKey))) {
      throw new SecureBaseError('link-used', 'another device answered this link');
    }
    if (Date.now() >= certificate.expiresAt) throw new SecureBaseError('link-expired', 'the link expired before it was approved');
    await pause(opts);
  }

  const after = await fetchVerifiedMembershipFrom(space, spaceId, { ...verifyOpts, known: before.head });
  const member = findDevice(after, device.signPublicKey);
  if (!member || member.partnerId !== certificate.partnerId) {
    throw new SecureBaseError('invalid-membership', 'the relay says linked but the chain does not hold this device');
  }
  const bare = makeCredentials({ relayUrl: pairing.relayUrl, spaceId, partnerId: certificate.partnerId, device, keys: [] });
  const keyed = await refreshKeys(bare, undefined, opts);
  if (!keyForEpoch(keyed, SPACE_SCOPE, after.epochs[SPACE_SCOPE] ?? 0)) {
    throw new SecureBaseError('unknown-epoch', 'linked, but no wrap with the current space key arrived');
  }
  return keyed;
}

function checkedCertificate(encoded: Uint8Array, spaceId: string, linkId: string, verifierKey: Uint8Array): LinkCertificate {
  let certificate: LinkCertificate;
  try {
    certificate = decodeLinkCertificate(encoded);
  } catch (err) {
    if (err instanceof SecureBaseError) throw new SecureBaseError('link-not-found', `certificate: ${err.code}`);
    throw err;
  }
  // The relay indexes by link id only; everything else must match what the secret derives.
  if (certificate.linkId !== linkId || certificate.spaceId !== spaceId || !bytesEqual(certificate.verifierKey, verifierKey)) {
    throw new SecureBaseError('link-not-found', 'certificate does not match the link code');
  }
  return certificate;
}

// The device key sits at a fixed place in the request, but decoding is the honest way to read it.
function requestDeviceKey(request: Uint8Array): Uint8Array {
  return decodeLinkRequest(request).deviceKey;
}

function pause(opts: PollOptions): Promise<void> {
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, opts.pollMs ?? DEFAULT_POLL_MS);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
