/**
 * Typed values of everything on the wire. Codecs (frames.ts, envelope.ts, membership.ts,
 * invite.ts) turn these into bytes and back; `decode*` functions validate once at the boundary.
 */

/** Protocol version spoken in `hello`/`challenge`; bump on any incompatible wire change. */
export const PROTOCOL_VERSION = 1;
/** Version byte at the start of every envelope header. */
export const ENVELOPE_VERSION = 1;
/** Version byte at the start of every membership op and invite certificate. */
export const MEMBERSHIP_VERSION = 1;

export const SHARED_DOC_ID = 'shared';

/** Envelope kinds: each has its own signature context and encryption subkey. */
export const ENVELOPE_KIND = { update: 1, snapshot: 2, ephemeral: 3, 'snapshot-part': 4 } as const;
export type EnvelopeKind = keyof typeof ENVELOPE_KIND;

/** Public envelope header, authenticated as AAD and covered by the signature. */
export interface EnvelopeHeader {
  version: number; // ENVELOPE_VERSION
  spaceId: string; // base64url of 16 bytes
  docId: string; // [A-Za-z0-9_-]{1,64}
  epoch: number; // key epoch, starts at 0
  author: Uint8Array; // author device's Ed25519 public key (32 bytes)
  clock: number; // author's per-document counter, starts at 1
  kind: EnvelopeKind;
}

/** The parsed parts of an envelope; `headerBytes` are exactly what was signed/used as AAD. */
export interface EnvelopeParts {
  header: EnvelopeHeader;
  headerBytes: Uint8Array;
  nonce: Uint8Array; // 24
  commitment: Uint8Array; // 32
  ciphertext: Uint8Array;
  signature: Uint8Array; // 64
}

/** One stored update as the relay returns it. */
export interface SequencedEnvelope {
  seq: number;
  envelope: Uint8Array;
}

/** Message type constants (first varuint of every frame). */
export const MSG = {
  hello: 1, // C→R
  challenge: 2, // R→C
  auth: 3, // C→R
  welcome: 4, // R→C
  subscribe: 5, // C→R
  updates: 6, // R→C
  synced: 7, // R→C
  push: 8, // C→R
  ack: 9, // R→C
  error: 10, // R→C
  ephemeral: 11, // C↔R
  'put-snapshot': 12, // C→R
  snapshot: 13, // R→C
} as const;
export type MsgName = keyof typeof MSG;

export type Frame =
  | { type: 'hello'; protocolVersion: number; spaceId: string; deviceKey: Uint8Array }
  | { type: 'challenge'; protocolVersion: number; nonce: Uint8Array }
  | { type: 'auth'; signature: Uint8Array }
  | { type: 'welcome'; membershipHead: number }
  | { type: 'subscribe'; docId: string; afterSeq: number }
  | { type: 'updates'; docId: string; entries: SequencedEnvelope[] }
  | { type: 'synced'; docId: string; headSeq: number }
  | { type: 'push'; docId: string; ref: number; envelope: Uint8Array }
  | { type: 'ack'; docId: string; ref: number; seq: number }
  | { type: 'error'; code: number; ref: number; detail: string }
  | { type: 'ephemeral'; docId: string; envelope: Uint8Array }
  /** A snapshot envelope; `parentHash` is hashBytes(parent snapshot envelope), or empty for the first. */
  | { type: 'put-snapshot'; docId: string; ref: number; parentHash: Uint8Array; coversSeq: number; envelope: Uint8Array }
  /** The newest snapshot, sent first in a catch-up whose afterSeq is below its coversSeq. */
  | { type: 'snapshot'; docId: string; coversSeq: number; envelope: Uint8Array };

export type FrameOf<T extends Frame['type']> = Extract<Frame, { type: T }>;

/** Membership operation kinds. */
export const MEMBERSHIP_OP = {
  create: 1,
  'add-partner': 2,
  'link-device': 3,
  'remove-device': 4,
  leave: 5,
  'rotate-key': 6,
} as const;
export type MembershipOpKind = keyof typeof MEMBERSHIP_OP;

export interface DeviceRecord {
  partnerId: string; // base64url of 16 bytes
  deviceKey: Uint8Array; // Ed25519 public key, 32
  boxKey: Uint8Array; // X25519 public key, 32
}

/** Signed statement by a member device that an invite exists. */
export interface InviteCertificate {
  version: number; // MEMBERSHIP_VERSION
  spaceId: string;
  inviteId: string; // base64url of 16 bytes
  verifierKey: Uint8Array; // Ed25519 public key derived from the invite secret
  expiresAt: number; // ms since epoch
  issuer: Uint8Array; // issuing device key
  signature: Uint8Array; // by issuer over the canonical bytes without signature
}

/** Signed statement by an existing device that it opened a device link for its own partner. */
export interface LinkCertificate {
  version: number; // MEMBERSHIP_VERSION
  spaceId: string;
  linkId: string; // base64url of 16 bytes, derived from the link secret
  verifierKey: Uint8Array; // Ed25519 public key derived from the link secret
  partnerId: string; // the partner the new device will belong to (the issuer's)
  expiresAt: number; // ms since epoch
  issuer: Uint8Array; // issuing device key
  signature: Uint8Array; // by issuer over the canonical bytes without signature
}

/** A new device's request to be linked, signed by the link's verifier key and by the new device. */
export interface LinkRequest {
  version: number; // MEMBERSHIP_VERSION
  spaceId: string;
  linkId: string;
  deviceKey: Uint8Array; // the new device's Ed25519 public key
  boxKey: Uint8Array; // the new device's X25519 public key
  verifierSignature: Uint8Array; // by the link verifier key (holder of the secret)
  deviceSignature: Uint8Array; // by deviceKey (proof of possession); becomes the op's cosignature
}

export type MembershipBody =
  | { kind: 'create'; device: DeviceRecord }
  | { kind: 'add-partner'; device: DeviceRecord; invite: InviteCertificate }
  | { kind: 'link-device'; device: DeviceRecord; link: LinkCertificate }
  | { kind: 'remove-device'; deviceKey: Uint8Array }
  | { kind: 'leave'; partnerId: string }
  | { kind: 'rotate-key'; scope: string; epoch: number };

export interface MembershipOp {
  version: number; // MEMBERSHIP_VERSION
  spaceId: string;
  seq: number; // index in the chain, genesis = 0
  prevHash: Uint8Array; // 32 bytes, zeros for genesis
  timestamp: number; // ms since epoch, author's clock (informational)
  signer: Uint8Array; // device key that signed (for add-partner: the joining device)
  body: MembershipBody;
  signature: Uint8Array; // signer over canonical unsigned bytes
  /**
   * Present exactly for add-partner (the invite verifier key's signature over the same bytes)
   * and link-device (the new device's `deviceSignature` from its link request).
   */
  cosignature?: Uint8Array;
}

/** Membership op kinds that carry a cosignature. */
export const COSIGNED_OP_KINDS: readonly MembershipOpKind[] = ['add-partner', 'link-device'];
