/**
 * Many distinct client addresses from one test process. The soak's relay trusts the loopback
 * peer as a reverse proxy (`trustProxy: ['127.0.0.1']`), so each simulated person sends an
 * `X-Forwarded-For` of their own, as they would through nginx in production. The addresses are
 * strings in the IPv6 documentation prefix (2001:db8::/32): nothing is ever sent to them.
 *
 *   const at = clientAt(addressFor(7));
 *   await createSpace(relay.url, { fetch: at.fetch });
 *   new EncryptedProvider(url, 'shared', doc, { credentials, WebSocketPolyfill: at.WebSocket });
 */
import { WebSocket } from 'ws';

/** A distinct /64 per index (the relay counts IPv6 clients by /64). */
export function addressFor(index: number): string {
  return `2001:db8:${((index >>> 16) & 0xffff).toString(16)}:${(index & 0xffff).toString(16)}::1`;
}

export interface ClientAt {
  address: string;
  /** fetch that names `address` as the original client. */
  fetch: typeof fetch;
  /** A browser-style WebSocket class (for WebSocketPolyfill) that names `address`. */
  WebSocket: typeof globalThis.WebSocket;
}

/** A fetch and a WebSocket class that present `address` to the relay through X-Forwarded-For. */
export function clientAt(address: string): ClientAt {
  const headers = { 'x-forwarded-for': address };
  class AddressedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const addressedFetch: typeof fetch = (input, init) => {
    const merged = new Headers(init?.headers);
    merged.set('x-forwarded-for', address);
    return fetch(input, { ...init, headers: merged });
  };
  // reason: `ws` implements the browser WebSocket API the provider uses, but its class type is not the DOM one.
  return { address, fetch: addressedFetch, WebSocket: AddressedWebSocket as unknown as typeof globalThis.WebSocket };
}
