import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Kubeop from './index.js';

/**
 * The resource classes under Pulumi's mocks: what they register (type, inputs, secret token, the
 * serialized provider). The providers' create is not run here (see provider/*.test.ts for that).
 */
type Registered = pulumi.runtime.MockResourceArgs;
const registered: Registered[] = [];
let kubeop: typeof Kubeop;

/** The value of an output (mocks resolve every output). */
const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => resolve(v)));

beforeAll(async () => {
  pulumi.runtime.setAllConfig({ 'kubeop:baseUrl': 'http://from-config.test', 'kubeop:token': 'tok-from-config' }, ['kubeop:token']);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args);
        return { id: `${args.name}-id`, state: { ...args.inputs, createdAt: '2026-01-01T00:00:00Z' } };
      },
      call: (args) => args.inputs,
    },
    'kubeop-test',
    'unit',
    false,
  );
  // After setMocks: the resource modules must see the mocked runtime.
  kubeop = await import('./index.js');
});

/** How a secret input reaches the (mock) engine. */
const SECRET = (value: string) => ({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value });

const byName = (name: string): Registered => {
  const r = registered.find((x) => x.name === name);
  if (!r) throw new Error(`${name} was not registered`);
  return r;
};

describe('resources under mocks', () => {
  it('register as pulumi-nodejs:dynamic/kubeop:<Type>, wire ids, keep the token secret and out of the provider', async () => {
    const connection = { baseUrl: 'http://manager.test', token: 'tok-very-secret' };
    const tenant = new kubeop.Tenant('acme', { connection, name: 'acme' });
    const project = new kubeop.Project('web', { connection, tenantID: tenant.id, name: 'web' });
    const app = new kubeop.App('site', { connection, projectID: project.id, name: 'site', image: 'nginx:1.27' });
    const rate = new kubeop.TenantRate('rate', { connection, tenantID: tenant.id, cpuMilliRate: '0.01', memMibRate: '0.001' });

    expect(await valueOf(tenant.id)).toBe('acme-id');
    expect(await valueOf(app.image)).toBe('nginx:1.27');
    expect(await valueOf(rate.tenantID)).toBe('acme-id');
    expect(await valueOf(project.tenantID)).toBe('acme-id');

    expect(byName('acme').type).toBe('pulumi-nodejs:dynamic/kubeop:Tenant');
    expect(byName('web').type).toBe('pulumi-nodejs:dynamic/kubeop:Project');
    expect(byName('site').type).toBe('pulumi-nodejs:dynamic/kubeop:App');
    expect(byName('rate').type).toBe('pulumi-nodejs:dynamic/kubeop:TenantRate');
    expect(byName('web').inputs).toMatchObject({ tenantID: 'acme-id', name: 'web', baseUrl: 'http://manager.test' });

    // The token goes to the provider as an input wrapped as a secret (from a plain string too) …
    const token = (tenant as unknown as { token: pulumi.Output<string> }).token;
    expect(await (token as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(true);
    for (const r of ['acme', 'web', 'site', 'rate']) {
      expect(byName(r).inputs.token).toEqual(SECRET('tok-very-secret'));
      // … and the serialized provider (stored in the state in the clear) carries no secret.
      const provider = String(byName(r).inputs.__provider);
      expect(provider).toContain('exports.handler');
      expect(provider).not.toContain('tok-very-secret');
      // The SDK is loaded when the provider runs, not copied in (see provider/sdk.ts).
      expect(provider).toContain('getBuiltinModule');
      expect(provider).not.toContain('openapi');
      expect(provider.length).toBeLessThan(20_000);
    }
  });

  it('keeps an already secret token secret, and registers no token when there is none', async () => {
    const a = new kubeop.Tenant('secretive', {
      connection: { baseUrl: 'http://manager.test', token: pulumi.secret('tok-2') },
      name: 'secretive',
    });
    const b = new kubeop.Tenant('anonymous', { connection: { baseUrl: 'http://manager.test' }, name: 'anonymous' });
    await Promise.all([valueOf(a.id), valueOf(b.id)]);
    expect(byName('secretive').inputs.token).toEqual(SECRET('tok-2'));
    expect(byName('anonymous').inputs).not.toHaveProperty('token');
  });

  it('falls back to the kubeop:baseUrl and secret kubeop:token stack config', async () => {
    const tenant = new kubeop.Tenant('configured', { name: 'configured' });
    await valueOf(tenant.id);
    expect(byName('configured').inputs).toMatchObject({ baseUrl: 'http://from-config.test', token: SECRET('tok-from-config') });
  });
});
