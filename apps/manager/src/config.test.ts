import { describe, expect, it } from 'vitest';
import { platform } from '@kubeop/core';
import { platformOptionsFor } from './manager.js';
import { ConfigError, loadConfig, parseAllowedHosts } from './config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig: safe defaults', () => {
  it('listens on 127.0.0.1:18080 when KUBEOP_HTTP_ADDR is unset', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', port: 18080, requireAuth: false, insecureListen: false, allowedHosts: [] });
    expect(loadConfig({ KUBEOP_HTTP_ADDR: '' })).toMatchObject({ host: '127.0.0.1', port: 18080 });
    expect(loadConfig({ KUBEOP_HTTP_ADDR: 'localhost:9000' })).toMatchObject({ host: 'localhost', port: 9000 });
    expect(loadConfig({ KUBEOP_HTTP_ADDR: '[::1]:9000' })).toMatchObject({ host: '::1', port: 9000 });
  });

  it('refuses a non-loopback address with auth off, naming the variables', () => {
    for (const addr of [':18080', '18080', '0.0.0.0:18080', '[::]:18080', '10.1.2.3:80', 'example.com:80']) {
      const e = (() => {
        try {
          loadConfig({ KUBEOP_HTTP_ADDR: addr });
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(e, addr).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toMatch(/KUBEOP_HTTP_ADDR.*KUBEOP_REQUIRE_AUTH.*KUBEOP_INSECURE_LISTEN=true/s);
    }
  });

  it('serves a non-loopback address with auth on, or with KUBEOP_INSECURE_LISTEN=true', () => {
    expect(loadConfig({ KUBEOP_HTTP_ADDR: ':18080', KUBEOP_INSECURE_LISTEN: 'true' })).toMatchObject({
      host: '0.0.0.0',
      insecureListen: true,
    });
    const auth = { KUBEOP_REQUIRE_AUTH: 'true', KUBEOP_JWT_SIGNING_KEY: KEY };
    expect(loadConfig({ ...auth, KUBEOP_HTTP_ADDR: '0.0.0.0:8080' })).toMatchObject({ host: '0.0.0.0', port: 8080, requireAuth: true });
    // With auth on the default stays loopback: exposing the Manager is always an explicit choice.
    expect(loadConfig(auth)).toMatchObject({ host: '127.0.0.1', port: 18080 });
  });

  it('refuses a signing key without KUBEOP_REQUIRE_AUTH, unless auth is switched off explicitly', () => {
    expect(() => loadConfig({ KUBEOP_JWT_SIGNING_KEY: KEY })).toThrow(/KUBEOP_JWT_SIGNING_KEY is set but KUBEOP_REQUIRE_AUTH is not/);
    expect(loadConfig({ KUBEOP_JWT_SIGNING_KEY: KEY, KUBEOP_REQUIRE_AUTH: 'false' })).toMatchObject({ requireAuth: false });
    expect(loadConfig({ KUBEOP_JWT_SIGNING_KEY: KEY, KUBEOP_REQUIRE_AUTH: 'true' })).toMatchObject({ requireAuth: true });
    // The upstream's placeholder counts as unset.
    expect(loadConfig({ KUBEOP_JWT_SIGNING_KEY: 'REPLACE-ME' }).jwtSigningKey).toBeUndefined();
    expect(() => loadConfig({ KUBEOP_INSECURE_LISTEN: 'yes' })).toThrow(/KUBEOP_INSECURE_LISTEN/);
  });

  it('reads the token settings: issuer, audience and lifetimes, with defaults', () => {
    expect(loadConfig({})).toMatchObject({
      jwtIssuer: 'kubeop',
      jwtAudience: 'kubeop-manager',
      tokenMaxTtlSeconds: 24 * 3600,
      tokenMaxLifetimeSeconds: 365 * 86400,
    });
    expect(loadConfig({ KUBEOP_TOKEN_MAX_TTL: '90m', KUBEOP_JWT_ISSUER: 'me', KUBEOP_JWT_AUDIENCE: 'you' })).toMatchObject({
      tokenMaxTtlSeconds: 5400,
      jwtIssuer: 'me',
      jwtAudience: 'you',
    });
    for (const bad of ['24', '0h', '-1h', '1w', 'forever']) {
      expect(() => loadConfig({ KUBEOP_TOKEN_MAX_TTL: bad }), bad).toThrow(/KUBEOP_TOKEN_MAX_TTL: expected a positive duration/);
    }
    expect(() => loadConfig({ KUBEOP_TOKEN_MAX_TTL: '400d' })).toThrow(/KUBEOP_TOKEN_MAX_TTL: must not exceed KUBEOP_TOKEN_MAX_LIFETIME/);
    expect(() => loadConfig({ KUBEOP_JWT_ISSUER: '' })).toThrow(/KUBEOP_JWT_ISSUER: must not be empty/);
    expect(() => loadConfig({ KUBEOP_JWT_PRIVATE_KEY: 'x' })).toThrow(/KUBEOP_JWT_PRIVATE_KEY is set but KUBEOP_REQUIRE_AUTH is not/);
    // auth on a database server needs a key; in dev mode (embedded database) one is generated
    expect(() => loadConfig({ KUBEOP_REQUIRE_AUTH: 'true', DATABASE_URL: 'postgres://a@b/c' })).toThrow(/KUBEOP_JWT_PRIVATE_KEY/);
    expect(loadConfig({ KUBEOP_REQUIRE_AUTH: 'true' }).requireAuth).toBe(true);
  });

  it('reads KUBEOP_ALLOWED_HOSTS: names, sub-domain wildcards, bracketed IPv6, or *; no ports', () => {
    expect(parseAllowedHosts(' Kubeop.Example.com, *.corp.example ,[::1],,')).toEqual(['kubeop.example.com', '*.corp.example', '[::1]']);
    expect(parseAllowedHosts('*')).toEqual(['*']);
    expect(parseAllowedHosts(undefined)).toEqual([]);
    for (const bad of ['kubeop.example.com:443', 'http://x', 'a b', '*example.com', 'foo.*']) {
      expect(() => parseAllowedHosts(bad), bad).toThrow(/KUBEOP_ALLOWED_HOSTS/);
    }
  });
});

describe('what bootstrap installs', () => {
  it('tags the operator and admission images with the Manager release, unless KUBEOP_* images say otherwise', () => {
    const released = platform.resolvePlatformOptions(platformOptionsFor({}, '1.4.2'));
    expect(released).toMatchObject({
      version: '1.4.2',
      operatorImage: 'ghcr.io/kubeop/operator:1.4.2',
      admissionImage: 'ghcr.io/kubeop/admission:1.4.2',
    });
    const pinned = platform.resolvePlatformOptions(platformOptionsFor({ KUBEOP_OPERATOR_IMAGE: 'mirror.local/op:9' }, '1.4.2'));
    expect(pinned.operatorImage).toBe('mirror.local/op:9');
    // from source (no release stamped): the packages' own version
    expect(platform.resolvePlatformOptions(platformOptionsFor({}, undefined)).version).toBe(platform.KUBEOP_VERSION);
  });
});

describe('usage and invoice settings', () => {
  it("default to the upstream's rates, a batch of 10000 and keys kept 7 days; bad values stop the start naming the variable", () => {
    expect(loadConfig({}).billing).toEqual({
      defaultCpuMilliRate: '0.000001',
      defaultMemMibRate: '0.0000002',
      currency: 'USD',
      maxBatch: 10_000,
      idempotencyKeyTtlSeconds: 7 * 86_400,
    });
    expect(
      loadConfig({
        KUBEOP_RATE_CPU_MILLI: '2e-6',
        KUBEOP_BILLING_CURRENCY: 'EUR',
        KUBEOP_USAGE_MAX_BATCH: '500',
        KUBEOP_USAGE_IDEMPOTENCY_TTL: '36h',
      }).billing,
    ).toMatchObject({
      defaultCpuMilliRate: '2e-6',
      currency: 'EUR',
      maxBatch: 500,
      idempotencyKeyTtlSeconds: 36 * 3600,
    });
    for (const [name, value] of [
      ['KUBEOP_RATE_CPU_MILLI', 'cheap'],
      ['KUBEOP_RATE_MEM_MIB', '-1'],
      ['KUBEOP_RATE_MEM_MIB', '0.0000000000001'],
      ['KUBEOP_BILLING_CURRENCY', 'EURO'],
      ['KUBEOP_USAGE_MAX_BATCH', '0'],
      ['KUBEOP_USAGE_IDEMPOTENCY_TTL', '0s'],
      ['KUBEOP_USAGE_IDEMPOTENCY_TTL', 'a week'],
    ] as const) {
      expect(() => loadConfig({ [name]: value }), name).toThrow(new RegExp(`^${name}:`));
    }
  });
});

describe('KUBEOP_PROJECT_KUBECONFIG_TTL', () => {
  it('defaults to one hour and takes durations or seconds', () => {
    expect(loadConfig({}).projectKubeconfigTtlSeconds).toBe(3600);
    for (const [raw, seconds] of [
      ['30m', 1800],
      ['1h30m', 5400],
      ['7200s', 7200],
      ['900', 900],
      ['24h', 86_400],
    ] as const) {
      expect(loadConfig({ KUBEOP_PROJECT_KUBECONFIG_TTL: raw }).projectKubeconfigTtlSeconds, raw).toBe(seconds);
    }
  });

  it('refuses what the API server would refuse or what lives too long, naming the variable', () => {
    for (const raw of ['5m', '599', '25h', '2d', '-1h', 'soon', '1.5h']) {
      expect(() => loadConfig({ KUBEOP_PROJECT_KUBECONFIG_TTL: raw }), raw).toThrow(/^KUBEOP_PROJECT_KUBECONFIG_TTL: /);
    }
  });
});
