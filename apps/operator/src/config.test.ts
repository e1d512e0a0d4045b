import { buildOperatorDeployment, resolvePlatformOptions } from '@kubeop/kube';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('accepts exactly what the bootstrap Deployment sets', () => {
    const dep = buildOperatorDeployment(resolvePlatformOptions({ namespace: 'kubeop-system' }));
    const c = dep.spec!.template.spec!.containers[0]!;
    expect(c.args).toBeUndefined();
    const env: Record<string, string> = { KUBEOP_NAMESPACE: 'kubeop-system', KUBEOP_POD_NAME: 'kubeop-operator-abc' };
    for (const e of c.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
    const cfg = loadConfig(env);
    expect(cfg).toMatchObject({
      namespace: 'kubeop-system',
      identity: 'kubeop-operator-abc',
      metricsAddr: { host: '0.0.0.0', port: 8081 },
      healthAddr: { host: '0.0.0.0', port: 8082 },
      leaderElect: true,
      leaseName: 'kubeop-operator-leader',
      policyName: 'default',
    });
    // the ports and probe paths the manifest names are the ones served
    expect(c.ports?.map((p) => p.containerPort)).toEqual([cfg.metricsAddr.port, cfg.healthAddr.port]);
    expect(c.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(c.readinessProbe?.httpGet?.path).toBe('/readyz');
    // every KUBEOP_* variable the manifest sets is one loadConfig knows (unknown ones would be ignored silently)
    const known = [
      'KUBEOP_NAMESPACE',
      'KUBEOP_POD_NAME',
      'KUBEOP_METRICS_ADDR',
      'KUBEOP_HEALTH_ADDR',
      'KUBEOP_LEADER_ELECT',
      'KUBEOP_LEADER_ELECTION_LEASE',
    ];
    expect((c.env ?? []).map((e) => e.name).filter((k) => k.startsWith('KUBEOP_'))).toEqual(known);
  });

  it('defaults to loopback endpoints and leader election for a local process', () => {
    const cfg = loadConfig({ KUBEOP_KUBECONFIG: '/tmp/kc', KUBEOP_NAMESPACE: 'x' });
    expect(cfg.metricsAddr).toEqual({ host: '127.0.0.1', port: 8081 });
    expect(cfg.healthAddr).toEqual({ host: '127.0.0.1', port: 8082 });
    expect(cfg.leaderElect).toBe(true);
    expect(cfg.resyncMs).toBe(600_000);
    expect(cfg.identity).toMatch(/-[0-9a-f]{8}$/);
  });

  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ KUBEOP_LEADER_ELECT: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ KUBEOP_LEADER_ELECT: 'yes' })).toThrow(/KUBEOP_LEADER_ELECT/);
    expect(() => loadConfig({ KUBEOP_METRICS_ADDR: 'nope' })).toThrow(/KUBEOP_METRICS_ADDR/);
    expect(() => loadConfig({ KUBEOP_WORKERS: '0' })).toThrow(/KUBEOP_WORKERS/);
  });
});
