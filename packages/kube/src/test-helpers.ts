/** Helpers for the platform tests (not exported from the package). */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { testKubeconfigPath } from '@kubeop/test-cluster';
import { deleteObject } from './kube.js';
import { parseKubeconfig, type KubeConnection } from './kubeconfig.js';
import type { AdmissionTlsMaterial } from './manifests/admission.js';
import { GUARDRAIL_RULES, guardrailPolicyName } from './manifests/guardrail-policies.js';
import { platformNames } from './options.js';

/** Paths where `live` differs from `intent` (every field of the intent must be present and equal). */
export function subsetMismatches(live: unknown, intent: unknown, path = ''): string[] {
  if (intent === null || typeof intent !== 'object') {
    return live === intent ? [] : [`${path || '.'}: want ${JSON.stringify(intent)}, got ${JSON.stringify(live)}`];
  }
  if (Array.isArray(intent)) {
    if (!Array.isArray(live)) return [`${path}: want an array, got ${JSON.stringify(live)}`];
    if (live.length !== intent.length) return [`${path}: want ${intent.length} items, got ${live.length}`];
    return intent.flatMap((v, i) => subsetMismatches(live[i], v, `${path}[${i}]`));
  }
  if (live === null || typeof live !== 'object') return [`${path}: want an object, got ${JSON.stringify(live)}`];
  return Object.entries(intent).flatMap(([k, v]) => subsetMismatches((live as Record<string, unknown>)[k], v, `${path}.${k}`));
}

/** The test cluster's admin connection, parsed from its kubeconfig the way the Manager parses one. */
export function testConnection(): KubeConnection {
  return parseKubeconfig(readFileSync(testKubeconfigPath(), 'utf8')).connection;
}

/** A connection to `server` with a dummy token (for unreachable/black-hole servers). */
export function connectionTo(server: string): KubeConnection {
  return { server, token: 'dummy', insecureSkipTlsVerify: true, policy: { denyCidrs: [], allowInsecureTls: true } };
}

export interface AdmissionStub {
  port: number;
  baseUrl: string;
  /** `<path> <operation> <kind> <name>` of every review received. */
  calls: string[];
  setTls(tls: AdmissionTlsMaterial): void;
  close(): Promise<void>;
}

/**
 * An allow-all admission webhook on 127.0.0.1 (the local control plane's pods never run, so the
 * API server calls this instead, in `url` mode). Serves no TLS until setTls() is called.
 */
export async function startAdmissionStub(): Promise<AdmissionStub> {
  const calls: string[] = [];
  const server: Server = createServer({}, (req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const review = JSON.parse(raw) as {
        apiVersion: string;
        kind: string;
        request: { uid: string; operation: string; kind?: { kind?: string }; name?: string };
      };
      calls.push(
        `${(req.url ?? '').split('?')[0]} ${review.request.operation} ${review.request.kind?.kind ?? ''} ${review.request.name ?? ''}`,
      );
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ apiVersion: review.apiVersion, kind: 'AdmissionReview', response: { uid: review.request.uid, allowed: true } }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    baseUrl: `https://127.0.0.1:${port}`,
    calls,
    setTls: (tls) => server.setSecureContext({ key: tls.key, cert: tls.cert }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Deletes an installation's namespace and its cluster-scoped objects (the shared CRDs stay). */
export async function removeInstallation(kc: KubeConnection, namespace: string): Promise<void> {
  const n = platformNames(namespace);
  const refs = [
    { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name: n.webhookConfiguration },
    { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name: n.webhookConfiguration },
    { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', name: n.operatorScopePolicy },
    { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', name: n.operatorScopePolicy },
    ...GUARDRAIL_RULES.flatMap((rule) =>
      (['ValidatingAdmissionPolicyBinding', 'ValidatingAdmissionPolicy'] as const).map((kind) => ({
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind,
        name: guardrailPolicyName(namespace, rule),
      })),
    ),
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: n.operatorClusterRole },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: n.operatorClusterRole },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: n.admissionClusterRole },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: n.admissionClusterRole },
    { apiVersion: 'v1', kind: 'Namespace', name: namespace },
  ];
  for (const ref of refs) await deleteObject(kc, ref).catch(() => false);
}
