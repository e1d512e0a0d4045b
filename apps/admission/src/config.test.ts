import { readFileSync } from 'node:fs';
import { ADMISSION_PORT, ADMISSION_TLS_MOUNT, buildAdmissionDeployment, generateAdmissionTls, resolvePlatformOptions } from '@kubeop/kube';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('understands exactly what the bootstrap Deployment passes', async () => {
    const tls = await generateAdmissionTls({ dnsNames: ['kubeop-admission.kubeop-system.svc'], ipAddresses: [] });
    const dep = buildAdmissionDeployment(resolvePlatformOptions(), tls);
    const c = dep.spec!.template.spec!.containers[0]!;
    // the pod's environment: literal values and the downward API's namespace
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? 'kubeop-system']));
    const cfg = loadConfig(c.args ?? [], env);
    expect(cfg.port).toBe(c.ports![0]!.containerPort);
    expect(cfg.port).toBe(ADMISSION_PORT);
    expect(cfg.host).toBe('0.0.0.0'); // probes and the Service reach the pod IP
    expect(cfg.certFile).toBe(`${ADMISSION_TLS_MOUNT}/tls.crt`);
    expect(cfg.keyFile).toBe(`${ADMISSION_TLS_MOUNT}/tls.key`);
    expect(c.volumeMounts).toContainEqual({ name: 'tls', mountPath: ADMISSION_TLS_MOUNT, readOnly: true });
    expect(cfg.namespace).toBe('kubeop-system');
    expect(cfg.kubeconfig).toBeUndefined(); // in the cluster: its ServiceAccount
    expect(c.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'https', scheme: 'HTTPS' });
  });

  it('has an image that runs as the Deployment expects (uid/gid 65532, port, the bundle)', async () => {
    const tls = await generateAdmissionTls({ dnsNames: ['kubeop-admission.kubeop-system.svc'], ipAddresses: [] });
    const pod = buildAdmissionDeployment(resolvePlatformOptions(), tls).spec!.template.spec!;
    const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^FROM node:\$\{NODE_VERSION\}/m);
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=24\./m);
    expect(runtime).toContain(`USER ${pod.securityContext!.runAsUser}:${pod.securityContext!.runAsGroup}`);
    expect(runtime).toContain(`EXPOSE ${ADMISSION_PORT}`);
    expect(runtime).toContain('ENTRYPOINT ["node", "/app/dist/main.js"]');
    // the Deployment passes arguments only, so the image's entrypoint runs
    expect(pod.containers[0]!.command).toBeUndefined();
  });

  it('takes variables, lets flags win, and defaults to loopback outside the cluster', () => {
    const cfg = loadConfig(['--port=9443'], {
      KUBEOP_ADMISSION_PORT: '1',
      KUBEOP_TLS_CERT_FILE: '/c',
      KUBEOP_TLS_KEY_FILE: '/k',
      KUBEOP_KUBECONFIG: '/kc',
      KUBEOP_NAMESPACE: 'kubeop-x',
    });
    expect(cfg).toMatchObject({ port: 9443, host: '127.0.0.1', certFile: '/c', keyFile: '/k', kubeconfig: '/kc', policyName: 'default' });
  });

  it.each([
    [['--port=http', '--tls-cert-file=/c', '--tls-key-file=/k'], {}, /--port/],
    [['--port=70000', '--tls-cert-file=/c', '--tls-key-file=/k'], {}, /--port/],
    [['--verbose'], {}, /verbose/],
    [[], {}, /--tls-cert-file/],
    [['--tls-cert-file=/c', '--tls-key-file=/k'], { KUBEOP_NAMESPACE: 'Not_A_Name' }, /KUBEOP_NAMESPACE/],
    [['--tls-cert-file=/c', '--tls-key-file=/k'], { KUBEOP_LOG_LEVEL: 'loud' }, /KUBEOP_LOG_LEVEL/],
  ])('%j %j is refused naming it', (argv, env, message) => {
    expect(() => loadConfig(argv, env)).toThrow(ConfigError);
    expect(() => loadConfig(argv, env)).toThrow(message);
  });
});
