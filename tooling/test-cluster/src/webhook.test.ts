import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCA, createTestNamespace, issueCertificate, testClusterCa, testKubeConfig, uniqueNamespace, waitFor } from './index.js';
import { apiError, messageOf } from './test-helpers.js';

interface AdmissionReview {
  apiVersion: string;
  kind: string;
  request: { uid: string; namespace?: string; operation: string; object?: { metadata?: { name?: string }; data?: Record<string, string> } };
}

describe('validating admission webhook served by the test process', () => {
  const kc = testKubeConfig();
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const admission = kc.makeApiClient(k8s.AdmissionregistrationV1Api);
  const webhookName = `${uniqueNamespace('deny')}.kubeop.test`;
  const calls: string[] = [];
  let ns: Awaited<ReturnType<typeof createTestNamespace>>;
  let server: Server;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubeop-webhook-'));
    // sign the serving cert with the local cluster's CA when we have it, else with our own CA
    const ca = testClusterCa() ?? (await createCA(dir, 'webhook-ca'));
    const caPem = (await import('node:fs')).readFileSync(ca.cert, 'utf8');
    const serving = await issueCertificate(ca, dir, 'webhook', {
      commonName: '127.0.0.1',
      ipAddresses: ['127.0.0.1'],
      dnsNames: ['localhost'],
    });

    server = createServer({ key: serving.keyPem, cert: serving.certPem }, (req, res) => {
      let raw = '';
      req.on('data', (d: Buffer) => (raw += d.toString()));
      req.on('end', () => {
        const review = JSON.parse(raw) as AdmissionReview;
        const name = review.request.object?.metadata?.name ?? '';
        // the API server appends ?timeout=<timeoutSeconds>s to the URL
        calls.push(`${new URL(req.url ?? '/', 'https://x').pathname} ${review.request.operation} ${name}`);
        const deny = review.request.object?.data?.forbidden !== undefined;
        const response = {
          apiVersion: 'admission.k8s.io/v1',
          kind: 'AdmissionReview',
          response: deny
            ? {
                uid: review.request.uid,
                allowed: false,
                status: { code: 403, message: `kubeOP policy: key "forbidden" is not allowed in ${name}` },
              }
            : { uid: review.request.uid, allowed: true },
        };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(response));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;

    ns = await createTestNamespace(kc, 'webhook', { 'kubeop.io/webhook-test': webhookName });
    await admission.createValidatingWebhookConfiguration({
      body: {
        metadata: { name: webhookName },
        webhooks: [
          {
            name: webhookName,
            clientConfig: { url: `https://127.0.0.1:${port}/validate-configmaps`, caBundle: Buffer.from(caPem).toString('base64') },
            rules: [
              { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'], scope: 'Namespaced' },
            ],
            // only this test's namespace: a dead webhook must never block other tests
            namespaceSelector: { matchLabels: { 'kubeop.io/webhook-test': webhookName } },
            failurePolicy: 'Fail',
            sideEffects: 'None',
            admissionReviewVersions: ['v1'],
            timeoutSeconds: 5,
          },
        ],
      },
    });
  });

  afterAll(async () => {
    await admission.deleteValidatingWebhookConfiguration({ name: webhookName }).catch(() => {});
    await ns?.cleanup();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the API server calls the webhook and the denial message reaches the client', async () => {
    // webhook configurations are picked up asynchronously: probe until it denies
    let n = 0;
    const denial = await waitFor('webhook active', async () => {
      try {
        await core.createNamespacedConfigMap({
          namespace: ns.name,
          body: { metadata: { name: `probe-${n++}` }, data: { forbidden: 'x' } },
        });
        return undefined; // not active yet (created without a call)
      } catch (e) {
        if (e instanceof k8s.ApiException && e.code === 403) return e;
        throw e;
      }
    });
    expect(messageOf(denial)).toBe(
      `admission webhook "${webhookName}" denied the request: kubeOP policy: key "forbidden" is not allowed in probe-${n - 1}`,
    );
    expect(calls.some((c) => c.startsWith('/validate-configmaps CREATE probe-'))).toBe(true);

    // allowed objects pass through the webhook
    const before = calls.length;
    await core.createNamespacedConfigMap({ namespace: ns.name, body: { metadata: { name: 'fine' }, data: { a: 'b' } } });
    expect(calls.length).toBe(before + 1);

    // updates are checked too
    const err = await apiError(
      core.replaceNamespacedConfigMap({ name: 'fine', namespace: ns.name, body: { metadata: { name: 'fine' }, data: { forbidden: '1' } } }),
    );
    expect(err.code).toBe(403);
  });

  it('is scoped by namespaceSelector: other namespaces are not affected', async () => {
    const other = await createTestNamespace(kc, 'no-webhook');
    try {
      const before = calls.length;
      await core.createNamespacedConfigMap({ namespace: other.name, body: { metadata: { name: 'x' }, data: { forbidden: 'x' } } });
      expect(calls.length).toBe(before);
    } finally {
      await other.cleanup();
    }
  });
});
