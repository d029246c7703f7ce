/**
 * The relay's HTTP API as typed calls (shapes in @securebase/protocol `http.ts`). Bytes travel
 * as base64url; every non-2xx answer becomes a SecureBaseError with the relay's code, and a
 * network failure becomes 'relay-unreachable' naming the relay (never the ids or secrets).
 *
 *   const client = new SpaceClient('https://relay.example');
 *   const ops = await client.getMembership(spaceId);
 */
import {
  SecureBaseError,
  toBase64Url,
  type AcceptInviteRequest,
  type CreateInviteRequest,
  type CreateInviteResponse,
  type CreateSpaceRequest,
  type CreateSpaceResponse,
  type InviteResponse,
  type MembershipResponse,
  type RevokeInvitesRequest,
  type RevokeInvitesResponse,
} from '@securebase/protocol';
import { bytesField, countField, relayRequest, textField } from './relay-http.js';

export interface SpaceClientOptions {
  /** fetch implementation; defaults to globalThis.fetch. */
  fetch?: typeof fetch;
}

/** Typed client for the relay's `/v1` HTTP API. */
export class SpaceClient {
  readonly relayUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(relayUrl: string, opts: SpaceClientOptions = {}) {
    this.relayUrl = relayUrl.replace(/\/+$/, '');
    const impl = opts.fetch ?? globalThis.fetch;
    // Bound so a browser's window.fetch is not called with the client as `this`.
    this.fetchImpl = impl.bind(globalThis);
  }

  /** Registers a new space with its genesis op (and the operator's creation code, if the relay asks for one). */
  async createSpace(genesis: Uint8Array, creationCode?: string): Promise<CreateSpaceResponse> {
    const body: CreateSpaceRequest = creationCode === undefined ? { genesis: toBase64Url(genesis) } : { genesis: toBase64Url(genesis), creationCode };
    const res = await this.request<CreateSpaceResponse>('POST', '/v1/spaces', body);
    return { spaceId: textField(res.spaceId, 'spaceId'), membershipHead: countField(res.membershipHead, 'membershipHead') };
  }

  /** Every encoded membership op of the space, genesis first (unverified: verify before use). */
  async getMembership(spaceId: string): Promise<Uint8Array[]> {
    const res = await this.request<MembershipResponse>('GET', `/v1/spaces/${encodeURIComponent(spaceId)}/membership`);
    return opsOf(res);
  }

  /** Stores an invite (certificate + encrypted payload) on the relay. */
  async createInvite(spaceId: string, encodedCertificate: Uint8Array, payload: Uint8Array): Promise<CreateInviteResponse> {
    const body: CreateInviteRequest = { certificate: toBase64Url(encodedCertificate), payload: toBase64Url(payload) };
    const res = await this.request<CreateInviteResponse>('POST', `/v1/spaces/${encodeURIComponent(spaceId)}/invites`, body);
    return { inviteId: textField(res.inviteId, 'inviteId'), expiresAt: countField(res.expiresAt, 'expiresAt') };
  }

  /** Fetches an invite by id. */
  async getInvite(inviteId: string): Promise<{ spaceId: string; certificate: Uint8Array; payload: Uint8Array }> {
    const res = await this.request<InviteResponse>('GET', `/v1/invites/${encodeURIComponent(inviteId)}`);
    return { spaceId: textField(res.spaceId, 'spaceId'), certificate: bytesField(res.certificate, 'certificate'), payload: bytesField(res.payload, 'payload') };
  }

  /** Cancels every open invite of the space with a member device's signed revocation; returns how many. */
  async revokeInvites(spaceId: string, revocation: { deviceKey: Uint8Array; signedAt: number; signature: Uint8Array }): Promise<number> {
    const body: RevokeInvitesRequest = {
      deviceKey: toBase64Url(revocation.deviceKey),
      signedAt: revocation.signedAt,
      signature: toBase64Url(revocation.signature),
    };
    const res = await this.request<RevokeInvitesResponse>('POST', `/v1/spaces/${encodeURIComponent(spaceId)}/invites/revoke`, body);
    return countField(res.revoked, 'revoked');
  }

  /** Redeems an invite with a signed add-partner op; returns the new membership chain. */
  async acceptInvite(inviteId: string, op: Uint8Array): Promise<Uint8Array[]> {
    const body: AcceptInviteRequest = { op: toBase64Url(op) };
    const res = await this.request<MembershipResponse>('POST', `/v1/invites/${encodeURIComponent(inviteId)}/accept`, body);
    return opsOf(res);
  }

  private request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return relayRequest<T>(this.fetchImpl, this.relayUrl, method, path, body);
  }
}

function opsOf(res: MembershipResponse): Uint8Array[] {
  if (!Array.isArray(res.ops)) throw new SecureBaseError('server-error', 'relay sent a bad membership list');
  return res.ops.map((op) => bytesField(op, 'membership op'));
}
