import { randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey, type JWTPayload } from 'jose';

/** The HS256 key of test Managers (`KUBEOP_JWT_SIGNING_KEY`). */
export const TEST_HMAC_KEY = Buffer.alloc(32, 7).toString('base64');

export type TestClaims = { role: string; scope?: string; sub?: string } & JWTPayload;

/** `scope` and `sub` as the role implies, unless given. */
function withDefaults(claims: TestClaims): JWTPayload {
  const scope = claims.scope ?? (claims.role === 'admin' ? 'admin' : undefined);
  return { sub: claims.sub ?? scope ?? 'test', ...claims, ...(scope === undefined ? {} : { scope }) };
}

/**
 * A token with every required claim (`iss` kubeop, `aud` kubeop-manager, `jti`, `iat`, `exp` in
 * `expiresIn`), HS256 with `key` (base64) or EdDSA with a private key. `omit` drops claims.
 */
export async function testToken(
  claims: TestClaims,
  opts: { expiresIn?: string | number; key?: string | CryptoKey; kid?: string; omit?: string[]; iat?: number } = {},
): Promise<string> {
  const payload: JWTPayload = { iss: 'kubeop', aud: 'kubeop-manager', jti: randomUUID(), ...withDefaults(claims) };
  for (const k of opts.omit ?? []) delete payload[k];
  const key = opts.key ?? TEST_HMAC_KEY;
  const jwt = new SignJWT(payload).setProtectedHeader(
    typeof key === 'string' ? { alg: 'HS256' } : { alg: 'EdDSA', ...(opts.kid ? { kid: opts.kid } : {}) },
  );
  if (!opts.omit?.includes('iat')) jwt.setIssuedAt(opts.iat);
  if (!opts.omit?.includes('exp')) jwt.setExpirationTime(opts.expiresIn ?? '5m');
  return jwt.sign(typeof key === 'string' ? Buffer.from(key, 'base64') : key);
}

/** `Authorization` of a bearer token. */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
