import { execFile } from 'node:child_process';
import { generateKeyPair, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

// node:crypto cannot create X.509 certificates, so this uses the openssl CLI (present on Debian/Ubuntu/macOS).
const execFileP = promisify(execFile);
const generateKeyPairP = promisify(generateKeyPair);

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await execFileP('openssl', args, { cwd });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error('openssl is not installed: install it (apt-get install openssl) to generate test certificates');
    throw new Error(`openssl ${args[0]} failed: ${e.stderr ?? e.message}`);
  }
}

export interface CertFiles {
  /** PEM certificate path */
  cert: string;
  /** PEM private key path (unencrypted) */
  key: string;
}

export interface CertificateAuthority extends CertFiles {
  /** CA certificate PEM (for caBundle / certificate-authority-data) */
  certPem: string;
}

const serial = (): string =>
  `0x${randomBytes(16)
    .toString('hex')
    .replace(/^[89a-f]/, '1')}`;

/** Creates a self-signed CA (RSA 2048, 10 years) as `<dir>/<name>.crt` + `<name>.key`. */
export async function createCA(dir: string, name = 'ca', commonName = 'kubeop-test-ca'): Promise<CertificateAuthority> {
  await mkdir(dir, { recursive: true });
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  await openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '3650',
      '-sha256',
      '-subj',
      `/CN=${commonName}`,
      '-keyout',
      key,
      '-out',
      cert,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    ],
    dir,
  );
  return { cert, key, certPem: await readFile(cert, 'utf8') };
}

export interface IssueOptions {
  /** Subject CN (for client certs: the user name). */
  commonName: string;
  /** Subject O entries (for client certs: the groups, e.g. `system:masters`). */
  organizations?: string[];
  /** DNS subjectAltNames (serving certs). */
  dnsNames?: string[];
  /** IP subjectAltNames (serving certs), e.g. `127.0.0.1`. */
  ipAddresses?: string[];
  /** Extended key usage; default `server` when SANs are given, else `client`. */
  usage?: 'server' | 'client' | 'both';
  days?: number;
}

/**
 * Issues a leaf certificate signed by `ca` into `<dir>/<name>.crt` + `<name>.key`.
 * Use it to create webhook serving certs (`ipAddresses: ['127.0.0.1']`) or extra client users.
 */
export async function issueCertificate(
  ca: CertFiles,
  dir: string,
  name: string,
  opts: IssueOptions,
): Promise<CertFiles & { certPem: string; keyPem: string }> {
  await mkdir(dir, { recursive: true });
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  const esc = (s: string): string => s.replace(/[/\\=+,]/g, (c) => `\\${c}`);
  const subj = [...(opts.organizations ?? []).map((o) => `/O=${esc(o)}`), `/CN=${esc(opts.commonName)}`].join('');
  const sans = [...(opts.dnsNames ?? []).map((d) => `DNS:${d}`), ...(opts.ipAddresses ?? []).map((i) => `IP:${i}`)];
  const usage = opts.usage ?? (sans.length ? 'server' : 'client');
  const eku = usage === 'both' ? 'serverAuth,clientAuth' : usage === 'server' ? 'serverAuth' : 'clientAuth';
  const lines = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', `extendedKeyUsage=${eku}`];
  if (sans.length) lines.push(`subjectAltName=${sans.join(',')}`);
  await writeFile(ext, `${lines.join('\n')}\n`);
  await openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', subj, '-keyout', key, '-out', csr], dir);
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-set_serial',
      serial(),
      '-days',
      String(opts.days ?? 365),
      '-sha256',
      '-extfile',
      ext,
      '-out',
      cert,
    ],
    dir,
  );
  await Promise.all([rm(csr, { force: true }), rm(ext, { force: true })]);
  const [certPem, keyPem] = await Promise.all([readFile(cert, 'utf8'), readFile(key, 'utf8')]);
  return { cert, key, certPem, keyPem };
}

/** Creates an RSA key pair `<dir>/<name>.key` (PKCS#8 PEM) + `<name>.pub` (SPKI PEM), e.g. for service-account token signing. */
export async function createKeyPair(dir: string, name: string): Promise<{ key: string; pub: string }> {
  await mkdir(dir, { recursive: true });
  const key = join(dir, `${name}.key`);
  const pub = join(dir, `${name}.pub`);
  const { privateKey, publicKey } = await generateKeyPairP('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  await Promise.all([writeFile(key, privateKey, { mode: 0o600 }), writeFile(pub, publicKey)]);
  return { key, pub };
}
