import { exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createVerifier } from './auth.js';
import { ConfigError } from './config.js';
import { loadSigningKeys, parsePreviousKeys } from './signing-keys.js';
import { signToken } from './token-issuer.js';
import { TEST_HMAC_KEY, testToken } from './test-tokens.js';

const base = {
  requireAuth: true,
  dataDir: '/nonexistent',
  databaseUrl: 'postgres://x@y/z',
  devInsecure: false,
  jwtPreviousKeys: undefined,
  jwtSigningKey: undefined,
};
const claims = { issuer: 'kubeop', audience: 'kubeop-manager' };
const NOTHING_REVOKED = { has: () => false };

async function newPem(): Promise<string> {
  return exportPKCS8((await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })).privateKey);
}

describe('signing keys', () => {
  it('reads a PKCS8 PEM or its base64; names the variable, never the key, when it is not one', async () => {
    const pem = await newPem();
    const fromPem = await loadSigningKeys({ ...base, jwtPrivateKey: pem, jwtKeyId: undefined });
    const fromBase64 = await loadSigningKeys({ ...base, jwtPrivateKey: Buffer.from(pem).toString('base64'), jwtKeyId: undefined });
    expect(fromBase64.current?.kid).toBe(fromPem.current?.kid); // the JWK thumbprint
    const bad = await loadSigningKeys({ ...base, jwtPrivateKey: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ=', jwtKeyId: undefined }).catch(
      (e: unknown) => e,
    );
    expect(bad).toBeInstanceOf(ConfigError);
    expect((bad as Error).message).toMatch(/^KUBEOP_JWT_PRIVATE_KEY: not a PKCS8 Ed25519 private key/);
    expect((bad as Error).message).not.toContain('c2VjcmV0');
    expect(() => parsePreviousKeys('{"keys":[{"kty":"OKP","crv":"Ed25519","x":"a","d":"b","kid":"k"}]}')).toThrow(/private key/);
    expect(() => parsePreviousKeys('nope')).toThrow(/KUBEOP_JWT_PREVIOUS_KEYS/);
  });

  it('rotation: tokens of a previous key listed in KUBEOP_JWT_PREVIOUS_KEYS stay valid; its kid is served', async () => {
    const old = await loadSigningKeys({ ...base, jwtPrivateKey: await newPem(), jwtKeyId: 'old' });
    const oldToken = await signToken({ keys: old, ...claims }, { role: 'admin', scope: 'admin', subject: 'ops', ttlSeconds: 600 });
    const current = await loadSigningKeys({
      ...base,
      jwtPrivateKey: await newPem(),
      jwtKeyId: 'new',
      jwtPreviousKeys: JSON.stringify(old.jwks),
    });
    expect(current.jwks.keys.map((k) => k.kid)).toEqual(['new', 'old']);
    const verify = createVerifier({ keys: current, ...claims, maxLifetimeSeconds: 86400, revoked: NOTHING_REVOKED });
    expect((await verify(oldToken.token)).principal).toMatchObject({ role: 'admin', subject: 'ops', tokenId: oldToken.jti });
    const without = await loadSigningKeys({ ...base, jwtPrivateKey: await newPem(), jwtKeyId: 'new' });
    const strict = createVerifier({ keys: without, ...claims, maxLifetimeSeconds: 86400, revoked: NOTHING_REVOKED });
    expect((await strict(oldToken.token)).error).toBe('signed with an unknown key');
  });

  it('without KUBEOP_JWT_SIGNING_KEY no HS256 token is accepted, whatever it is keyed with', async () => {
    const keys = await loadSigningKeys({ ...base, jwtPrivateKey: await newPem(), jwtKeyId: undefined });
    const verify = createVerifier({ keys, ...claims, maxLifetimeSeconds: 86400, revoked: NOTHING_REVOKED });
    const publicX = Buffer.from(keys.jwks.keys[0]!.x, 'base64url').toString('base64');
    for (const key of [TEST_HMAC_KEY, publicX]) {
      expect((await verify(await testToken({ role: 'admin' }, { key }))).error).toBe('signing algorithm not accepted');
    }
  });

  it('with only an HS256 key, tokens are verified but none are issued', async () => {
    const keys = await loadSigningKeys({
      ...base,
      jwtPrivateKey: undefined,
      jwtKeyId: undefined,
      jwtSigningKey: Buffer.from(TEST_HMAC_KEY, 'base64'),
    });
    expect(keys.current).toBeNull();
    await expect(signToken({ keys, ...claims }, { role: 'admin', scope: 'admin', subject: 'x', ttlSeconds: 60 })).rejects.toThrow(
      /KUBEOP_JWT_PRIVATE_KEY/,
    );
    // with auth off nothing checks tokens; the API still issues them, with a key of this process
    const open = await loadSigningKeys({ ...base, requireAuth: false, jwtPrivateKey: undefined, jwtKeyId: undefined });
    expect(open.current).not.toBeNull();
  });
});
