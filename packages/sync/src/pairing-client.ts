/**
 * The relay's HTTP calls for devices and keys (shapes in @securebase/protocol `http.ts`): device
 * links, appending membership ops with their key wraps, and fetching this device's wraps. The
 * relay is untrusted: every answer here is unverified bytes for the caller to verify.
 *
 *   const client = new PairingClient('https://relay.example');
 *   const { linkId } = await client.createDeviceLink(spaceId, encodedCertificate);
 *   const { wraps } = await client.getKeyWraps(spaceId, deviceKey, 0);
 */
import {
  SecureBaseError,
  toBase64Url,
  type AppendMembershipRequest,
  type AppendMembershipResponse,
  type CreateDeviceLinkRequest,
  type CreateDeviceLinkResponse,
  type DeviceLinkResponse,
  type DeviceLinkStatus,
  type KeyWrapsResponse,
  type SubmitLinkRequestRequest,
} from '@securebase/protocol';
import { bytesField, countField, relayRequest, textField } from './relay-http.js';

/** A device link as the relay serves it (unverified). */
export interface DeviceLinkRecord {
  spaceId: string;
  certificate: Uint8Array;
  status: DeviceLinkStatus;
  request?: Uint8Array;
}

/** A key wrap addressed to one device, with the relay's increasing id. */
export interface StoredKeyWrap {
  id: number;
  wrap: Uint8Array;
}

const STATUSES: readonly string[] = ['open', 'requested', 'linked'];

/** Typed client for the relay's device-link, membership-append and key-wrap endpoints. */
export class PairingClient {
  readonly relayUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(relayUrl: string, opts: { fetch?: typeof fetch } = {}) {
    this.relayUrl = relayUrl.replace(/\/+$/, '');
    // Bound so a browser's window.fetch is not called with the client as `this`.
    this.fetchImpl = (opts.fetch ?? globalThis.fetch).bind(globalThis);
  }

  /** Stores a link certificate signed by a member device; returns the link id and expiry. */
  async createDeviceLink(spaceId: string, certificate: Uint8Array): Promise<{ linkId: string; expiresAt: number }> {
    const body: CreateDeviceLinkRequest = { certificate: toBase64Url(certificate) };
    const res = await this.call<Partial<CreateDeviceLinkResponse>>('POST', `/v1/spaces/${enc(spaceId)}/device-links`, body);
    return { linkId: textField(res.linkId, 'linkId'), expiresAt: countField(res.expiresAt, 'expiresAt') };
  }

  /** The link's certificate, status and (once a new device asked) its request. */
  async getDeviceLink(linkId: string): Promise<DeviceLinkRecord> {
    const res = await this.call<Partial<Record<keyof DeviceLinkResponse, unknown>>>('GET', `/v1/device-links/${enc(linkId)}`);
    const status = textField(res.status, 'status');
    if (!STATUSES.includes(status)) throw new SecureBaseError('server-error', 'relay sent a bad link status');
    const record: DeviceLinkRecord = {
      spaceId: textField(res.spaceId, 'spaceId'),
      certificate: bytesField(res.certificate, 'certificate'),
      status: status as DeviceLinkStatus,
    };
    if (res.request !== undefined && res.request !== null) record.request = bytesField(res.request, 'request');
    return record;
  }

  /** Posts the new device's signed link request. */
  async requestDeviceLink(linkId: string, request: Uint8Array): Promise<void> {
    const body: SubmitLinkRequestRequest = { request: toBase64Url(request) };
    await this.call('POST', `/v1/device-links/${enc(linkId)}/request`, body);
  }

  /** Appends signed ops (in order, atomically) with the key wraps they need; returns the new head seq. */
  async appendMembership(spaceId: string, ops: Uint8Array[], wraps: { deviceKey: Uint8Array; wrap: Uint8Array }[]): Promise<number> {
    const body: AppendMembershipRequest = {
      ops: ops.map(toBase64Url),
      wraps: wraps.map((w) => ({ deviceKey: toBase64Url(w.deviceKey), wrap: toBase64Url(w.wrap) })),
    };
    const res = await this.call<Partial<AppendMembershipResponse>>('POST', `/v1/spaces/${enc(spaceId)}/membership`, body);
    return countField(res.membershipHead, 'membershipHead');
  }

  /** Wraps addressed to `deviceKey` with an id above `after`, oldest first. */
  async getKeyWraps(spaceId: string, deviceKey: Uint8Array, after: number): Promise<StoredKeyWrap[]> {
    const path = `/v1/spaces/${enc(spaceId)}/key-wraps/${toBase64Url(deviceKey)}?after=${after}`;
    const res = await this.call<Partial<Record<keyof KeyWrapsResponse, unknown>>>('GET', path);
    if (!Array.isArray(res.wraps)) throw new SecureBaseError('server-error', 'relay sent a bad wraps list');
    const wraps = res.wraps.map((raw: unknown) => {
      const item = (typeof raw === 'object' && raw !== null ? raw : {}) as { id?: unknown; wrap?: unknown };
      return { id: countField(item.id, 'wrap id'), wrap: bytesField(item.wrap, 'wrap') };
    });
    return wraps.sort((a, b) => a.id - b.id);
  }

  private call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return relayRequest<T>(this.fetchImpl, this.relayUrl, method, path, body);
  }
}

function enc(value: string): string {
  return encodeURIComponent(value);
}
