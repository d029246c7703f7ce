/**
 * The space lifecycle as a client performs it: create a space, invite the partner with a link
 * whose secret lives only in the URL fragment, join from such a link, and read the verified
 * membership. Each flow returns or takes `Credentials`; store them in the device's local store.
 *
 *   const creds = await createSpace('https://relay.example');
 *   const { link } = await createInviteLink(creds);          // show to the partner once
 *   const partnerCreds = await joinSpace(link);              // on the partner's device
 */
import {
  SecureBaseError,
  decodeInviteCertificate,
  fromBase64Url,
} from '@securebase/protocol';
import {
  createAddPartnerOp,
  createGenesisOp,
  createInvite,
  deriveInviteKeys,
  generateDeviceKeys,
  generateSpaceKey,
  isMemberDevice,
  openInvitePayload,
  randomId,
  readyCrypto,
  type MembershipState,
} from '@securebase/crypto';
import type { Credentials } from './credentials.js';
import { fetchVerifiedMembershipFrom, verifyMembershipFor } from './membership.js';
import { SpaceClient } from './space-client.js';

export interface FlowOptions {
  /** fetch implementation; defaults to globalThis.fetch. */
  fetch?: typeof fetch;
  /** Clock in ms; defaults to Date.now(). */
  now?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const INVITE_SECRET_BYTES = 32;

function clientFor(relayUrl: string, opts: FlowOptions): SpaceClient {
  return new SpaceClient(relayUrl, opts.fetch ? { fetch: opts.fetch } : {});
}

/** Create a new space on the relay: new device keys, ids and epoch-0 space key. */
export async function createSpace(relayUrl: string, opts: FlowOptions = {}): Promise<Credentials> {
  await readyCrypto();
  const client = clientFor(relayUrl, opts);
  const device = generateDeviceKeys();
  const spaceId = randomId();
  const partnerId = randomId();
  const spaceKey = generateSpaceKey();
  const genesis = createGenesisOp({ spaceId, partnerId, device, now: opts.now ?? Date.now() });
  const created = await client.createSpace(genesis);
  if (created.spaceId !== spaceId) throw new SecureBaseError('invalid-membership', 'relay registered another space id');
  return { relayUrl: client.relayUrl, spaceId, partnerId, device, epochKeys: { 0: spaceKey }, currentEpoch: 0 };
}

/** Create a single-use invitation; the returned link carries the secret in its fragment only. */
export async function createInviteLink(
  creds: Credentials,
  opts: FlowOptions & { ttlMs?: number } = {},
): Promise<{ link: string; inviteId: string; expiresAt: number }> {
  await readyCrypto();
  const spaceKey = creds.epochKeys[creds.currentEpoch];
  if (!spaceKey) throw new SecureBaseError('unknown-epoch', `no key for epoch ${creds.currentEpoch}`);
  const invite = createInvite({
    spaceId: creds.spaceId,
    epoch: creds.currentEpoch,
    spaceKey,
    issuer: creds.device,
    ttlMs: opts.ttlMs ?? DAY_MS,
    now: opts.now ?? Date.now(),
  });
  const client = clientFor(creds.relayUrl, opts);
  const stored = await client.createInvite(creds.spaceId, invite.encodedCertificate, invite.payload);
  if (stored.inviteId !== invite.inviteId) throw new SecureBaseError('server-error', 'relay stored the invite under another id');
  return { link: `${client.relayUrl}/#/join/${invite.secret}`, inviteId: invite.inviteId, expiresAt: stored.expiresAt };
}

/** Split an invitation link into the relay URL and the secret; throws 'invite-not-found' if malformed. */
export function parseInviteLink(link: string): { relayUrl: string; secret: string } {
  const notAnInvite = (): SecureBaseError => new SecureBaseError('invite-not-found', 'not a Secure Base invitation link');
  let url: URL;
  try {
    url = new URL(typeof link === 'string' ? link.trim() : '');
  } catch (err) {
    if (err instanceof TypeError) throw notAnInvite();
    throw err;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw notAnInvite();
  if (url.search || url.username || url.password) throw notAnInvite();
  const match = /^#\/join\/([A-Za-z0-9_-]+)$/.exec(url.hash);
  if (!match) throw notAnInvite();
  const secret = match[1]!;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(secret);
  } catch (err) {
    if (err instanceof SecureBaseError) throw notAnInvite();
    throw err;
  }
  if (bytes.length !== INVITE_SECRET_BYTES) throw notAnInvite();
  const relayUrl = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return { relayUrl, secret };
}

/** Join the space behind an invitation link: verify everything, then post the add-partner op. */
export async function joinSpace(link: string, opts: FlowOptions = {}): Promise<Credentials> {
  await readyCrypto();
  const { relayUrl, secret } = parseInviteLink(link);
  const now = opts.now ?? Date.now();
  const client = clientFor(relayUrl, opts);
  const derived = deriveInviteKeys(secret);
  const invite = await client.getInvite(derived.inviteId);

  const opened = openInvitePayload(secret, invite.payload);
  if (!opened.ok) throw opened.error;
  const { spaceId, epoch, spaceKey } = opened.value;
  if (spaceId !== invite.spaceId) throw new SecureBaseError('invite-not-found', 'invite payload names another space');

  let certificate;
  try {
    certificate = decodeInviteCertificate(invite.certificate);
  } catch (err) {
    if (err instanceof SecureBaseError) throw new SecureBaseError('invite-not-found', `certificate: ${err.code}`);
    throw err;
  }
  if (certificate.spaceId !== spaceId || certificate.inviteId !== derived.inviteId) {
    throw new SecureBaseError('invite-not-found', 'certificate does not match the invitation');
  }
  if (!sameBytes(certificate.verifierKey, derived.verifier.publicKey)) {
    throw new SecureBaseError('invite-not-found', 'certificate verifier does not match the invitation');
  }
  if (certificate.expiresAt <= now) throw new SecureBaseError('invite-expired');

  // The issuer must be a member of the chain as this device verifies it, not as the relay says.
  const membership = await fetchVerifiedMembershipFrom(client, spaceId, { now });
  if (!isMemberDevice(membership, certificate.issuer)) {
    throw new SecureBaseError('invalid-membership', 'the invitation was not issued by a member device');
  }

  const device = generateDeviceKeys();
  const partnerId = randomId();
  const op = createAddPartnerOp({
    spaceId,
    prev: { seq: membership.head.seq, hash: membership.head.hash },
    partnerId,
    device,
    certificate,
    verifier: derived.verifier,
    now,
  });
  const ops = await client.acceptInvite(derived.inviteId, op);
  const after = verifyMembershipFor(ops, spaceId, { known: membership.head, now });
  if (!isMemberDevice(after, device.signPublicKey)) {
    throw new SecureBaseError('invalid-membership', 'the relay did not add this device');
  }
  return { relayUrl, spaceId, partnerId, device, epochKeys: { [epoch]: spaceKey }, currentEpoch: epoch };
}

/** Fetch and verify the space's membership chain from genesis. */
export async function fetchVerifiedMembership(creds: Credentials, opts: FlowOptions = {}): Promise<MembershipState> {
  await readyCrypto();
  return fetchVerifiedMembershipFrom(clientFor(creds.relayUrl, opts), creds.spaceId, opts.now === undefined ? {} : { now: opts.now });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
