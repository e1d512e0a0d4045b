import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kms } from '@kubeop/core';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type CryptoKey, type JWK } from 'jose';
import type { Logger } from 'pino';
import { ConfigError, type ManagerConfig } from './config.js';

/** The algorithm of issued tokens. */
export const SIGNING_ALG = 'EdDSA';
export const DEV_SIGNING_KEY_FILE = 'jwt-signing-dev.pem';

/** A public key in a JWKS: only the fields a verifier needs, never `d`. */
export interface PublicJwk extends JWK {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: typeof SIGNING_ALG;
  use: 'sig';
}

export interface SigningKeys {
  /** The key tokens are issued with; null with only an HS256 key configured (tokens are verified, none issued). */
  current: { kid: string; privateKey: CryptoKey } | null;
  /** Every key a token may be signed with (the current one first): what `/.well-known/jwks.json` serves. */
  jwks: { keys: PublicJwk[] };
  /** The HS256 key still accepted for compatibility (`KUBEOP_JWT_SIGNING_KEY`), never used to issue. */
  hmacKey: Uint8Array | undefined;
}

type KeyConfig = Pick<
  ManagerConfig,
  'requireAuth' | 'jwtPrivateKey' | 'jwtKeyId' | 'jwtPreviousKeys' | 'jwtSigningKey' | 'devInsecure' | 'databaseUrl' | 'dataDir'
>;

const KID = /^[\w.-]{1,128}$/;

/** PEM text, or base64 of the PEM or of the PKCS8 DER → PEM (null when it is none of these). */
function toPem(raw: string): string | null {
  const text = raw.trim();
  if (text.startsWith('-----BEGIN')) return text;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  const decoded = bytes.toString('utf8').trim();
  if (decoded.startsWith('-----BEGIN')) return decoded;
  if (bytes.length < 16) return null;
  const body = bytes.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`;
}

async function importPrivateKey(pem: string, source: string): Promise<CryptoKey> {
  try {
    return await importPKCS8(pem, SIGNING_ALG, { extractable: true });
  } catch {
    // the key itself never goes into the message
    throw new ConfigError(
      `${source}: not a PKCS8 Ed25519 private key (PEM, or base64 of the PEM or DER; generate one with \`openssl genpkey -algorithm ed25519\`)`,
    );
  }
}

export async function publicJwkOf(privateKey: CryptoKey, kid?: string): Promise<PublicJwk> {
  const { kty, crv, x } = await exportJWK(privateKey);
  if (kty !== 'OKP' || crv !== 'Ed25519' || !x) throw new ConfigError('KUBEOP_JWT_PRIVATE_KEY: not an Ed25519 key');
  const id = kid ?? (await calculateJwkThumbprint({ kty, crv, x }));
  return { kty: 'OKP', crv: 'Ed25519', x, kid: id, alg: SIGNING_ALG, use: 'sig' };
}

/** `KUBEOP_JWT_PREVIOUS_KEYS`: `{"keys":[…]}` (an earlier jwks.json) of Ed25519 public keys, each with a `kid`. */
export function parsePreviousKeys(raw: string | undefined): PublicJwk[] {
  if (!raw) return [];
  const name = 'KUBEOP_JWT_PREVIOUS_KEYS';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`${name}: expected a JWKS in JSON, {"keys":[…]} (e.g. an earlier /.well-known/jwks.json)`);
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) throw new ConfigError(`${name}: expected {"keys":[…]}`);
  return keys.map((k: unknown, i) => {
    const jwk = (k ?? {}) as Record<string, unknown>;
    if ('d' in jwk) throw new ConfigError(`${name}: keys[${i}] is a private key; list public keys only`);
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
      throw new ConfigError(`${name}: keys[${i}] is not an Ed25519 public key (kty OKP, crv Ed25519, x)`);
    }
    if (typeof jwk.kid !== 'string' || !KID.test(jwk.kid)) throw new ConfigError(`${name}: keys[${i}] needs a kid`);
    return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwk.kid, alg: SIGNING_ALG, use: 'sig' };
  });
}

/**
 * Dev mode: the signing key in `<dataDir>/jwt-signing-dev.pem` (mode 0600), generated on first use
 * and reused afterwards, so tokens stay valid across restarts (as the KMS dev key).
 */
export async function loadOrCreateDevSigningKey(dataDir: string): Promise<string> {
  const path = join(dataDir, DEV_SIGNING_KEY_FILE);
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ENOENT') throw e;
  }
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  const pem = await exportPKCS8(privateKey);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return (await kms.createExclusively(path, pem)) ? pem : readFile(path, 'utf8');
}

/** The keys of `KUBEOP_JWT_*`, or in dev mode a generated key kept under the data directory. */
export async function loadSigningKeys(config: KeyConfig, logger?: Logger): Promise<SigningKeys> {
  if (config.jwtKeyId !== undefined && !KID.test(config.jwtKeyId)) {
    throw new ConfigError('KUBEOP_JWT_KEY_ID: 1–128 letters, digits, "_", "." or "-"');
  }
  const previous = parsePreviousKeys(config.jwtPreviousKeys);
  let pem: string;
  let source = 'KUBEOP_JWT_PRIVATE_KEY';
  if (config.jwtPrivateKey) {
    const p = toPem(config.jwtPrivateKey);
    if (!p) throw new ConfigError(`${source}: expected a PKCS8 PEM, or base64 of the PEM or DER`);
    pem = p;
  } else if (config.devInsecure || config.databaseUrl === undefined) {
    pem = await loadOrCreateDevSigningKey(config.dataDir);
    source = join(config.dataDir, DEV_SIGNING_KEY_FILE);
    logger?.warn(
      { dataDir: config.dataDir },
      'tokens: using the dev signing key stored in the data directory; set KUBEOP_JWT_PRIVATE_KEY in production',
    );
  } else if (config.requireAuth) {
    // HS256 only (the upstream's way): tokens are verified, none are issued.
    return { current: null, jwks: { keys: previous }, hmacKey: config.jwtSigningKey };
  } else {
    // Auth off: nothing checks tokens, but the API still issues them (as the upstream did): a key of this process.
    pem = await exportPKCS8((await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true })).privateKey);
    source = 'a generated key';
  }
  const privateKey = await importPrivateKey(pem, source);
  const current = await publicJwkOf(privateKey, config.jwtKeyId);
  return {
    current: { kid: current.kid, privateKey },
    jwks: { keys: [current, ...previous.filter((k) => k.kid !== current.kid)] },
    hmacKey: config.jwtSigningKey,
  };
}
