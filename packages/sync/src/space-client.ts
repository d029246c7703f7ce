/**
 * The relay's HTTP API as typed calls (shapes in @securebase/protocol `http.ts`). Bytes travel
 * as base64url; every non-2xx answer becomes a SecureBaseError with the relay's code, and a
 * network failure becomes 'server-error' naming the relay (never the ids or secrets).
 *
 *   const client = new SpaceClient('https://relay.example');
 *   const ops = await client.getMembership(spaceId);
 */
import {
  ERRORS,
  SecureBaseError,
  fromBase64Url,
  toBase64Url,
  type AcceptInviteRequest,
  type CreateInviteRequest,
  type CreateInviteResponse,
  type CreateSpaceRequest,
  type CreateSpaceResponse,
  type ErrorCode,
  type InviteResponse,
  type MembershipResponse,
} from '@securebase/protocol';

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

  /** Registers a new space with its genesis op; returns the relay's space id and head. */
  async createSpace(genesis: Uint8Array): Promise<CreateSpaceResponse> {
    const body: CreateSpaceRequest = { genesis: toBase64Url(genesis) };
    const res = await this.request<CreateSpaceResponse>('POST', '/v1/spaces', body);
    return { spaceId: text(res.spaceId, 'spaceId'), membershipHead: count(res.membershipHead, 'membershipHead') };
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
    return { inviteId: text(res.inviteId, 'inviteId'), expiresAt: count(res.expiresAt, 'expiresAt') };
  }

  /** Fetches an invite by id. */
  async getInvite(inviteId: string): Promise<{ spaceId: string; certificate: Uint8Array; payload: Uint8Array }> {
    const res = await this.request<InviteResponse>('GET', `/v1/invites/${encodeURIComponent(inviteId)}`);
    return { spaceId: text(res.spaceId, 'spaceId'), certificate: bytes(res.certificate, 'certificate'), payload: bytes(res.payload, 'payload') };
  }

  /** Redeems an invite with a signed add-partner op; returns the new membership chain. */
  async acceptInvite(inviteId: string, op: Uint8Array): Promise<Uint8Array[]> {
    const body: AcceptInviteRequest = { op: toBase64Url(op) };
    const res = await this.request<MembershipResponse>('POST', `/v1/invites/${encodeURIComponent(inviteId)}/accept`, body);
    return opsOf(res);
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchImpl(this.relayUrl + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (err) {
      throw new SecureBaseError('relay-unreachable', `relay unreachable at ${this.relayUrl}: ${(err as Error).message}`);
    }
    const parsed = await readJson(res);
    if (!res.ok) throw new SecureBaseError(errorCodeOf(parsed), `HTTP ${res.status} ${method} ${routeOf(path)}`);
    if (typeof parsed !== 'object' || parsed === null) {
      throw new SecureBaseError('server-error', `relay sent no JSON object for ${method} ${routeOf(path)}`);
    }
    return parsed as T;
  }
}

/** The body as JSON, or undefined when it is not JSON (a proxy's HTML error page, say). */
async function readJson(res: Response): Promise<unknown> {
  const body = await res.text();
  if (!body) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

function errorCodeOf(body: unknown): ErrorCode {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' && Object.hasOwn(ERRORS, code) ? (code as ErrorCode) : 'server-error';
}

// Paths carry ids and invite ids; errors name only the route shape.
function routeOf(path: string): string {
  return path.replace(/\/(spaces|invites)\/[^/]+/, '/$1/:id');
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new SecureBaseError('server-error', `relay sent a bad ${field}`);
  return value;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SecureBaseError('server-error', `relay sent a bad ${field}`);
  }
  return value;
}

function bytes(value: unknown, field: string): Uint8Array {
  const s = text(value, field);
  try {
    return fromBase64Url(s);
  } catch (err) {
    if (err instanceof SecureBaseError) throw new SecureBaseError('server-error', `relay sent a bad ${field}`);
    throw err;
  }
}

function opsOf(res: MembershipResponse): Uint8Array[] {
  if (!Array.isArray(res.ops)) throw new SecureBaseError('server-error', 'relay sent a bad membership list');
  return res.ops.map((op) => bytes(op, 'membership op'));
}
