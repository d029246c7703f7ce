/**
 * The space lifecycle as a client performs it: create a space, invite the partner with a link
 * whose secret lives only in the URL fragment, join from such a link, and read the verified
 * membership. Each flow returns or takes `Credentials`; store them in the device's local store.
 *
 * Keys: the creator draws the `space` key (epoch 0) and its own private-scope key; an invite
 * carries every `space` key (never a private one); the joiner draws its own private-scope key.
 *
 *   const creds = await createSpace('https://relay.example');
 *   const { link } = await createInviteLink(creds);          // show to the partner once
 *   const partnerCreds = await joinSpace(link);              // on the partner's device
 */
import {
  bytesEqual,
  SPACE_SCOPE,
  SecureBaseError,
  decodeInviteCertificate,
  fromBase64Url,
  privateScope,
  type KeyEntry,
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
  signInviteRevocation,
  type MembershipState,
} from '@securebase/crypto';
import { makeCredentials, type Credentials } from './credentials.js';
import { clientsFor, type FlowOptions } from './flow-context.js';
import { fetchVerifiedMembershipFrom, verifyMembershipFor } from './membership.js';
import type { SpaceClient } from './space-client.js';

export type { FlowOptions } from './flow-context.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const INVITE_SECRET_BYTES = 32;

function clientFor(relayUrl: string, opts: FlowOptions): SpaceClient {
  return clientsFor(relayUrl, opts).space;
}

/**
 * Create a new space on the relay: new device keys, ids, the epoch-0 space key and this partner's
 * private key. `creationCode` is for a relay whose operator gates creation ('creation-closed' without it).
 */
export async function createSpace(relayUrl: string, opts: FlowOptions & { creationCode?: string } = {}): Promise<Credentials> {
  await readyCrypto();
  const client = clientFor(relayUrl, opts);
  const device = generateDeviceKeys();
  const spaceId = randomId();
  const partnerId = randomId();
  const genesis = createGenesisOp({ spaceId, partnerId, device, now: opts.now ?? Date.now() });
  const created = await client.createSpace(genesis, opts.creationCode);
  if (created.spaceId !== spaceId) throw new SecureBaseError('invalid-membership', 'relay registered another space id');
  const keys: KeyEntry[] = [
    { scope: SPACE_SCOPE, epoch: 0, key: generateSpaceKey() },
    { scope: privateScope(partnerId), epoch: 0, key: generateSpaceKey() },
  ];
  return makeCredentials({ relayUrl: client.relayUrl, spaceId, partnerId, device, keys });
}

/** Create a single-use invitation carrying every space key; the link holds the secret in its fragment only. */
export async function createInviteLink(
  creds: Credentials,
  opts: FlowOptions & { ttlMs?: number } = {},
): Promise<{ link: string; inviteId: string; expiresAt: number }> {
  await readyCrypto();
  // Every space epoch, so the partner can read what was written before it joined.
  const keys = creds.keys.filter((entry) => entry.scope === SPACE_SCOPE);
  if (keys.length === 0) throw new SecureBaseError('unknown-epoch', 'this device holds no space key');
  // An invite must carry the current space key: refuse while a rotation is due (after a leave)
  // or before this device has fetched the newest key, rather than hand out a link that fails.
  const membership = await fetchVerifiedMembership(creds, opts);
  if (membership.pendingRotations.includes(SPACE_SCOPE)) {
    throw new SecureBaseError('stale-epoch', 'the space key must be rotated before a new partner can be invited');
  }
  const currentEpoch = membership.epochs[SPACE_SCOPE] ?? 0;
  if (!keys.some((entry) => entry.epoch === currentEpoch)) {
    throw new SecureBaseError('stale-epoch', 'this device has not fetched the newest space key yet');
  }
  const invite = createInvite({
    spaceId: creds.spaceId,
    keys,
    issuer: creds.device,
    ttlMs: opts.ttlMs ?? DAY_MS,
    now: opts.now ?? Date.now(),
  });
  const client = clientFor(creds.relayUrl, opts);
  const stored = await client.createInvite(creds.spaceId, invite.encodedCertificate, invite.payload);
  if (stored.inviteId !== invite.inviteId) throw new SecureBaseError('server-error', 'relay stored the invite under another id');
  return { link: `${client.relayUrl}/#/join/${invite.secret}`, inviteId: invite.inviteId, expiresAt: stored.expiresAt };
}

/**
 * Cancel every open invitation of the space (signed by this device); returns how many were
 * open. A cancelled link then answers `invite-revoked`, and its sealed keys are gone from the relay.
 */
export async function revokeInviteLinks(creds: Credentials, opts: FlowOptions = {}): Promise<number> {
  await readyCrypto();
  const signedAt = opts.now ?? Date.now();
  const signature = signInviteRevocation(creds.device, { spaceId: creds.spaceId, signedAt });
  return clientFor(creds.relayUrl, opts).revokeInvites(creds.spaceId, { deviceKey: creds.device.signPublicKey, signedAt, signature });
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
  const { spaceId, keys } = opened.value;
  if (spaceId !== invite.spaceId) throw new SecureBaseError('invite-not-found', 'invite payload names another space');
  if (keys.length === 0 || keys.some((entry) => entry.scope !== SPACE_SCOPE)) {
    throw new SecureBaseError('invite-not-found', 'invite payload must carry space keys only');
  }

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
  if (!bytesEqual(certificate.verifierKey, derived.verifier.publicKey)) {
    throw new SecureBaseError('invite-not-found', 'certificate verifier does not match the invitation');
  }
  if (certificate.expiresAt <= now) throw new SecureBaseError('invite-expired');

  // The issuer must be a member of the chain as this device verifies it, not as the relay says.
  const membership = await fetchVerifiedMembershipFrom(client, spaceId, { now });
  if (!isMemberDevice(membership, certificate.issuer)) {
    throw new SecureBaseError('invalid-membership', 'the invitation was not issued by a member device');
  }
  // An invite made before a rotation lacks the current key, and no one would wrap it for us later.
  const newestInvited = Math.max(...keys.map((entry) => entry.epoch));
  if (newestInvited < (membership.epochs[SPACE_SCOPE] ?? 0)) {
    throw new SecureBaseError('stale-epoch', 'the invitation predates a key rotation; ask for a new one');
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
  const ownPrivate: KeyEntry = { scope: privateScope(partnerId), epoch: 0, key: generateSpaceKey() };
  return makeCredentials({ relayUrl, spaceId, partnerId, device, keys: [...keys, ownPrivate] });
}

/** Fetch and verify the space's membership chain from genesis. */
export async function fetchVerifiedMembership(creds: Credentials, opts: FlowOptions = {}): Promise<MembershipState> {
  await readyCrypto();
  return fetchVerifiedMembershipFrom(clientFor(creds.relayUrl, opts), creds.spaceId, opts.now === undefined ? {} : { now: opts.now });
}
