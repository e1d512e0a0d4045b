/**
 * TLS material of the admission webhook: a private CA (its certificate is the webhooks' caBundle)
 * and a serving certificate for the admission Service names (plus the host of a `url` registration).
 * node:crypto makes keys and parses certificates; node-forge builds and signs the X.509 certificates.
 *
 * Re-runs reuse what the cluster already has, so the caBundle does not churn:
 *   serving cert valid, signed by the CA, names complete, ≥ 30 days left → reused as is;
 *   otherwise, CA key available and CA valid ≥ 30 days   → new serving cert from the same CA;
 *   otherwise                                             → new CA and serving cert, and the old CA
 *                                                           (while still valid) stays in the caBundle
 *                                                           for CA_OVERLAP_DAYS, so no request fails
 *                                                           while pods switch certificates.
 */
import { createHash, createPrivateKey, generateKeyPair, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { KubeConnection } from './kubeconfig.js';
import type ForgeTypes from 'node-forge';
import { InvalidError } from './errors.js';
import { getObject } from './kube.js';
import type { AdmissionTlsMaterial } from './manifests/admission.js';
import { platformNames } from './options.js';

export type { AdmissionTlsMaterial } from './manifests/admission.js';

const DAY_MS = 86_400_000;
export const CA_VALIDITY_DAYS = 3650;
export const SERVING_VALIDITY_DAYS = 365;
/** Material with less validity left than this is renewed (by the Manager's renewal tick or a bootstrap). */
export const RENEW_BEFORE_DAYS = 30;
/**
 * After a CA switch the previous CA stays in the caBundle this long (while it is still valid), so
 * pods serving a certificate of the old CA keep being trusted until they have all rolled.
 */
export const CA_OVERLAP_DAYS = 7;
export const CA_COMMON_NAME = 'kubeop-admission-ca';

export interface ServingNames {
  dnsNames: string[];
  ipAddresses: string[];
}

export interface KeyPairPem {
  cert: string;
  key: string;
}

const generateRsa = promisify(generateKeyPair);

type Forge = typeof ForgeTypes;
let forgeModule: Promise<Forge> | undefined;
/** node-forge (~12 MB resident) is loaded on first use: most Manager processes never issue a certificate. */
const loadForge = (): Promise<Forge> => (forgeModule ??= import('node-forge').then((m) => m.default));

/** RSA-2048 key pair, generated off the event loop (libuv thread pool). */
async function newKeyPair(): Promise<{ pem: string; key: KeyObject; forgePublic: ForgeTypes.pki.rsa.PublicKey }> {
  const forge = await loadForge();
  const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 2048 });
  return {
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    key: privateKey,
    forgePublic: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

/**
 * Signs with node:crypto instead of forge's pure-JS RSA (which takes ~100 ms per signature):
 * forge computes `tbsCertificate` and then asks the "key" for the signature.
 */
function signCertificate(forge: Forge, cert: ForgeTypes.pki.Certificate, key: KeyObject): void {
  const signer = {
    sign: (): string => {
      const tbs = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary');
      return sign('sha256', tbs, key).toString('binary');
    },
  };
  cert.sign(signer as unknown as ForgeTypes.pki.rsa.PrivateKey, forge.md.sha256.create());
}

function serial(): string {
  // positive 128-bit serial (leading nibble < 8)
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

function validity(cert: ForgeTypes.pki.Certificate, days: number, now: Date): void {
  cert.validity.notBefore = new Date(now.getTime() - 5 * 60_000); // tolerate small clock skew
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
}

/** A self-signed CA (RSA-2048, SHA-256) allowed to sign server certificates only. */
export async function generateCa(options: { commonName?: string; validityDays?: number; now?: Date } = {}): Promise<KeyPairPem> {
  const forge = await loadForge();
  const now = options.now ?? new Date();
  const kp = await newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = kp.forgePublic;
  cert.serialNumber = serial();
  validity(cert, options.validityDays ?? CA_VALIDITY_DAYS, now);
  const subject = [
    { name: 'commonName', value: options.commonName ?? CA_COMMON_NAME },
    { name: 'organizationName', value: 'kubeOP' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signCertificate(forge, cert, kp.key);
  return { cert: forge.pki.certificateToPem(cert), key: kp.pem };
}

/** A serving certificate (serverAuth) for `names`, signed by `ca`. */
export async function issueServingCertificate(
  ca: KeyPairPem,
  names: ServingNames,
  options: { validityDays?: number; now?: Date } = {},
): Promise<KeyPairPem> {
  if (names.dnsNames.length === 0 && names.ipAddresses.length === 0)
    throw new InvalidError('a serving certificate needs at least one name');
  const forge = await loadForge();
  const now = options.now ?? new Date();
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const caKey = createPrivateKey(ca.key);
  const kp = await newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = kp.forgePublic;
  cert.serialNumber = serial();
  validity(cert, options.validityDays ?? SERVING_VALIDITY_DAYS, now);
  cert.setSubject([{ name: 'commonName', value: names.dnsNames[0] ?? names.ipAddresses[0]! }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...names.dnsNames.map((value) => ({ type: 2, value })), ...names.ipAddresses.map((ip) => ({ type: 7, ip }))],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  signCertificate(forge, cert, caKey);
  return { cert: forge.pki.certificateToPem(cert), key: kp.pem };
}

/** New CA and serving certificate. */
export async function generateAdmissionTls(
  names: ServingNames,
  options: { now?: Date } = {},
): Promise<AdmissionTlsMaterial & { caKey: string }> {
  const ca = await generateCa(options);
  const serving = await issueServingCertificate(ca, names, options);
  return { caCert: ca.cert, caKey: ca.key, cert: serving.cert, key: serving.key };
}

export interface TlsCheck {
  /** The serving pair can be used as is. */
  servingOk: boolean;
  /** The CA can keep signing (valid, a CA, key present and matching). */
  caOk: boolean;
  problems: string[];
  caNotAfter?: Date;
  servingNotAfter?: Date;
  /** A previous CA is still in the caBundle although its overlap is over (or it expired): drop it. */
  previousCaStale?: boolean;
}

/** Whether the CA `previousPem` should still be trusted next to `currentPem` (the one that replaced it). */
function keepPreviousCa(previousPem: string, currentPem: string, now: Date): boolean {
  try {
    const previous = new X509Certificate(previousPem);
    const current = new X509Certificate(currentPem);
    if (previous.fingerprint256 === current.fingerprint256) return false;
    const switchedAt = new Date(current.validFrom).getTime();
    return new Date(previous.validTo).getTime() > now.getTime() && switchedAt + CA_OVERLAP_DAYS * DAY_MS > now.getTime();
  } catch {
    return false;
  }
}

/** SANs of a certificate as node:crypto renders them (`DNS:x, IP Address:1.2.3.4`). */
function sans(c: X509Certificate): { dns: Set<string>; ip: Set<string> } {
  const dns = new Set<string>();
  const ip = new Set<string>();
  for (const part of (c.subjectAltName ?? '').split(/,\s*/)) {
    if (part.startsWith('DNS:')) dns.add(part.slice(4).toLowerCase());
    else if (part.startsWith('IP Address:')) ip.add(part.slice(11).toLowerCase());
  }
  return { dns, ip };
}

/** Checks material against the names it must serve and the renewal window. Never throws. */
export function checkAdmissionTls(m: Partial<AdmissionTlsMaterial>, names: ServingNames, now: Date = new Date()): TlsCheck {
  const problems: string[] = [];
  const renewAt = now.getTime() + RENEW_BEFORE_DAYS * DAY_MS;
  let ca: X509Certificate | undefined;
  let caOk = false;
  const out: TlsCheck = { servingOk: false, caOk: false, problems };
  try {
    if (!m.caCert) throw new Error('no CA certificate');
    ca = new X509Certificate(m.caCert);
    out.caNotAfter = new Date(ca.validTo);
    if (!ca.ca) problems.push('CA certificate is not a CA');
    else if (new Date(ca.validFrom).getTime() > now.getTime() + 5 * 60_000) problems.push('CA certificate is not yet valid');
    else if (out.caNotAfter.getTime() < renewAt) problems.push('CA certificate expires soon');
    else if (!m.caKey) problems.push('no CA key (cannot issue new serving certificates)');
    else if (!ca.checkPrivateKey(createPrivateKey(m.caKey))) problems.push('CA key does not match the CA certificate');
    else caOk = true;
  } catch (e) {
    problems.push(`CA: ${e instanceof Error ? e.message : String(e)}`);
  }
  out.caOk = caOk;
  try {
    if (!m.cert || !m.key) throw new Error('no serving certificate or key');
    if (!ca) throw new Error('no CA to verify against');
    const c = new X509Certificate(m.cert);
    out.servingNotAfter = new Date(c.validTo);
    const have = sans(c);
    const missing = [
      ...names.dnsNames.filter((d) => !have.dns.has(d.toLowerCase())),
      ...names.ipAddresses.filter((ip) => !have.ip.has(ip.toLowerCase())),
    ];
    if (!c.verify(ca.publicKey)) problems.push('serving certificate is not signed by the CA');
    else if (!c.checkPrivateKey(createPrivateKey(m.key))) problems.push('serving key does not match the certificate');
    else if (out.servingNotAfter.getTime() < renewAt) problems.push('serving certificate expires soon');
    else if (new Date(c.validFrom).getTime() > now.getTime() + 5 * 60_000) problems.push('serving certificate is not yet valid');
    else if (missing.length) problems.push(`serving certificate lacks names: ${missing.join(', ')}`);
    else if (new Date(ca.validTo).getTime() < renewAt) problems.push('CA certificate expires soon');
    else out.servingOk = true;
  } catch (e) {
    problems.push(`serving certificate: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (m.previousCaCert && m.caCert && !keepPreviousCa(m.previousCaCert, m.caCert, now)) out.previousCaStale = true;
  return out;
}

/** SHA-256 fingerprint of a PEM certificate (hex, colon-free) — safe to log and report. */
export function certificateFingerprint(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
}

interface SecretLive {
  data?: Record<string, string>;
}

const unb64 = (s: string | undefined): string | undefined => (s ? Buffer.from(s, 'base64').toString('utf8') : undefined);

/**
 * Reads the admission TLS material from the cluster (Secrets `kubeop-admission-tls` and
 * `kubeop-admission-ca`); null when the serving Secret does not exist. Use it to give a local
 * admission process (url mode) the same serving certificate the webhooks trust.
 */
export async function readAdmissionTls(
  kc: KubeConnection,
  options: { namespace?: string; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<Partial<AdmissionTlsMaterial> | null> {
  const n = platformNames(options.namespace);
  const req = { ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  const [tls, ca] = await Promise.all([
    getObject<SecretLive>(kc, { apiVersion: 'v1', kind: 'Secret', name: n.admissionTlsSecret, namespace: n.namespace }, req),
    getObject<SecretLive>(kc, { apiVersion: 'v1', kind: 'Secret', name: n.admissionCaSecret, namespace: n.namespace }, req),
  ]);
  if (!tls && !ca) return null;
  const out: Partial<AdmissionTlsMaterial> = {};
  const caCert = unb64(ca?.data?.['ca.crt']) ?? unb64(tls?.data?.['ca.crt']);
  const caKey = unb64(ca?.data?.['ca.key']);
  const previousCaCert = unb64(ca?.data?.['previous-ca.crt']);
  const cert = unb64(tls?.data?.['tls.crt']);
  const key = unb64(tls?.data?.['tls.key']);
  if (caCert) out.caCert = caCert;
  if (caKey) out.caKey = caKey;
  if (cert) out.cert = cert;
  if (key) out.key = key;
  if (previousCaCert) out.previousCaCert = previousCaCert;
  return out;
}

export type TlsSource = 'provided' | 'reused' | 'reissued' | 'generated';

/**
 * Decides the material for this bootstrap: `provided` (validated, must cover `names`), else what the
 * cluster has (reused / serving cert reissued from the same CA), else freshly generated.
 */
export async function chooseAdmissionTls(
  names: ServingNames,
  existing: Partial<AdmissionTlsMaterial> | null,
  provided?: AdmissionTlsMaterial,
  now: Date = new Date(),
): Promise<{ material: AdmissionTlsMaterial; source: TlsSource; problems: string[] }> {
  if (provided) {
    const check = checkAdmissionTls(provided, names, now);
    if (!check.servingOk)
      throw InvalidError.field('tls', `the provided admission TLS material is not usable: ${check.problems.join('; ')}`);
    return { material: provided, source: 'provided', problems: [] };
  }
  if (existing) {
    const check = checkAdmissionTls(existing, names, now);
    const previous = (caCert: string, candidate: string | undefined) =>
      candidate && keepPreviousCa(candidate, caCert, now) ? { previousCaCert: candidate } : {};
    if (check.servingOk && existing.caCert && existing.cert && existing.key) {
      // keep the CA key too (it may live only in the CA Secret)
      const { previousCaCert: _dropped, ...rest } = existing;
      return {
        material: {
          ...rest,
          caCert: existing.caCert,
          cert: existing.cert,
          key: existing.key,
          ...previous(existing.caCert, existing.previousCaCert),
        },
        source: 'reused',
        problems: check.problems,
      };
    }
    if (check.caOk && existing.caCert && existing.caKey) {
      const serving = await issueServingCertificate({ cert: existing.caCert, key: existing.caKey }, names, { now });
      return {
        material: { caCert: existing.caCert, caKey: existing.caKey, ...serving, ...previous(existing.caCert, existing.previousCaCert) },
        source: 'reissued',
        problems: check.problems,
      };
    }
    const fresh = await generateAdmissionTls(names, { now });
    return { material: { ...fresh, ...previous(fresh.caCert, existing.caCert) }, source: 'generated', problems: check.problems };
  }
  return { material: await generateAdmissionTls(names, { now }), source: 'generated', problems: [] };
}
