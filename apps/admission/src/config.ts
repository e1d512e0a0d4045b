/**
 * The admission server's configuration: the flags the bootstrap's Deployment passes (`--port`,
 * `--tls-cert-file`, `--tls-key-file`, `--bind-address`; see buildAdmissionDeployment in
 * @kubeop/kube) and `KUBEOP_*` variables. A flag wins over its variable. A bad value stops the start
 * naming the flag or variable (exit 2).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ADMISSION_PORT, DEFAULT_POLICY_NAME } from '@kubeop/kube';

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const ENV = z.object({
  KUBEOP_KUBECONFIG: z.string().min(1).optional(),
  KUBEOP_NAMESPACE: z.string().regex(DNS1123).max(63).optional(),
  KUBEOP_POLICY_NAME: z.string().min(1).max(253).default(DEFAULT_POLICY_NAME),
  KUBEOP_ADMISSION_PORT: int(0, 65535).optional(),
  KUBEOP_ADMISSION_BIND_ADDRESS: z.string().min(1).optional(),
  KUBEOP_TLS_CERT_FILE: z.string().min(1).optional(),
  KUBEOP_TLS_KEY_FILE: z.string().min(1).optional(),
  KUBEOP_TLS_RELOAD_SECONDS: int(1, 3600).default(10),
  KUBEOP_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

const FLAGS = z.object({
  port: int(0, 65535).optional(),
  'bind-address': z.string().min(1).optional(),
  'tls-cert-file': z.string().min(1).optional(),
  'tls-key-file': z.string().min(1).optional(),
});

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface AdmissionConfig {
  kubeconfig: string | undefined;
  /** The platform's namespace (names the operator's ServiceAccount); default: the pod's own. */
  namespace: string | undefined;
  policyName: string;
  host: string;
  port: number;
  certFile: string;
  keyFile: string;
  tlsReloadMs: number;
  logLevel: LogLevel;
}

export class ConfigError extends Error {}

function issues(prefix: string, e: z.ZodError): string {
  return e.issues.map((i) => `${prefix}${String(i.path[0])}: ${i.message}`).join('; ');
}

export function loadConfig(
  argv: readonly string[] = process.argv.slice(2),
  env: Record<string, string | undefined> = process.env,
): AdmissionConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        'bind-address': { type: 'string' },
        'tls-cert-file': { type: 'string' },
        'tls-key-file': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const flags = FLAGS.safeParse(values);
  if (!flags.success) throw new ConfigError(issues('--', flags.error));
  const clean = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('KUBEOP_') && v !== undefined && v.trim() !== ''));
  const r = ENV.safeParse(clean);
  if (!r.success) throw new ConfigError(issues('', r.error));
  const e = r.data;
  const f = flags.data;
  const certFile = f['tls-cert-file'] ?? e.KUBEOP_TLS_CERT_FILE;
  const keyFile = f['tls-key-file'] ?? e.KUBEOP_TLS_KEY_FILE;
  if (!certFile || !keyFile)
    throw new ConfigError('--tls-cert-file and --tls-key-file (or KUBEOP_TLS_CERT_FILE, KUBEOP_TLS_KEY_FILE) are required');
  return {
    kubeconfig: e.KUBEOP_KUBECONFIG,
    namespace: e.KUBEOP_NAMESPACE,
    policyName: e.KUBEOP_POLICY_NAME,
    host: f['bind-address'] ?? e.KUBEOP_ADMISSION_BIND_ADDRESS ?? '127.0.0.1',
    port: f.port ?? e.KUBEOP_ADMISSION_PORT ?? ADMISSION_PORT,
    certFile,
    keyFile,
    tlsReloadMs: e.KUBEOP_TLS_RELOAD_SECONDS * 1000,
    logLevel: e.KUBEOP_LOG_LEVEL,
  };
}
