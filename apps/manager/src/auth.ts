import { principalOf, type Principal } from '@kubeop/api';
import { createLocalJWKSet, errors, jwtVerify, type JWTHeaderParameters, type FlattenedJWSInput } from 'jose';
import { SIGNING_ALG, type SigningKeys } from './signing-keys.js';

export interface Authentication {
  principal: Principal | null;
  /** Why a presented token was refused (never the token itself). */
  error: string | null;
}

/** Every token must carry these claims. */
export const REQUIRED_CLAIMS = ['sub', 'role', 'scope', 'exp', 'iat', 'iss', 'aud', 'jti'] as const;

/** How far clocks of the issuer and this Manager may disagree. */
export const CLOCK_SKEW_SECONDS = 30;

export interface VerifierOptions {
  keys: Pick<SigningKeys, 'jwks' | 'hmacKey'>;
  issuer: string;
  audience: string;
  /** The longest lifetime (exp − iat) accepted, e.g. 365 days for admin tokens made out of band. */
  maxLifetimeSeconds: number;
  /** The revocation list (by `jti`). */
  revoked: { has(jti: string): boolean };
}

/** Checks a compact JWT: signature, claims, lifetime and revocation. */
export type TokenVerifier = (token: string) => Promise<Authentication>;

const NONE: Authentication = { principal: null, error: null };

function describe(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'token expired';
  if (e instanceof errors.JWTClaimValidationFailed) {
    return e.reason === 'missing'
      ? `missing claim "${e.claim}"`
      : `claim "${e.claim}" ${e.reason === 'check_failed' ? 'is not accepted' : 'is invalid'}`;
  }
  if (e instanceof errors.JOSEAlgNotAllowed) return 'signing algorithm not accepted';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (e instanceof errors.JWKSNoMatchingKey) return 'signed with an unknown key';
  return 'malformed token';
}

/**
 * EdDSA tokens against the JWKS (this Manager's key and earlier ones still accepted), HS256 tokens
 * against `KUBEOP_JWT_SIGNING_KEY` when one is configured; any other `alg` (`none` included) is
 * refused. The key is chosen by the algorithm, so an HS256 token "signed" with a public key's bytes
 * is checked against the HMAC secret and fails.
 */
export function createVerifier(opts: VerifierOptions): TokenVerifier {
  const jwks = createLocalJWKSet(opts.keys.jwks);
  const hmacKey = opts.keys.hmacKey;
  const algorithms = hmacKey ? [SIGNING_ALG, 'HS256'] : [SIGNING_ALG];
  const keyFor = async (header: JWTHeaderParameters, token: FlattenedJWSInput) => {
    if (header.alg === 'HS256' && hmacKey) return hmacKey;
    return jwks(header, token);
  };
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keyFor, {
        algorithms,
        issuer: opts.issuer,
        audience: opts.audience,
        requiredClaims: [...REQUIRED_CLAIMS],
        clockTolerance: CLOCK_SKEW_SECONDS,
        // iat neither older than the longest lifetime nor in the future (beyond the skew)
        maxTokenAge: opts.maxLifetimeSeconds,
      });
      if (payload.exp! - payload.iat! > opts.maxLifetimeSeconds) return { principal: null, error: 'token lifetime exceeds the maximum' };
      const principal = principalOf({ role: payload.role, scope: payload.scope, sub: payload.sub, jti: payload.jti });
      if ('problem' in principal) return { principal: null, error: principal.problem };
      if (opts.revoked.has(principal.tokenId)) return { principal: null, error: 'token revoked' };
      return { principal, error: null };
    } catch (e) {
      return { principal: null, error: describe(e) };
    }
  };
}

/**
 * Reads `Authorization: Bearer <jwt>` into a principal. No header: no principal and no error
 * (→ 401 `missing token` where a token is needed); any other scheme or a refused token: the reason.
 */
export async function authenticate(header: string | undefined, verify: TokenVerifier): Promise<Authentication> {
  if (!header) return NONE;
  if (!header.startsWith('Bearer ')) return { principal: null, error: 'expected a Bearer token' };
  return verify(header.slice(7).trim());
}
