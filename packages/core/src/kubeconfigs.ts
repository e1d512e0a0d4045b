import { InvalidError } from './errors.js';
import { DEFAULT_OUTBOUND_POLICY, type OutboundPolicy } from './platform/egress.js';
import { kubeRequest, versionOf } from './platform/kube.js';
import { parseKubeconfig, type KubeConnection, type ParsedKubeconfig } from './platform/kubeconfig.js';

/**
 * Kubeconfigs as callers hand them in: base64 of a kubeconfig file, parsed against an allowlist
 * (platform/kubeconfig.ts). Validation messages describe what is wrong without quoting the content
 * (it holds credentials).
 */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function decodeKubeconfig(b64: string, policy: OutboundPolicy = DEFAULT_OUTBOUND_POLICY, field = 'kubeconfig'): ParsedKubeconfig {
  const compact = b64.replace(/\s+/g, '');
  if (compact.length === 0) throw InvalidError.field(field, 'must not be empty');
  if (!BASE64.test(compact) || compact.length % 4 === 1)
    throw InvalidError.field(field, 'is not standard base64 (encode the file with `base64 -w0`)');
  const text = Buffer.from(compact, 'base64').toString('utf8');
  if (text.includes('\uFFFD') || text.includes('\u0000')) throw InvalidError.field(field, 'does not decode to a text file');
  return parseKubeconfig(text, { field, policy });
}

export interface ProbeResult {
  reachable: boolean;
  serverVersion: string | null;
  error: string | null;
}

/** Asks the API server for its version, within `timeoutMs`. Never throws; the error is a summary. */
export async function probeCluster(kc: KubeConnection, timeoutMs = 3000): Promise<ProbeResult> {
  try {
    const v = await kubeRequest<{ gitVersion?: unknown }>(kc, { method: 'GET', path: '/version', timeoutMs });
    return { reachable: true, serverVersion: versionOf(v), error: null };
  } catch (e) {
    return { reachable: false, serverVersion: null, error: e instanceof Error ? e.message.slice(0, 300) : 'unreachable' };
  }
}
