import { isIP } from 'node:net';
import { isLoopbackHost } from './config.js';

export interface HostPolicy {
  /** Whether a request whose `Host` header names `hostname` (lower-case, no port, no brackets) is served. */
  allows(hostname: string): boolean;
  /** True when every Host is served (auth on with no list, or `KUBEOP_ALLOWED_HOSTS=*`). */
  any: boolean;
  /** Whether `hostname` is named in KUBEOP_ALLOWED_HOSTS (exactly or by a `*.` suffix; `*` alone names nothing). */
  names(hostname: string): boolean;
}

/**
 * DNS rebinding protection: a page on `evil.example` whose name the attacker re-points at
 * 127.0.0.1 reaches the Manager with `Host: evil.example`. Served are:
 * - loopback names and addresses (`localhost`, `*.localhost`, 127.0.0.0/8, `::1`), any port;
 * - the listen address itself; IP literals when listening on all interfaces (rebinding needs a
 *   name the attacker controls, an address literal cannot be one, and probes use addresses);
 * - the names of `KUBEOP_ALLOWED_HOSTS` (`*.example.com` matches sub-domains, `*` anything).
 * With auth on, no list, and a non-loopback listen address, any Host is served: a rebound page
 * cannot attach the bearer token a request needs.
 * Ports are not compared: a port-forward or a proxy may change them, a rebinding attack cannot
 * be told apart by port anyway.
 */
export function hostPolicy(opts: { listenHost: string; requireAuth: boolean; allowedHosts: string[] }): HostPolicy {
  const listen = opts.listenHost.toLowerCase();
  const wildcard = listen === '0.0.0.0' || listen === '::';
  const any = opts.allowedHosts.includes('*') || (opts.requireAuth && !isLoopbackHost(listen) && opts.allowedHosts.length === 0);
  const exact = new Set(opts.allowedHosts.filter((h) => !h.startsWith('*')).map((h) => h.replace(/^\[(.*)\]$/, '$1')));
  const suffixes = opts.allowedHosts.filter((h) => h.startsWith('*.')).map((h) => h.slice(1));
  const names = (hostname: string): boolean =>
    exact.has(hostname) || suffixes.some((s) => hostname.endsWith(s) && hostname.length > s.length);
  return {
    any,
    names,
    allows(hostname) {
      if (any) return true;
      if (hostname === '') return false;
      if (isLoopbackHost(hostname) || hostname.endsWith('.localhost')) return true;
      if (hostname === listen) return true;
      if (wildcard && isIP(hostname) !== 0) return true;
      return names(hostname);
    },
  };
}

/** The host name of a `Host` header or an origin's authority: lower-case, without port or brackets ('' when malformed). */
export function hostnameOf(authority: string | undefined): string {
  if (!authority) return '';
  const a = authority.trim().toLowerCase();
  const m = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(a) ?? /^([^:[\]/\s@]+)(?::\d{1,5})?$/.exec(a);
  // `localhost.` is `localhost`: one trailing dot (a fully qualified name) does not make another host
  return (m?.[1] ?? '').replace(/(?<=[^.])\.$/, '');
}

/** The host name of an `Origin` header, or null when it is `null` or malformed (sandboxed frames, `file:`). */
export function originHostname(origin: string): string | null {
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return hostnameOf(u.host) || null;
  } catch {
    return null;
  }
}

/** Whether an `Origin` names the same host and port as the request's `Host` (a same-origin request). */
export function sameAuthority(origin: string, host: string | undefined): boolean {
  try {
    const u = new URL(origin);
    return host !== undefined && u.host === new URL(`${u.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

/** `application/json`, with or without parameters such as `charset=utf-8`. */
export function isJsonContentType(header: string | undefined): boolean {
  return header !== undefined && header.split(';')[0]!.trim().toLowerCase() === 'application/json';
}
