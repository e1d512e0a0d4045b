/**
 * CIDR ranges as exact integer intervals, for the egress baseline: an `ipBlock` is inside the
 * baseline when its first and last address lie in one baseline CIDR. IPv4 and IPv6 never mix
 * (an IPv4-mapped IPv6 block is compared as IPv4, the way the kernel routes it).
 */
import { isIP } from 'node:net';
import { parseCidr } from '../egress.js';

export interface CidrRange {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

function ipv4ToBigint(address: string): bigint {
  return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6ToBigint(address: string): bigint {
  let text = address.toLowerCase().replace(/%.*$/, '');
  // a trailing dotted quad (::ffff:10.0.0.1) is the last two groups
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const v = ipv4ToBigint(quad[1]!);
    text = `${text.slice(0, -quad[1]!.length)}${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;

/** Parses `a.b.c.d/n` or `x::y/n` into its address range; throws naming the entry when it is not a CIDR. */
export function cidrRange(entry: string): CidrRange {
  const { address, prefix } = parseCidr(entry);
  if (isIP(address) === 4) return rangeOf(4, ipv4ToBigint(address), 32, prefix);
  const value = ipv6ToBigint(address);
  // ::ffff:a.b.c.d/n (n >= 96) is the IPv4 block a.b.c.d/(n-96)
  if (prefix >= 96 && value >> 32n === 0xffffn) return rangeOf(4, value - V4_MAPPED_PREFIX, 32, prefix - 96);
  return rangeOf(6, value, 128, prefix);
}

function rangeOf(family: 4 | 6, value: bigint, bits: number, prefix: number): CidrRange {
  const hostBits = BigInt(bits - prefix);
  const first = (value >> hostBits) << hostBits;
  return { family, first, last: first | ((1n << hostBits) - 1n) };
}

/** Why `entry` is not a CIDR, or null. */
export function cidrProblem(entry: string): string | null {
  try {
    cidrRange(entry);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** True when every address of `inner` lies in `outer`. */
export function cidrWithin(inner: CidrRange, outer: CidrRange): boolean {
  return inner.family === outer.family && inner.first >= outer.first && inner.last <= outer.last;
}

/** True when `cidr` lies wholly inside one of `baseline` (unparsable baseline entries match nothing). */
export function cidrInsideAny(cidr: string, baseline: readonly string[]): boolean {
  const inner = cidrRange(cidr);
  return baseline.some((entry) => {
    try {
      return cidrWithin(inner, cidrRange(entry));
    } catch {
      return false;
    }
  });
}
