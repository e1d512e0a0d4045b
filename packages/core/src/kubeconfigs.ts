import type * as ClientNode from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { InvalidError } from './errors.js';
import { kubeRequest } from './platform/kube.js';

/**
 * Kubeconfigs as callers hand them in: base64 of a kubeconfig file. Validation messages describe
 * what is wrong without quoting the content (it holds credentials).
 */
export interface ParsedKubeconfig {
  kc: KubeConfig;
  /** The decoded file, to be sealed. Never log it. */
  text: string;
  server: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export async function decodeKubeconfig(b64: string, field = 'kubeconfig'): Promise<ParsedKubeconfig> {
  const compact = b64.replace(/\s+/g, '');
  if (compact.length === 0) throw InvalidError.field(field, 'must not be empty');
  if (!BASE64.test(compact) || compact.length % 4 === 1)
    throw InvalidError.field(field, 'is not standard base64 (encode the file with `base64 -w0`)');
  const text = Buffer.from(compact, 'base64').toString('utf8');
  if (text.includes('\uFFFD') || text.includes('\u0000')) throw InvalidError.field(field, 'does not decode to a text file');
  return parseKubeconfig(text, field);
}

/**
 * `@kubernetes/client-node` costs ~80 MB of resident memory, so it is loaded when the first
 * kubeconfig is parsed, not at start-up: a Manager that never touches a cluster stays small.
 */
let clientNode: Promise<typeof ClientNode> | undefined;
export const loadClientNode = (): Promise<typeof ClientNode> => (clientNode ??= import('@kubernetes/client-node'));

export async function parseKubeconfig(text: string, field = 'kubeconfig'): Promise<ParsedKubeconfig> {
  const { KubeConfig } = await loadClientNode();
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch {
    throw InvalidError.field(field, 'is not a kubeconfig (YAML or JSON with clusters, users and contexts)');
  }
  const current = kc.getCurrentContext();
  if (!current) throw InvalidError.field(field, 'has no current-context');
  const context = kc.getContextObject(current);
  if (!context) throw InvalidError.field(field, `current-context ${JSON.stringify(current)} is not among its contexts`);
  const cluster = kc.getCluster(context.cluster);
  if (!cluster) throw InvalidError.field(field, `context ${JSON.stringify(current)} names a cluster that is not in the file`);
  if (!kc.getUser(context.user)) throw InvalidError.field(field, `context ${JSON.stringify(current)} names a user that is not in the file`);
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch {
    throw InvalidError.field(field, 'the current cluster has no valid server URL');
  }
  if (server.protocol !== 'https:' && server.protocol !== 'http:')
    throw InvalidError.field(field, 'the cluster server must be an https:// URL');
  return { kc, text, server: `${server.protocol}//${server.host}${server.pathname.replace(/\/$/, '')}` };
}

export interface ProbeResult {
  reachable: boolean;
  serverVersion: string | null;
  error: string | null;
}

/** Asks the API server for its version, within `timeoutMs`. Never throws. */
export async function probeCluster(kc: KubeConfig, timeoutMs = 3000): Promise<ProbeResult> {
  try {
    const v = await kubeRequest<{ gitVersion?: string }>(kc, { method: 'GET', path: '/version', timeoutMs });
    return { reachable: true, serverVersion: v?.gitVersion ?? null, error: null };
  } catch (e) {
    return { reachable: false, serverVersion: null, error: e instanceof Error ? e.message.slice(0, 500) : 'unreachable' };
  }
}
