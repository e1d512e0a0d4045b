import { isCurrency, parseDecimal, RATE_SCALE, type BillingSettings } from '@kubeop/core';
import { z } from 'zod';

/**
 * Manager configuration, from `KUBEOP_*` environment variables (names kept from the upstream;
 * scripts depend on them). Invalid values stop the start with a message naming the variable.
 */
export interface ManagerConfig {
  host: string;
  port: number;
  /** `KUBEOP_INSECURE_LISTEN=true`: allow a non-loopback listen address with auth off. */
  insecureListen: boolean;
  /**
   * Host names the `Host` header may carry besides the loopback names and the listen address
   * (`KUBEOP_ALLOWED_HOSTS`, lower-case, `*.example.com` matches sub-domains, `*` anything).
   */
  allowedHosts: string[];
  /** PostgreSQL URL; undefined selects the embedded server under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  requireAuth: boolean;
  /** HS256 key for bearer tokens (required when auth is required). */
  jwtSigningKey: Uint8Array | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  dbPoolSize: number;
  dbTimeoutMs: number;
  /** `KUBEOP_DEV_INSECURE=true`: without a KMS key, use (and persist) a generated one under `dataDir`. */
  devInsecure: boolean;
  /** A bootstrap job still running after this long counts as dead and runs again. */
  bootstrapTimeoutSeconds: number;
  /** Deadline of a cluster status check. */
  clusterStatusTimeoutMs: number;
  /**
   * Usage and invoices: default rates (`KUBEOP_RATE_CPU_MILLI`, `KUBEOP_RATE_MEM_MIB`, the upstream's
   * names and defaults), their currency (`KUBEOP_BILLING_CURRENCY`, USD) and the most records of one
   * ingest (`KUBEOP_USAGE_MAX_BATCH`, 10000).
   */
  billing: BillingSettings;
  /** The raw `KUBEOP_*` variables, for parts with their own parsers (KMS keys, platform options). */
  env: Record<string, string | undefined>;
}

export class ConfigError extends Error {}

