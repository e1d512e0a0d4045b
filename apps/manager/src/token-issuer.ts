import type { SignedToken, TokenIssuer, TokenRequest } from '@kubeop/api';
import { newId, UnavailableError } from '@kubeop/core';
import { SignJWT } from 'jose';
import { SIGNING_ALG, type SigningKeys } from './signing-keys.js';

export interface IssuerOptions {
  keys: Pick<SigningKeys, 'current'>;
  issuer: string;
  audience: string;
  maxTtlSeconds: number;
  /** Hears of revocations made through this process. */
  onRevoked?: (jti: string) => void;
}

/** Signs a token with every required claim, EdDSA with this Manager's current key. */
export async function signToken(opts: Omit<IssuerOptions, 'maxTtlSeconds' | 'onRevoked'>, request: TokenRequest): Promise<SignedToken> {
  const key = opts.keys.current;
  if (!key) throw new UnavailableError('issuing tokens needs KUBEOP_JWT_PRIVATE_KEY (an Ed25519 key)');
  const jti = newId();
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + request.ttlSeconds;
  const token = await new SignJWT({ role: request.role, scope: request.scope })
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key.privateKey);
  return { token, jti, issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000) };
}

export function createTokenIssuer(opts: IssuerOptions): TokenIssuer {
  return {
    maxTtlSeconds: opts.maxTtlSeconds,
    sign: (request) => signToken(opts, request),
    revoked: (jti) => opts.onRevoked?.(jti),
  };
}
