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
  /** HS256 key for bearer tokens (`KUBEOP_JWT_SIGNING_KEY`): still accepted, never used to issue. */
  jwtSigningKey: Uint8Array | undefined;
  /**
   * Ed25519 signing key of issued tokens (`KUBEOP_JWT_PRIVATE_KEY`: PKCS8 PEM, or base64 of the PEM
   * or of the DER), parsed at start; with its `kid` (`KUBEOP_JWT_KEY_ID`, default its JWK thumbprint).
   * Unset in dev mode (embedded database or `KUBEOP_DEV_INSECURE=true`): a generated key kept in `dataDir`.
   */
  jwtPrivateKey: string | undefined;
  jwtKeyId: string | undefined;
  /** `KUBEOP_JWT_PREVIOUS_KEYS`: a JWKS (JSON) of earlier public keys still accepted while their tokens live. */
  jwtPreviousKeys: string | undefined;
  /** `iss` of issued tokens and the only one accepted (`KUBEOP_JWT_ISSUER`, default `kubeop`). */
  jwtIssuer: string;
  /** `aud` of issued tokens and the only one accepted (`KUBEOP_JWT_AUDIENCE`, default `kubeop-manager`). */
  jwtAudience: string;
  /** Longest lifetime of a token this Manager issues (`KUBEOP_TOKEN_MAX_TTL`, default 24h). */
  tokenMaxTtlSeconds: number;
  /** Longest lifetime (exp − iat) of any token accepted, e.g. admin tokens made out of band (`KUBEOP_TOKEN_MAX_LIFETIME`, default 365d). */
  tokenMaxLifetimeSeconds: number;
  /** How often each Manager re-reads the revocation list from the database (`KUBEOP_TOKEN_REVOCATION_REFRESH_MS`). */
  revocationRefreshMs: number;
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
   * ingest (`KUBEOP_USAGE_MAX_BATCH`, 10000), how long an ingest Idempotency-Key is remembered
   * (`KUBEOP_USAGE_IDEMPOTENCY_TTL`, 7d).
   */
  billing: BillingSettings;
  /** Lifetime of the tokens in issued project kubeconfigs (`KUBEOP_PROJECT_KUBECONFIG_TTL`). */
  projectKubeconfigTtlSeconds: number;
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

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90s`, `60m`, `24h`, `365d` → seconds; null when not such a duration. */
export function parseDuration(raw: string): number | null {
  const m = /^(\d{1,9})(s|m|h|d)$/.exec(raw.trim());
  return m ? Number(m[1]) * DURATION_UNITS[m[2]!]! : null;
}

const duration = z.string().transform((raw, ctx) => {
  const seconds = parseDuration(raw);
  if (seconds === null || seconds <= 0) {
    ctx.addIssue({ code: 'custom', message: 'expected a positive duration such as 90s, 60m, 24h or 365d' });
    return z.NEVER;
  }
  return seconds;
});

export const DEFAULT_HTTP_ADDR = '127.0.0.1:18080';

/**
 * A lifetime: `90m`, `1h`, `3600s`, `1h30m` or plain seconds, between 10 minutes (the API server's
 * minimum for a TokenRequest) and 24 hours.
 */
const ttlSeconds = z
  .string()
  .trim()
  .regex(/^(\d+|(\d+h)?(\d+m)?(\d+s)?)$/, 'must be a duration such as 1h, 30m, 1h30m, 3600s or a number of seconds')
  .refine((v) => v !== '', 'must not be empty')
  .transform((v) => {
    if (/^\d+$/.test(v)) return Number(v);
    const part = (unit: string) => Number(new RegExp(`(\\d+)${unit}`).exec(v)?.[1] ?? 0);
    return part('h') * 3600 + part('m') * 60 + part('s');
  })
  .pipe(z.number().int().min(600, 'must be at least 10m').max(86_400, 'must be at most 24h'));

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
  const jwtPrivateKey = env.KUBEOP_JWT_PRIVATE_KEY && env.KUBEOP_JWT_PRIVATE_KEY !== 'REPLACE-ME' ? env.KUBEOP_JWT_PRIVATE_KEY : undefined;
  const databaseUrl = env.DATABASE_URL || env.KUBEOP_DB_URL || undefined;
  const devInsecure = pick('KUBEOP_DEV_INSECURE', bool, 'false');
  // Dev mode (as for the KMS key): a generated signing key kept in the data directory.
  if (requireAuth && !jwtSigningKey && !jwtPrivateKey && databaseUrl !== undefined && !devInsecure) {
    throw new ConfigError(
      'KUBEOP_REQUIRE_AUTH=true needs KUBEOP_JWT_PRIVATE_KEY (an Ed25519 key: `openssl genpkey -algorithm ed25519`) ' +
        'or KUBEOP_JWT_SIGNING_KEY (HS256, accepted for compatibility: `openssl rand -base64 32`)',
    );
  }
  // A signing key without KUBEOP_REQUIRE_AUTH most likely means someone expects tokens to be checked:
  // refuse rather than serve everything openly. `KUBEOP_REQUIRE_AUTH=false` says auth is off on purpose.
  for (const [name, set] of [
    ['KUBEOP_JWT_SIGNING_KEY', jwtSigningKey !== undefined],
    ['KUBEOP_JWT_PRIVATE_KEY', jwtPrivateKey !== undefined],
  ] as const) {
    if (set && !requireAuthSet) {
      throw new ConfigError(
        `${name} is set but KUBEOP_REQUIRE_AUTH is not: set KUBEOP_REQUIRE_AUTH=true to check tokens (or =false to run without auth on purpose)`,
      );
    }
  }
  if (!requireAuth && !isLoopbackHost(host) && !insecureListen) {
    throw new ConfigError(
      `KUBEOP_HTTP_ADDR: with auth off (KUBEOP_REQUIRE_AUTH unset or false) the Manager listens on loopback only, got ${JSON.stringify(host)}; ` +
        'set KUBEOP_REQUIRE_AUTH=true with KUBEOP_JWT_SIGNING_KEY, or KUBEOP_INSECURE_LISTEN=true to serve everyone on the network without auth',
    );
  }
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL: expected a postgres:// or postgresql:// URL');
  }
  const tokenMaxTtlSeconds = pick('KUBEOP_TOKEN_MAX_TTL', duration, '24h');
  const tokenMaxLifetimeSeconds = pick('KUBEOP_TOKEN_MAX_LIFETIME', duration, '365d');
  if (tokenMaxTtlSeconds > tokenMaxLifetimeSeconds) {
    throw new ConfigError(
      'KUBEOP_TOKEN_MAX_TTL: must not exceed KUBEOP_TOKEN_MAX_LIFETIME (the longest lifetime any token is accepted with)',
    );
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
    jwtPrivateKey,
    jwtKeyId: env.KUBEOP_JWT_KEY_ID || undefined,
    jwtPreviousKeys: env.KUBEOP_JWT_PREVIOUS_KEYS || undefined,
    jwtIssuer: pick('KUBEOP_JWT_ISSUER', z.string().min(1, 'must not be empty'), 'kubeop'),
    jwtAudience: pick('KUBEOP_JWT_AUDIENCE', z.string().min(1, 'must not be empty'), 'kubeop-manager'),
    tokenMaxTtlSeconds,
    tokenMaxLifetimeSeconds,
    revocationRefreshMs: pick('KUBEOP_TOKEN_REVOCATION_REFRESH_MS', int(100, 60_000), '2000'),
    logLevel: pick('LOG_LEVEL', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
    bodyLimitBytes: pick('KUBEOP_BODY_LIMIT_BYTES', int(1024, 64 * 1024 * 1024), String(1024 * 1024)),
    dbPoolSize: pick('KUBEOP_DB_MAX_OPEN', int(1, 200), '10'),
    dbTimeoutMs: pick('KUBEOP_DB_TIMEOUT_MS', int(100, 600_000), '2000'),
    devInsecure,
    bootstrapTimeoutSeconds: pick('KUBEOP_BOOTSTRAP_TIMEOUT_SECONDS', int(5, 3600), '300'),
    clusterStatusTimeoutMs: pick('KUBEOP_CLUSTER_TIMEOUT_MS', int(200, 60_000), '3000'),
    billing: {
      defaultCpuMilliRate: pick('KUBEOP_RATE_CPU_MILLI', rate, '0.000001'),
      defaultMemMibRate: pick('KUBEOP_RATE_MEM_MIB', rate, '0.0000002'),
      currency: pick('KUBEOP_BILLING_CURRENCY', currency, 'USD'),
      maxBatch: pick('KUBEOP_USAGE_MAX_BATCH', int(1, 1_000_000), '10000'),
      idempotencyKeyTtlSeconds: pick('KUBEOP_USAGE_IDEMPOTENCY_TTL', duration, '7d'),
    },
    projectKubeconfigTtlSeconds: pick('KUBEOP_PROJECT_KUBECONFIG_TTL', ttlSeconds, '1h'),
    env: Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('KUBEOP_'))),
  };
}