const bool = z.enum(['true', 'false', '1', '0', '']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** A price: a decimal ≥ 0 with at most 12 fraction digits (kept as text: exact). */
const rate = z
  .string()
  .trim()
  .refine((v) => {
    const d = parseDecimal(v, RATE_SCALE);
    return d !== null && d >= 0n && d < 10n ** 20n;
  }, 'expected a decimal price ≥ 0 with at most 12 fraction digits, e.g. 0.000001');
const currency = z
  .string()
  .trim()
  .refine((v) => isCurrency(v), 'expected an ISO 4217 currency code, e.g. USD');

export const DEFAULT_HTTP_ADDR = '127.0.0.1:18080';

/** Parses `host:port`, `:port` or `port` (the upstream's `:8080` form means all interfaces). */
export function parseHttpAddr(addr: string): { host: string; port: number } {
  const m = /^(?:(.*):)?(\d{1,5})$/.exec(addr.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new ConfigError(`KUBEOP_HTTP_ADDR: expected host:port, :port or port, got ${JSON.stringify(addr)}`);
  const host = m[1] === undefined || m[1] === '' ? '0.0.0.0' : m[1].replace(/^\[(.*)\]$/, '$1');
  return { host, port };
}

/** 127.0.0.0/8, ::1 (also as an IPv4-mapped address) and `localhost`: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

const HOST_PATTERN = /^(\*|(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])$/;

/** `KUBEOP_ALLOWED_HOSTS`: comma-separated host names (no ports), `*.example.com`, `[::1]`, or `*`. */
export function parseAllowedHosts(raw: string | undefined): string[] {
  const hosts = (raw ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  for (const h of hosts) {
    if (!HOST_PATTERN.test(h)) {
      throw new ConfigError(
        `KUBEOP_ALLOWED_HOSTS: ${JSON.stringify(h)} is not a host name (expected e.g. kubeop.example.com, *.example.com, [::1] or *; no ports)`,
      );
    }
  }
  return hosts;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ManagerConfig {
  const pick = <T>(name: string, schema: z.ZodType<T>, fallback: string): T => {
    const raw = env[name] ?? fallback;
    const r = schema.safeParse(raw);
    if (!r.success) throw new ConfigError(`${name}: ${r.error.issues[0]?.message ?? 'invalid'} (got ${JSON.stringify(raw)})`);
    return r.data;
  };
  const { host, port } = parseHttpAddr(env.KUBEOP_HTTP_ADDR || DEFAULT_HTTP_ADDR);
  const requireAuthSet = env.KUBEOP_REQUIRE_AUTH !== undefined && env.KUBEOP_REQUIRE_AUTH !== '';
  const requireAuth = pick('KUBEOP_REQUIRE_AUTH', bool, 'false');
  const insecureListen = pick('KUBEOP_INSECURE_LISTEN', bool, 'false');
  const allowedHosts = parseAllowedHosts(env.KUBEOP_ALLOWED_HOSTS);
  const rawKey = env.KUBEOP_JWT_SIGNING_KEY;
  let jwtSigningKey: Uint8Array | undefined;
  if (rawKey && rawKey !== 'REPLACE-ME') {
    const key = Buffer.from(rawKey, 'base64');
    if (key.length < 32 || key.toString('base64').replace(/=+$/, '') !== rawKey.trim().replace(/=+$/, '')) {
      throw new ConfigError(
        'KUBEOP_JWT_SIGNING_KEY: must be standard base64 of at least 32 bytes (generate one with `openssl rand -base64 32`)',
      );
    }
    jwtSigningKey = new Uint8Array(key);
  }
  if (requireAuth && !jwtSigningKey) {
    throw new ConfigError('KUBEOP_REQUIRE_AUTH=true needs KUBEOP_JWT_SIGNING_KEY (generate one with `openssl rand -base64 32`)');
  }
  // A signing key without KUBEOP_REQUIRE_AUTH most likely means someone expects tokens to be checked:
  // refuse rather than serve everything openly. `KUBEOP_REQUIRE_AUTH=false` says auth is off on purpose.
  if (jwtSigningKey && !requireAuthSet) {
    throw new ConfigError(
      'KUBEOP_JWT_SIGNING_KEY is set but KUBEOP_REQUIRE_AUTH is not: set KUBEOP_REQUIRE_AUTH=true to check tokens (or =false to run without auth on purpose)',
    );
  }
  if (!requireAuth && !isLoopbackHost(host) && !insecureListen) {
    throw new ConfigError(
      `KUBEOP_HTTP_ADDR: with auth off (KUBEOP_REQUIRE_AUTH unset or false) the Manager listens on loopback only, got ${JSON.stringify(host)}; ` +
        'set KUBEOP_REQUIRE_AUTH=true with KUBEOP_JWT_SIGNING_KEY, or KUBEOP_INSECURE_LISTEN=true to serve everyone on the network without auth',
    );
  }
  const databaseUrl = env.DATABASE_URL || env.KUBEOP_DB_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL: expected a postgres:// or postgresql:// URL');
  }
  return {
    host,
    port,
    insecureListen,
    allowedHosts,
    databaseUrl,
    dataDir: env.KUBEOP_DATA_DIR || './.kubeop',
    requireAuth,
    jwtSigningKey,
    logLevel: pick('LOG_LEVEL', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
    bodyLimitBytes: pick('KUBEOP_BODY_LIMIT_BYTES', int(1024, 64 * 1024 * 1024), String(1024 * 1024)),
    dbPoolSize: pick('KUBEOP_DB_MAX_OPEN', int(1, 200), '10'),
    dbTimeoutMs: pick('KUBEOP_DB_TIMEOUT_MS', int(100, 600_000), '2000'),
    devInsecure: pick('KUBEOP_DEV_INSECURE', bool, 'false'),
    bootstrapTimeoutSeconds: pick('KUBEOP_BOOTSTRAP_TIMEOUT_SECONDS', int(5, 3600), '300'),
    clusterStatusTimeoutMs: pick('KUBEOP_CLUSTER_TIMEOUT_MS', int(200, 60_000), '3000'),
    billing: {
      defaultCpuMilliRate: pick('KUBEOP_RATE_CPU_MILLI', rate, '0.000001'),
      defaultMemMibRate: pick('KUBEOP_RATE_MEM_MIB', rate, '0.0000002'),
      currency: pick('KUBEOP_BILLING_CURRENCY', currency, 'USD'),
      maxBatch: pick('KUBEOP_USAGE_MAX_BATCH', int(1, 1_000_000), '10000'),
    },
    env: Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('KUBEOP_'))),
  };
}
