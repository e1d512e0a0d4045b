/**
 * The operator's configuration, from `KUBEOP_*` variables only (what the bootstrap's Deployment sets:
 * see buildOperatorDeployment in @kubeop/kube). A bad value stops the start naming the variable.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_POLICY_NAME, OPERATOR_HEALTH_PORT, OPERATOR_METRICS_PORT, platformNames } from '@kubeop/kube';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const addr = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]*):\d{1,5}$/, 'must be host:port');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const ENV = z.object({
  KUBEOP_KUBECONFIG: z.string().min(1).optional(),
  KUBEOP_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
    .max(63)
    .optional(),
  KUBEOP_POD_NAME: z.string().min(1).max(253).optional(),
  KUBEOP_METRICS_ADDR: addr.default(`127.0.0.1:${OPERATOR_METRICS_PORT}`),
  KUBEOP_HEALTH_ADDR: addr.default(`127.0.0.1:${OPERATOR_HEALTH_PORT}`),
  KUBEOP_LEADER_ELECT: bool.default(true),
  KUBEOP_LEADER_ELECTION_LEASE: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/)
    .max(253)
    .default(platformNames().leaderElectionLease),
  KUBEOP_POLICY_NAME: z.string().min(1).max(253).default(DEFAULT_POLICY_NAME),
  KUBEOP_WATCH_SELECTOR: z.string().max(1024).optional(),
  KUBEOP_RESYNC_SECONDS: int(0, 86_400).default(600),
  KUBEOP_WORKERS: int(1, 64).default(2),
});

export interface OperatorConfig {
  kubeconfig: string | undefined;
  namespace: string | undefined;
  identity: string;
  metricsAddr: { host: string; port: number };
  healthAddr: { host: string; port: number };
  leaderElect: boolean;
  leaseName: string;
  policyName: string;
  selector: string | undefined;
  resyncMs: number;
  workers: number;
}

export class ConfigError extends Error {}

function splitAddr(a: string): { host: string; port: number } {
  const i = a.lastIndexOf(':');
  const host = a.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  return { host: host === '' ? '0.0.0.0' : host, port: Number(a.slice(i + 1)) };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): OperatorConfig {
  const clean = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('KUBEOP_') && v !== undefined && v.trim() !== ''));
  const r = ENV.safeParse(clean);
  if (!r.success) {
    throw new ConfigError(r.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; '));
  }
  const e = r.data;
  return {
    kubeconfig: e.KUBEOP_KUBECONFIG,
    namespace: e.KUBEOP_NAMESPACE,
    identity: e.KUBEOP_POD_NAME ?? `${hostname()}-${randomBytes(4).toString('hex')}`,
    metricsAddr: splitAddr(e.KUBEOP_METRICS_ADDR),
    healthAddr: splitAddr(e.KUBEOP_HEALTH_ADDR),
    leaderElect: e.KUBEOP_LEADER_ELECT,
    leaseName: e.KUBEOP_LEADER_ELECTION_LEASE,
    policyName: e.KUBEOP_POLICY_NAME,
    selector: e.KUBEOP_WATCH_SELECTOR,
    resyncMs: e.KUBEOP_RESYNC_SECONDS * 1000,
    workers: e.KUBEOP_WORKERS,
  };
}
