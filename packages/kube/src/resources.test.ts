import { describe, expect, it } from 'vitest';
import { NAME_LIMITS } from './names.js';
import { appResource, projectNamespaceName, projectResource, tenantResource } from './resources.js';

const id = (n: number) => `0193a0c0-0000-7000-8000-${String(n).padStart(12, '0')}`;

describe('project namespaces', () => {
  it('differ for names that would collide when joined', () => {
    expect(projectNamespaceName('a-b', 'c', id(1))).not.toBe(projectNamespaceName('a', 'b-c', id(2)));
    expect(projectNamespaceName('a-b', 'c', id(1))).toMatch(/^kubeop-a-b-c-[0-9a-f]{8}$/);
  });

  it('are valid DNS-1123 labels for the longest names, and stable for an id', () => {
    const ns = projectNamespaceName('t'.repeat(NAME_LIMITS.tenant), 'p'.repeat(NAME_LIMITS.project), id(3));
    expect(ns.length).toBeLessThanOrEqual(63);
    expect(ns).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(projectNamespaceName('t', 'p', id(3).toUpperCase())).toBe(projectNamespaceName('t', 'p', id(3)));
  });
});

describe('custom resources for the operator', () => {
  it('are named by ids and labelled with the owning ids', () => {
    expect(tenantResource({ id: id(1), name: 'acme' }).metadata).toMatchObject({ name: id(1), labels: { 'app.kubeop.io/tenant': id(1) } });
    const p = projectResource({ id: id(2), tenantId: id(1), name: 'web', namespace: 'kubeop-acme-web-12345678' });
    expect(p.metadata.name).toBe(id(2));
    expect(p.spec).toEqual({ tenantRef: id(1), name: 'web', namespace: 'kubeop-acme-web-12345678' });
    const a = appResource({ id: id(3), tenantId: id(1), projectId: id(2), namespace: 'ns', name: 'web', image: 'nginx', host: null });
    expect(a.metadata).toMatchObject({
      name: 'web',
      namespace: 'ns',
      labels: { 'app.kubeop.io/app': id(3), 'app.kubeop.io/project': id(2) },
    });
    expect(a.spec).toEqual({ type: 'Image', appID: id(3), projectRef: id(2), image: 'nginx' });
  });
});
