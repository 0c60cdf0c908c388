/**
 * Who is asking, and over which protocol, when the portal runs behind a reverse proxy.
 *
 * Why: behind nginx every connection comes from 127.0.0.1, so rate limits by address would treat all visitors as
 * one (one person could lock the whole site's login), and behind a TLS proxy the portal itself only sees http.
 * The proxy tells the truth in `X-Forwarded-For` / `X-Forwarded-Proto`, but anybody can send those headers, so they
 * are believed only when the connection comes from an address listed in TRUSTED_PROXIES (empty by default).
 */
import { BlockList, isIP } from 'node:net';

export interface Client {
  /** The visitor's address: the connection's own, or the nearest untrusted one a trusted proxy forwarded. */
  address: string;
  /** The protocol the visitor used to reach the portal (or the proxy in front of it). */
  protocol: 'http' | 'https';
}

/** `::ffff:127.0.0.1` (IPv4 on a dual-stack socket) is 127.0.0.1. */
function plainAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

/** Addresses and CIDR ranges (`127.0.0.1`, `::1`, `10.0.0.0/8`, `fd00::/8`). */
export function parseProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.trim().split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** Whether a TRUSTED_PROXIES entry is an address or CIDR range (for the configuration check). */
export function isProxyEntry(entry: string): boolean {
  const [address = '', prefix, extra] = entry.trim().split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

const lists = new WeakMap<readonly string[], BlockList>();

function isTrusted(trusted: readonly string[], address: string): boolean {
  if (trusted.length === 0) return false;
  let list = lists.get(trusted);
  if (!list) {
    list = parseProxyList(trusted);
    lists.set(trusted, list);
  }
  const plain = plainAddress(address);
  const type = isIP(plain);
  return type !== 0 && list.check(plain, type === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client behind the connection from `socketAddress`. X-Forwarded-For is read from the right (each proxy
 * appends the address it saw), skipping trusted proxies; the first other address is the visitor. What the visitor
 * wrote into the header themselves stands further left and is never reached.
 */
export function resolveClient(trusted: readonly string[], socketAddress: string, headers: Headers): Client {
  const own: Client = { address: plainAddress(socketAddress), protocol: 'http' };
  if (!isTrusted(trusted, socketAddress)) return own;
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map(plainAddress)
    .filter((hop) => hop !== '');
  let address = own.address;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) break;
    address = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  // The edge proxy sets the protocol the visitor used; it stands first when proxies append to the header.
  const forwardedProto = (headers.get('x-forwarded-proto') ?? '').split(',')[0]?.trim().toLowerCase();
  return { address, protocol: forwardedProto === 'https' ? 'https' : 'http' };
}
