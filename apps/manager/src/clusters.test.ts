import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { platform } from '@kubeop/core';
import { testKubeconfigPath, waitFor } from '@kubeop/test-cluster';
import { testConnection } from '@kubeop/core/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestManager, type TestManager } from './test-manager.js';

// Each test Manager installs the platform into its own system namespace, so the runs on both
// databases can share one control plane.
const namespace = `kubeop-t-${randomBytes(3).toString('hex')}`;
let m: TestManager;
let kubeconfigB64: string;
const seen: string[] = [];

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${m.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  seen.push(text);
  return { status: res.status, body: text ? JSON.parse(text) : undefined, ms: Date.now() - started };
}

beforeAll(async () => {
  m = await startTestManager({ KUBEOP_SYSTEM_NAMESPACE: namespace, KUBEOP_BOOTSTRAP_TIMEOUT_SECONDS: '60' });
  kubeconfigB64 = Buffer.from(readFileSync(testKubeconfigPath(), 'utf8')).toString('base64');
});
afterAll(async () => {
  await m?.stop();
  // Remove what the bootstrap installed (namespaced objects go with the namespace).
  const kc = testConnection();
  await platform.deleteObject(kc, { apiVersion: 'v1', kind: 'Namespace', name: namespace }).catch(() => undefined);
  // the guardrail policies are cluster-scoped: they would stay behind
  for (const rule of platform.GUARDRAIL_RULES) {
    for (const kind of ['ValidatingAdmissionPolicyBinding', 'ValidatingAdmissionPolicy'] as const) {
      const name = platform.guardrailPolicyName(namespace, rule);
      await platform.deleteObject(kc, { apiVersion: 'admissionregistration.k8s.io/v1', kind, name }).catch(() => undefined);
    }
  }
  for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'] as const) {
    await platform
      .deleteObject(kc, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind,
        name: platform.platformNames(namespace).webhookConfiguration,
      })
      .catch(() => undefined);
  }
});

