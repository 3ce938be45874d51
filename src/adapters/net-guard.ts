/**
 * SSRF guard: which IP addresses a feed fetch may connect to.
 *
 * Only globally routable unicast addresses pass. Refused: loopback, RFC 1918 private, link-local (which holds
 * the cloud metadata endpoint 169.254.169.254), IPv6 unique-local (fc00::/7), carrier-grade NAT (100.64/10),
 * multicast, broadcast, unspecified, and every other special-purpose range ipaddr.js knows (documentation,
 * benchmarking, 6to4/Teredo/NAT64 translation prefixes, which can tunnel to an internal IPv4). An IPv4-mapped
 * IPv6 address (::ffff:a.b.c.d) is judged as the IPv4 address it carries; an IPv4-compatible one (::a.b.c.d) is refused.
 *
 * The check runs AT CONNECT TIME through a custom `lookup` (see `guardedLookup`), so the address judged is the
 * address dialled — a DNS answer cannot change between check and use (DNS rebinding). Node skips `lookup` for
 * IP literals, so the fetcher also calls `checkAddress` on a literal host before connecting.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

const RANGE_NAMES: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a unique-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  unspecified: 'an unspecified address',
  deprecatedSiteLocal: 'a site-local address',
  rfc6052: 'an IPv4-translation address',
  rfc6145: 'an IPv4-translation address',
  '6to4': 'a 6to4 address',
  teredo: 'a Teredo address',
};

/** Why `ip` must not be dialled (e.g. "a link-local address"), or undefined when it is public unicast. */
export function checkAddress(ip: string): string | undefined {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (!ipaddr.isValid(bare)) return 'not an IP address';
  let addr = ipaddr.parse(bare);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  // IPv4-compatible IPv6 (::a.b.c.d, deprecated by RFC 4291 §2.5.5.1): some stacks dial the IPv4 address it
  // carries ([::127.0.0.1] reaches loopback). No public service uses it; refuse the whole ::/96.
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0)) {
    const parts = (addr as ipaddr.IPv6).parts;
    if (parts[6] !== 0 || parts[7]! > 1) return 'an IPv4-compatible address (deprecated; it can reach an internal IPv4)';
  }
  const range = addr.range();
  if (range === 'unicast') return undefined;
  return RANGE_NAMES[range] ?? `a reserved address (${range})`;
}

/** Thrown (via the lookup callback) when a host resolves to a refused address. */
export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
  readonly code = 'EREFUSEDADDRESS';
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`refused: ${address} is ${reason}`);
  }
}

/** Judges one address: the refusal reason, or undefined to allow. `checkAddress` is the production policy. */
export type AddressPolicy = (ip: string) => string | undefined;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A drop-in for `dns.lookup` as used by `net.connect({ lookup })`. Resolves every address of the host and
 * refuses the connection when ANY is not public (a mixed answer is a rebinding attempt or a misconfiguration).
 */
export function guardedLookup(allowPrivateHosts: boolean, policy: AddressPolicy = checkAddress) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as LookupAddress[];
      if (!allowPrivateHosts) {
        for (const a of list) {
          const reason = policy(a.address);
          if (reason) return callback(new RefusedAddressError(a.address, reason) as NodeJS.ErrnoException, '');
        }
      }
      if (list.length === 0) return callback(Object.assign(new Error(`lookup: no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      if (options.all) return callback(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** The refusal reason for a URL host that is an IP literal, or undefined (names are checked at lookup). */
export function checkLiteralHost(hostname: string, policy: AddressPolicy = checkAddress): { address: string; reason: string } | undefined {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (isIP(bare) === 0) return undefined;
  const reason = policy(bare);
  return reason ? { address: bare, reason } : undefined;
}
