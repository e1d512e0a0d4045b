/**
 * Where the Manager may connect when it talks to a cluster. A cluster's `server` comes from a caller,
 * so link-local and cloud metadata addresses (where instance credentials live) are refused by default,
 * checked on every connection (after DNS resolution, so a name that resolves there is refused too).
 */
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { InvalidError } from './errors.js';

export interface OutboundPolicy {
  /** CIDRs a cluster API server may not resolve to. */
  readonly denyCidrs: readonly string[];
  /** Accept `insecure-skip-tls-verify: true` in kubeconfigs (off by default). */
  readonly allowInsecureTls: boolean;
}

/**
 * Link-local (IPv4 and IPv6, where AWS, GCP, Azure and OpenStack serve instance metadata at
 * 169.254.169.254), AWS's IPv6 metadata address and Alibaba Cloud's metadata address.
 */
export const DEFAULT_DENY_CIDRS: readonly string[] = ['169.254.0.0/16', 'fe80::/10', 'fd00:ec2::254/128', '100.100.100.200/32'];

export const DEFAULT_OUTBOUND_POLICY: OutboundPolicy = { denyCidrs: DEFAULT_DENY_CIDRS, allowInsecureTls: false };

interface CompiledPolicy {
  blocked(address: string): boolean;
  /** The guarded lookup of this policy (one function, made once). */
  lookup?: LookupFunction;
}

const compiled = new WeakMap<OutboundPolicy, CompiledPolicy>();

/** Parses `a.b.c.d/n` or `x::y/n` (a bare address is a /32 or /128); throws with the offending entry. */
export function parseCidr(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', bits, extra] = entry.trim().split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) throw new Error(`${JSON.stringify(entry)} is not a CIDR (e.g. 169.254.0.0/16)`);
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) throw new Error(`${JSON.stringify(entry)} has a prefix length outside 0–${max}`);
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

function compile(policy: OutboundPolicy): CompiledPolicy {
  let c = compiled.get(policy);
  if (c) return c;
  const list = new BlockList();
  for (const entry of policy.denyCidrs) {
    const { address, prefix, family } = parseCidr(entry);
    list.addSubnet(address, prefix, family);
  }
  c = {
    blocked(address: string): boolean {
      const v = isIP(address);
      if (v === 4) return list.check(address, 'ipv4');
      if (v !== 6) return true; // not an address at all: refuse
      // an IPv4-mapped IPv6 address (::ffff:169.254.169.254) is the IPv4 address
      const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
      return list.check(address, 'ipv6') || (mapped !== null && list.check(mapped[1]!, 'ipv4'));
    },
  };
  compiled.set(policy, c);
  return c;
}

/** True when `address` (an IP literal) may not be connected to under `policy`. */
export function isDenied(policy: OutboundPolicy, address: string): boolean {
  return compile(policy).blocked(address.replace(/^\[(.*)\]$/, '$1'));
}

/** Thrown (as the cause of a connection error) when a cluster address is on the deny list. */
export class DeniedAddressError extends Error {
  readonly code = 'EKUBEOPDENIED';
  constructor(readonly address: string) {
    super(`connecting to ${address} is not allowed (KUBEOP_CLUSTER_DENY_CIDRS)`);
    this.name = 'DeniedAddressError';
  }
}

/**
 * A `lookup` for http(s).request that resolves as usual and then refuses denied addresses, so the
 * check applies to the address actually connected to (no gap for DNS rebinding between check and use).
 */
export function guardedLookup(policy: OutboundPolicy): LookupFunction {
  const c = compile(policy);
  return (c.lookup ??= (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const allowed = addresses.filter((a) => !c.blocked(a.address));
      if (allowed.length === 0) return callback(new DeniedAddressError(addresses[0]?.address ?? hostname), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  });
}

/**
 * The policy from `KUBEOP_CLUSTER_DENY_CIDRS` (comma-separated; empty string: no deny list; unset:
 * the defaults) and `KUBEOP_CLUSTER_ALLOW_INSECURE_TLS`. Bad values throw naming the variable.
 */
export function outboundPolicyFromEnv(env: Record<string, string | undefined>): OutboundPolicy {
  const raw = env.KUBEOP_CLUSTER_DENY_CIDRS;
  const denyCidrs =
    raw === undefined
      ? DEFAULT_DENY_CIDRS
      : raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  for (const entry of denyCidrs) {
    try {
      parseCidr(entry);
    } catch (e) {
      throw new InvalidError(`KUBEOP_CLUSTER_DENY_CIDRS: ${(e as Error).message}`);
    }
  }
  const insecure = (env.KUBEOP_CLUSTER_ALLOW_INSECURE_TLS ?? 'false').trim();
  if (!['true', 'false', '1', '0', ''].includes(insecure)) {
    throw new InvalidError(`KUBEOP_CLUSTER_ALLOW_INSECURE_TLS: expected true or false (got ${JSON.stringify(insecure)})`);
  }
  return { denyCidrs, allowInsecureTls: insecure === 'true' || insecure === '1' };
}