describe(`clusters through the Manager (${inject('databaseKind')} PostgreSQL, real control plane)`, () => {
  let clusterId: string;

  it('registers the cluster as the walkthrough does, bootstraps it and becomes ready', async () => {
    const reg = await call('POST', '/v1/clusters', {
      name: 'kind-kubeop',
      kubeconfig: kubeconfigB64,
      autoBootstrap: true,
      installAdmission: true,
      withMocks: true,
    });
    expect(reg.status).toBe(200);
    expect(reg.body).toMatchObject({
      id: expect.any(String),
      name: 'kind-kubeop',
      status: { reachable: true },
      bootstrap: { state: expect.stringMatching(/pending|running|succeeded/) },
    });
    clusterId = reg.body.id;

    const bootstrapped = await waitFor('bootstrap to succeed', async () => {
      const c = await call('GET', `/v1/clusters/${clusterId}`);
      if (c.body.bootstrap.state === 'failed') throw new Error(`bootstrap failed: ${c.body.bootstrap.error}`);
      return c.body.bootstrap.state === 'succeeded' ? c.body : null;
    });
    expect(bootstrapped.bootstrap).toMatchObject({ startedAt: expect.any(String), finishedAt: expect.any(String), error: null });

    const ready = await waitFor('GET /ready to answer 200', async () => {
      const r = await call('GET', `/v1/clusters/${clusterId}/ready`);
      if (r.status === 503) expect(r.body).toMatchObject({ ready: false, details: expect.any(Object) });
      return r.status === 200 ? r : null;
    });
    expect(ready.body).toEqual({ ready: true });

    const status = await call('GET', `/v1/clusters/${clusterId}/status`);
    expect(status.body).toMatchObject({
      operator: true,
      admission: true,
      webhookCABundle: true,
      apiReachable: true,
      crdsEstablished: true,
    });
    expect((await call('GET', `/v1/platform/status?clusterID=${clusterId}`)).body).toMatchObject({ ready: true });
    expect((await call('GET', '/v1/clusters')).body.map((c: { id: string }) => c.id)).toContain(clusterId);
  });

  it('bootstraps again on request, with the walkthrough body, and stays ready', async () => {
    const again = await call('POST', `/v1/platform/bootstrap?clusterID=${clusterId}`, { InstallMetricsServer: false, Mocks: false });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('ok');
    await waitFor(
      'the second bootstrap to succeed',
      async () => (await call('GET', `/v1/clusters/${clusterId}`)).body.bootstrap.state === 'succeeded',
    );
    expect((await call('GET', `/v1/clusters/${clusterId}/ready`)).status).toBe(200);
  });

  it('scales the operator with an HPA, validating the bounds', async () => {
    const bad = await call('POST', `/v1/platform/autoscale?clusterID=${clusterId}`, { Enabled: true, Min: 3, Max: 1, TargetCPU: 70 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.issues)).toMatch(/Min|Max/i);
    expect(
      (await call('POST', `/v1/platform/autoscale?clusterID=${clusterId}`, { Enabled: true, Min: 1, Max: 3, TargetCPU: 101 })).status,
    ).toBe(400);

    expect(
      (await call('POST', `/v1/platform/autoscale?clusterID=${clusterId}`, { Enabled: true, Min: 1, Max: 3, TargetCPU: 70 })).status,
    ).toBe(204);
    const hpaRef = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      namespace,
      name: platform.platformNames(namespace).hpa,
    };
    const hpa = await platform.getObject<{ spec: { minReplicas: number; maxReplicas: number } }>(testConnection(), hpaRef);
    expect(hpa?.spec).toMatchObject({ minReplicas: 1, maxReplicas: 3 });
    expect((await call('POST', `/v1/platform/autoscale?clusterID=${clusterId}`, { Enabled: false })).status).toBe(204);
    expect(await platform.getObject(testConnection(), hpaRef)).toBeNull();
  });

  it('binds tenants to registered clusters only, and keeps a used cluster from being deleted', async () => {
    const tenant = await call('POST', '/v1/tenants', { name: `acme-${randomBytes(2).toString('hex')}`, clusterID: clusterId });
    expect(tenant.status).toBe(200);
    expect(tenant.body.cluster_id).toBe(clusterId);
    expect((await call('POST', '/v1/tenants', { name: 'nowhere', clusterID: '01a21912-19a6-756d-9b87-43d895f38cc4' })).status).toBe(404);
    const del = await call('DELETE', `/v1/clusters/${clusterId}`);
    expect(del.status).toBe(409);
    expect(del.body.message).toMatch(/tenant/);
    expect((await call('DELETE', `/v1/tenants/${tenant.body.id}`)).status).toBe(204);
  });

  it('gives clear 4xx errors for bad input and stores nothing half-way', async () => {
    const cases: [unknown, number, string][] = [
      [{ name: 'bad', kubeconfig: 'not base64!' }, 400, 'kubeconfig'],
      [{ name: 'bad', kubeconfig: Buffer.from('garbage: [').toString('base64') }, 400, 'kubeconfig'],
      [{ name: 'bad' }, 400, 'kubeconfig'],
      [{ name: 'Bad Name', kubeconfig: kubeconfigB64 }, 400, 'name'],
      [{ name: 'kind-kubeop', kubeconfig: kubeconfigB64 }, 409, 'name'],
    ];
    for (const [body, status, field] of cases) {
      const r = await call('POST', '/v1/clusters', body);
      expect(r.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect(r.body.issues?.[0]?.path ?? '').toBe(field);
    }
    expect((await call('GET', '/v1/clusters')).body.filter((c: { name: string }) => c.name === 'bad')).toEqual([]);
    for (const path of [
      '/v1/platform/status?clusterID=01a21912-19a6-756d-9b87-43d895f38cc4',
      '/v1/clusters/01a21912-19a6-756d-9b87-43d895f38cc4/ready',
    ]) {
      expect((await call('GET', path)).status).toBe(404);
    }
    expect((await call('GET', '/v1/platform/status?clusterID=nope')).status).toBe(400);
    expect((await call('POST', '/v1/platform/bootstrap', {})).status).toBe(400);
  });

  it('answers quickly for an unreachable cluster: stored with its status, ready is 503', async () => {
    const closed = Buffer.from(
      readFileSync(testKubeconfigPath(), 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1'),
    ).toString('base64');
    const reg = await call('POST', '/v1/clusters', { name: 'unreachable', kubeconfig: closed });
    expect(reg.status).toBe(200);
    expect(reg.body.status).toMatchObject({ reachable: false, error: expect.any(String) });
    const ready = await call('GET', `/v1/clusters/${reg.body.id}/ready`);
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(10_000);
    expect((await call('DELETE', `/v1/clusters/${reg.body.id}`)).status).toBe(204);
  });

  it('never returns the kubeconfig', () => {
    const keyData = /client-key-data: (\S+)/.exec(Buffer.from(kubeconfigB64, 'base64').toString('utf8'))![1]!;
    for (const body of seen) {
      expect(body).not.toContain(keyData.slice(0, 32));
      expect(body).not.toContain(kubeconfigB64.slice(0, 64));
    }
  });
});
