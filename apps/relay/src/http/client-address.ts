/**
 * Who a request comes from, as the key of the per-address rate limits: the socket peer, or, only
 * when the peer is a proxy the operator trusts, the right-most `X-Forwarded-For` entry that is not
 * itself a trusted proxy (entries further left were written by the client and prove nothing).
 * IPv6 clients count by their /64, which one household or one server usually gets whole; an IPv4
 * address mapped into IPv6 counts as that IPv4 address. The key is used in memory only: it is never
 * logged and never a metric label.
 *
 *   const addressOf = createClientAddress({ trustProxy: ['127.0.0.1', '172.16.0.0/12'] });
 *   addressOf('127.0.0.1', '198.51.100.7, 127.0.0.1'); // 'v4:198.51.100.7'
 *   addressOf('2001:db8:1:2::9', undefined);            // 'v6:2001:db8:1:2::/64'
 */

/** Key for a peer or forwarded entry that is not an IP address (an embedded relay without a socket). */
const UNKNOWN = 'unknown';

/** An IP address parsed from text: IPv4 dotted quad, or IPv6 as 8 hextets. */
export type IpAddress = { family: 4; octets: number[] } | { family: 6; hextets: number[] };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): number[] | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1).map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

function parseHextets(part: string): number[] | undefined {
  if (part === '') return [];
  const groups = part.split(':');
  const hextets: number[] = [];
  for (const [i, group] of groups.entries()) {
    // An embedded IPv4 address may stand in for the last two hextets (::ffff:192.0.2.1).
    const v4 = i === groups.length - 1 ? parseIpv4(group) : undefined;
    if (v4) hextets.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    else if (HEXTET.test(group)) hextets.push(parseInt(group, 16));
    else return undefined;
  }
  return hextets;
}

function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseHextets(halves[0] ?? '');
  const tail = halves.length === 2 ? parseHextets(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : undefined;
}

/** Parse an IP address (`[::1]` brackets and `%zone` suffixes allowed); undefined if it is not one. */
export function parseIpAddress(text: string): IpAddress | undefined {
  const trimmed = text.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const v4 = parseIpv4(trimmed);
  if (v4) return { family: 4, octets: v4 };
  const v6 = trimmed.includes(':') ? parseIpv6(trimmed) : undefined;
  if (!v6) return undefined;
  // ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket.
  if (v6.slice(0, 5).every((h) => h === 0) && v6[5] === 0xffff) {
    const [hi = 0, lo = 0] = v6.slice(6);
    return { family: 4, octets: [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff] };
  }
  return { family: 6, hextets: v6 };
}

/** The address as bits (32 or 128), most significant first. */
function bitsOf(address: IpAddress): number[] {
  const [parts, width] = address.family === 4 ? [address.octets, 8] : [address.hextets, 16];
  return parts.flatMap((part) => Array.from({ length: width }, (_, i) => (part >> (width - 1 - i)) & 1));
}

/** A trusted proxy: one address, or a network `ADDR/BITS` (a container network's range). */
interface TrustedNetwork {
  family: 4 | 6;
  prefix: number[];
}

/** Parse `ADDR` or `ADDR/BITS`; undefined if it is neither. */
export function parseNetwork(text: string): TrustedNetwork | undefined {
  const [addressText = '', bitsText, ...rest] = text.trim().split('/');
  const address = parseIpAddress(addressText);
  if (!address || rest.length > 0) return undefined;
  const bits = bitsOf(address);
  const length = bitsText === undefined ? bits.length : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : Number.NaN;
  if (!(length >= 0 && length <= bits.length)) return undefined;
  return { family: address.family, prefix: bits.slice(0, length) };
}

const inNetwork = (address: IpAddress, network: TrustedNetwork): boolean =>
  address.family === network.family && bitsOf(address).slice(0, network.prefix.length).every((bit, i) => bit === network.prefix[i]);

/** The rate-limit key of an address: the IPv4 address, or the IPv6 /64. */
export function addressKey(address: IpAddress | undefined): string {
  if (!address) return UNKNOWN;
  if (address.family === 4) return `v4:${address.octets.join('.')}`;
  return `v6:${address.hextets.slice(0, 4).map((h) => h.toString(16)).join(':')}::/64`;
}

export interface ClientAddressOptions {
  /** Reverse proxies whose X-Forwarded-For is believed (addresses or ADDR/BITS networks); default none. */
  trustProxy?: readonly string[];
}

/** (socket peer address, X-Forwarded-For header) → the client's rate-limit key. */
export type ClientAddress = (peer: string | undefined, forwardedFor: string | undefined) => string;

/** Build the resolver; throws a RangeError naming a trusted proxy that is not an IP address. */
export function createClientAddress(options: ClientAddressOptions = {}): ClientAddress {
  const trusted = (options.trustProxy ?? []).map((text) => {
    const network = parseNetwork(text);
    if (!network) throw new RangeError(`trusted proxy "${text}" is not an IP address or ADDR/BITS network`);
    return network;
  });
  const isTrusted = (address: IpAddress | undefined): boolean => address !== undefined && trusted.some((network) => inNetwork(address, network));

  return (peerText, forwardedFor) => {
    const peer = peerText === undefined ? undefined : parseIpAddress(peerText);
    if (!isTrusted(peer) || !forwardedFor) return addressKey(peer);
    const entries = forwardedFor.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = parseIpAddress(entries[i] ?? '');
      // A trusted proxy wrote this entry only if it is a real address; anything else ends the walk.
      if (!entry) return `forwarded:${UNKNOWN}`;
      if (!isTrusted(entry) || i === 0) return addressKey(entry);
    }
    return addressKey(peer);
  };
}
