import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNamespace, testKubeConfig, uniqueNamespace, waitFor } from './index.js';
import { apiError, messageOf } from './test-helpers.js';

describe('TokenRequest + RBAC', () => {
  const admin = testKubeConfig();
  const core = admin.makeApiClient(k8s.CoreV1Api);
  const rbac = admin.makeApiClient(k8s.RbacAuthorizationV1Api);
  let a: Awaited<ReturnType<typeof createTestNamespace>>;
  let b: Awaited<ReturnType<typeof createTestNamespace>>;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestNamespace(admin, 'rbac-a'), createTestNamespace(admin, 'rbac-b')]);
  });
  afterAll(async () => Promise.all([a?.cleanup(), b?.cleanup()]));

  it('issues a ServiceAccount token that RBAC scopes to one namespace', async () => {
    await core.createNamespacedServiceAccount({ namespace: a.name, body: { metadata: { name: 'tenant-bot' } } });
    await rbac.createNamespacedRole({
      namespace: a.name,
      body: {
        metadata: { name: 'configmap-reader' },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'create'] }],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: a.name,
      body: {
        metadata: { name: 'tenant-bot-reads' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'configmap-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'tenant-bot', namespace: a.name }],
      },
    });

    const tr = await core.createNamespacedServiceAccountToken({
      name: 'tenant-bot',
      namespace: a.name,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const token = tr.status?.token ?? '';
    expect(token).toMatch(/^eyJ/);

    // the API server authenticates it as the ServiceAccount
    const review = await admin.makeApiClient(k8s.AuthenticationV1Api).createTokenReview({ body: { spec: { token } } });
    expect(review.status?.authenticated).toBe(true);
    expect(review.status?.user?.username).toBe(`system:serviceaccount:${a.name}:tenant-bot`);

    const cluster = admin.getCurrentCluster();
    if (!cluster) throw new Error('no current cluster');
    const bot = new k8s.KubeConfig();
    bot.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'tenant-bot', token }],
      contexts: [{ name: 'bot', cluster: cluster.name, user: 'tenant-bot' }],
      currentContext: 'bot',
    });
    const botCore = bot.makeApiClient(k8s.CoreV1Api);

    // allowed by the Role in namespace a
    await botCore.createNamespacedConfigMap({ namespace: a.name, body: { metadata: { name: 'ok' }, data: { k: 'v' } } });
    const list = await botCore.listNamespacedConfigMap({ namespace: a.name });
    expect(list.items.map((c) => c.metadata?.name)).toContain('ok');

    // not granted: other namespace, other resource, cluster scope
    expect((await apiError(botCore.listNamespacedConfigMap({ namespace: b.name }))).code).toBe(403);
    expect((await apiError(botCore.listNamespacedSecret({ namespace: a.name }))).code).toBe(403);
    expect((await apiError(botCore.listNamespace())).code).toBe(403);
    const denied = await apiError(botCore.createNamespacedConfigMap({ namespace: b.name, body: { metadata: { name: 'no' } } }));
    expect(denied.code).toBe(403);
    expect(messageOf(denied)).toContain(`system:serviceaccount:${a.name}:tenant-bot`);
  });

  it('signs an approved kube-apiserver-client CSR; the certificate authenticates as that user', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeop-csr-'));
    const user = uniqueNamespace('alice');
    const csrName = `${user}-csr`;
    const certs = admin.makeApiClient(k8s.CertificatesV1Api);
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-new',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-subj',
          `/O=kubeop:tenant-a/CN=${user}`,
          '-keyout',
          join(dir, 'u.key'),
          '-out',
          join(dir, 'u.csr'),
        ],
        { stdio: 'ignore' },
      );
      await certs.createCertificateSigningRequest({
        body: {
          metadata: { name: csrName },
          spec: {
            request: Buffer.from(readFileSync(join(dir, 'u.csr'))).toString('base64'),
            signerName: 'kubernetes.io/kube-apiserver-client',
            usages: ['client auth'],
            expirationSeconds: 3600,
          },
        },
      });
      const csr = await certs.readCertificateSigningRequest({ name: csrName });
      csr.status = { conditions: [{ type: 'Approved', status: 'True', reason: 'Test', message: 'approved by test' }] };
      await certs.replaceCertificateSigningRequestApproval({ name: csrName, body: csr });
      const certB64 = await waitFor(
        'certificate issued',
        async () => (await certs.readCertificateSigningRequest({ name: csrName })).status?.certificate,
      );

      const cluster = admin.getCurrentCluster();
      if (!cluster) throw new Error('no current cluster');
      const kc = new k8s.KubeConfig();
      kc.loadFromOptions({
        clusters: [cluster],
        users: [{ name: user, certData: certB64, keyData: readFileSync(join(dir, 'u.key')).toString('base64') }],
        contexts: [{ name: user, cluster: cluster.name, user }],
        currentContext: user,
      });
      const review = await kc.makeApiClient(k8s.AuthenticationV1Api).createSelfSubjectReview({ body: {} });
      expect(review.status?.userInfo?.username).toBe(user);
      expect(review.status?.userInfo?.groups).toContain('kubeop:tenant-a');
      // authenticated but not authorized for anything yet
      expect((await apiError(kc.makeApiClient(k8s.CoreV1Api).listNamespace())).code).toBe(403);
    } finally {
      await certs.deleteCertificateSigningRequest({ name: csrName }).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
