// The SSRF guard: an HTTP tool may reach only public addresses unless its configuration allows private
// ones. Addresses are checked as the socket connects, so a name cannot resolve to one place when checked
// and to another when used (DNS rebinding).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { SwitchboardError } from '../../domain/errors.ts';

export type AddressClass = 'loopback' | 'private' | 'link-local' | 'unspecified' | 'cgnat' | 'multicast' | 'reserved';

interface Ipv4Range {
  readonly base: number;
  readonly bits: number;
  readonly kind: AddressClass;
}

const ipv4Ranges: readonly Ipv4Range[] = [
  { base: ipv4Number([0, 0, 0, 0]), bits: 8, kind: 'unspecified' },
  { base: ipv4Number([127, 0, 0, 0]), bits: 8, kind: 'loopback' },
  { base: ipv4Number([10, 0, 0, 0]), bits: 8, kind: 'private' },
  { base: ipv4Number([172, 16, 0, 0]), bits: 12, kind: 'private' },
  { base: ipv4Number([192, 168, 0, 0]), bits: 16, kind: 'private' },
  { base: ipv4Number([169, 254, 0, 0]), bits: 16, kind: 'link-local' },
  { base: ipv4Number([100, 64, 0, 0]), bits: 10, kind: 'cgnat' },
  { base: ipv4Number([224, 0, 0, 0]), bits: 4, kind: 'multicast' },
  { base: ipv4Number([240, 0, 0, 0]), bits: 4, kind: 'reserved' },
];

/** Why an address may not be called without `allow_private`, or null for a public address. */
export function classifyAddress(address: string): AddressClass | null {
  const version = isIP(address);
  if (version === 4) return classifyIpv4(ipv4Number(address.split('.').map(Number)));
  if (version === 6) return classifyIpv6(ipv6Groups(address));
  throw new TypeError(`not an IP address: ${address}`);
}

function ipv4Number(octets: readonly number[]): number {
  return octets.reduce((sum, octet) => sum * 256 + octet, 0);
}

function classifyIpv4(value: number): AddressClass | null {
  const range = ipv4Ranges.find((candidate) => Math.floor(value / 2 ** (32 - candidate.bits)) === Math.floor(candidate.base / 2 ** (32 - candidate.bits)));
  return range?.kind ?? null;
}

/** The eight 16-bit groups, with `::` expanded, a trailing dotted quad converted and a zone (`%eth0`) dropped. */
function ipv6Groups(address: string): number[] {
  const bare = address.split('%')[0] ?? '';
  const [head = '', tail] = withHexQuad(bare).split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  if (tail === undefined) return parse(head);
  const [front, back] = [parse(head), parse(tail)];
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function withHexQuad(address: string): string {
  const match = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (!match) return address;
  const value = ipv4Number((match[2] ?? '').split('.').map(Number));
  return `${match[1] ?? ''}${Math.floor(value / 65536).toString(16)}:${(value % 65536).toString(16)}`;
}

function classifyIpv6(groups: readonly number[]): AddressClass | null {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (upperZero && g5 === 0 && g6 === 0) return g7 === 0 ? 'unspecified' : g7 === 1 ? 'loopback' : classifyIpv4(g6 * 65536 + g7);
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address.
  const embedsIpv4 = (upperZero && (g5 === 0xffff || g5 === 0)) || (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0);
  if (embedsIpv4) return classifyIpv4(g6 * 65536 + g7);
  if ((g0 & 0xfe00) === 0xfc00) return 'private';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  return null;
}

/** What a tool's requests may reach: `assertHost` for IP literals (never looked up), `lookup` for names. */
export interface AddressGuard {
  assertHost(hostname: string): void;
  readonly lookup: LookupFunction | undefined;
}

/** `kind` names what is calling in a refusal ("HTTP tool", "Webhook"); `tool` is its configured name. */
export function addressGuard(tool: string, allowPrivate: boolean, kind = 'HTTP tool'): AddressGuard {
  if (allowPrivate) return { assertHost: () => undefined, lookup: undefined };
  const caller = { kind, tool };
  return {
    assertHost: (hostname) => {
      const address = unbracketed(hostname);
      if (isIP(address) !== 0) assertPublic(caller, address, address);
    },
    lookup: guardedLookup(caller),
  };
}

interface Caller {
  readonly kind: string;
  readonly tool: string;
}

function unbracketed(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

function assertPublic({ kind, tool }: Caller, hostname: string, address: string): void {
  const range = classifyAddress(address);
  if (range === null) return;
  const target = hostname === address ? address : `${hostname} (${address})`;
  throw new SwitchboardError('forbidden', `${kind} "${tool}" may not call ${target} (${range}). Set allow_private: true in its configuration if it is a service on your own network.`, { tool, address });
}

/** Resolves every address of the name and refuses the connection if any one of them is not public. */
function guardedLookup(caller: Caller): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      try {
        for (const { address } of addresses) assertPublic(caller, hostname, address);
      } catch (refusal) {
        return callback(refusal as SwitchboardError, []);
      }
      answer(addresses, options.family, options.all === true, callback);
    });
  };
}

function answer(addresses: readonly LookupAddress[], family: number | string | undefined, all: boolean, callback: Parameters<LookupFunction>[2]): void {
  const wanted = family === 4 || family === 'IPv4' ? 4 : family === 6 || family === 'IPv6' ? 6 : 0;
  const usable = addresses.filter((candidate) => wanted === 0 || candidate.family === wanted);
  const first = usable[0];
  if (!first) return callback(Object.assign(new Error('no address of the requested family'), { code: 'ENOTFOUND' }), []);
  if (all) callback(null, usable);
  else callback(null, first.address, first.family);
}
