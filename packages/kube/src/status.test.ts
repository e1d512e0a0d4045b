import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { uniqueNamespace } from '@kubeop/test-cluster';
import { afterAll, describe, expect, it } from 'vitest';
import { UnavailableError } from './errors.js';
import { bootstrapPlatform } from './bootstrap.js';
import { platformStatus } from './status.js';
import { connectionTo, removeInstallation, testConnection } from './test-helpers.js';

const kc = testConnection();

async function freePort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('platformStatus / readiness', () => {
  const namespaces: string[] = [];
  afterAll(async () => {
    for (const ns of namespaces) await removeInstallation(kc, ns);
  });

  it('goes from not ready to ready once the Deployments are Available and the CA bundle is set', async () => {
    const namespace = uniqueNamespace('kubeop-st');
    namespaces.push(namespace);
    const before = await platformStatus(kc, { namespace });
    expect(before).toMatchObject({
      ready: false,
      apiReachable: true,
      operator: false,
      admission: false,
      webhookCABundle: false,
      admissionRequired: true,
    });
    expect(before.serverVersion).toMatch(/^v1\.\d+/);
    expect(before.details.platform).toBeNull();
    expect(before.details.errors).toEqual([]);

    const t0 = Date.now();
    // in-cluster Service registration; nothing serves it here, so the webhooks must not block other tests
    await bootstrapPlatform(kc, { namespace, admissionFailurePolicy: 'Ignore' });
    const bootstrapped = Date.now() - t0;
    const seen: boolean[] = [];
    let status = await platformStatus(kc, { namespace });
    while (!status.ready && Date.now() - t0 < 60_000) {
      seen.push(status.ready);
      await new Promise((r) => setTimeout(r, 100));
      status = await platformStatus(kc, { namespace });
    }
    console.log(`[platform] bootstrap ${bootstrapped} ms; bootstrap → ready ${Date.now() - t0} ms (${seen.length} not-ready polls)`);
    expect(status).toMatchObject({
      ready: true,
      operator: true,
      admission: true,
      webhookCABundle: true,
      crdsEstablished: true,
      apiReachable: true,
    });
    expect(status.details.admission.readyReplicas).toBe(2);
    expect(status.details.validatingWebhook).toEqual({ exists: true, webhooks: 3, missingCABundle: [] });
    expect(status.details.mutatingWebhook).toEqual({ exists: true, webhooks: 1, missingCABundle: [] });
    expect(status.details.platform).toMatchObject({ installAdmission: true, admissionWebhookMode: 'service' });
  });

  it('is not ready when a webhook lost its CA bundle', async () => {
    const namespace = namespaces[0]!;
    const { kubeRequest } = await import('./kube.js');
    const { platformNames } = await import('./options.js');
    await kubeRequest(kc, {
      method: 'PATCH',
      path: `/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/${platformNames(namespace).webhookConfiguration}`,
      contentType: 'application/json-patch+json',
      body: [{ op: 'remove', path: '/webhooks/0/clientConfig/caBundle' }],
    });
    const s = await platformStatus(kc, { namespace });
    expect(s).toMatchObject({ ready: false, webhookCABundle: false, operator: true, admission: true });
    expect(s.details.mutatingWebhook.missingCABundle).toEqual(['mapps.paas.kubeop.io']);
    // the next bootstrap puts it back (same CA)
    const r = await bootstrapPlatform(kc, { namespace, admissionFailurePolicy: 'Ignore' });
    expect(r.tls?.source).toBe('reused');
    expect((await platformStatus(kc, { namespace })).ready).toBe(true);
  });

  it('does not require admission when the bootstrap did not install it', async () => {
    const namespace = uniqueNamespace('kubeop-st');
    namespaces.push(namespace);
    await bootstrapPlatform(kc, { namespace, installAdmission: false });
    let s = await platformStatus(kc, { namespace });
    for (let i = 0; !s.ready && i < 300; i++) {
      await new Promise((r) => setTimeout(r, 100));
      s = await platformStatus(kc, { namespace });
    }
    expect(s).toMatchObject({ ready: true, admissionRequired: false, operator: true, admission: false, webhookCABundle: false });
  });

  it('answers within a few seconds when the API server port is closed', async () => {
    const dead = connectionTo(`https://127.0.0.1:${await freePort()}`);
    const t0 = Date.now();
    const s = await platformStatus(dead, { timeoutMs: 2000 });
    const elapsed = Date.now() - t0;
    console.log(`[platform] status against a closed port: ${elapsed} ms`);
    expect(elapsed).toBeLessThan(3000);
    expect(s).toMatchObject({
      ready: false,
      apiReachable: false,
      serverVersion: null,
      operator: false,
      admission: false,
      webhookCABundle: false,
    });
    expect(s.details.errors).toHaveLength(1);
    expect(s.details.errors[0]).toContain('ECONNREFUSED');
  });

  it('answers within its deadline when the API server accepts connections but never responds', async () => {
    const sockets: Socket[] = [];
    const blackHole: Server = createTcpServer((sock) => sockets.push(sock));
    await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', () => r()));
    try {
      const hung = connectionTo(`https://127.0.0.1:${(blackHole.address() as { port: number }).port}`);
      const t0 = Date.now();
      const s = await platformStatus(hung, { timeoutMs: 1000 });
      const elapsed = Date.now() - t0;
      console.log(`[platform] status against a silent server: ${elapsed} ms`);
      expect(elapsed).toBeLessThan(2500);
      expect(s.apiReachable).toBe(false);
      expect(s.details.errors[0]).toContain('did not answer');

      const b0 = Date.now();
      const err = await bootstrapPlatform(hung, {}, undefined, { timeoutMs: 1000 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UnavailableError);
      expect(Date.now() - b0).toBeLessThan(2500);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => blackHole.close(() => r()));
    }
  });
});
