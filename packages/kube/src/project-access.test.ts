import { describe, expect, it } from 'vitest';
import { buildProjectRoleBinding, newProjectAccountName, projectAccessRules, PROJECT_ACCESS_NAME } from './project-access.js';

const rules = projectAccessRules();
const verbsOn = (group: string, resource: string): string[] =>
  rules.filter((r) => r.apiGroups?.includes(group) && r.resources?.includes(resource)).flatMap((r) => r.verbs);
const WRITES = ['create', 'update', 'patch', 'delete', 'deletecollection'];

describe("a project kubeconfig's Role", () => {
  it('has no wildcards, no RBAC, no token minting, no namespaces', () => {
    for (const r of rules) {
      expect(r.apiGroups).not.toContain('*');
      expect(r.resources).not.toContain('*');
      expect(r.verbs).not.toContain('*');
      expect(r.verbs).not.toEqual(expect.arrayContaining(['bind', 'escalate', 'impersonate']));
    }
    expect(rules.flatMap((r) => r.apiGroups)).not.toContain('rbac.authorization.k8s.io');
    expect(verbsOn('', 'serviceaccounts/token')).toEqual([]);
    expect(verbsOn('', 'namespaces')).toEqual([]);
  });

  it('lets tenants run workloads, and only read what kubeOP manages and what reaches every node', () => {
    for (const [group, resource] of [
      ['apps', 'deployments'],
      ['apps', 'statefulsets'],
      ['batch', 'jobs'],
      ['batch', 'cronjobs'],
      ['', 'pods'],
      ['', 'services'],
      ['', 'configmaps'],
      ['', 'secrets'],
      ['', 'persistentvolumeclaims'],
      ['networking.k8s.io', 'ingresses'],
    ]) {
      expect(verbsOn(group!, resource!), resource).toEqual(expect.arrayContaining(['get', 'list', 'watch', ...WRITES]));
    }
    expect(verbsOn('', 'pods/log')).toEqual(['get']);
    expect(verbsOn('', 'pods/exec')).toEqual(['get', 'create']);
    for (const [group, resource] of [
      ['', 'resourcequotas'],
      ['', 'limitranges'],
      ['networking.k8s.io', 'networkpolicies'],
      ['', 'serviceaccounts'],
      ['apps', 'daemonsets'],
      ['policy', 'poddisruptionbudgets'],
      ['paas.kubeop.io', 'apps'],
    ]) {
      expect(verbsOn(group!, resource!), resource).toEqual(['get', 'list', 'watch']);
    }
  });

  it('is bound to one ServiceAccount of the namespace, named afresh on every revocation', () => {
    const a = newProjectAccountName();
    expect(a).toMatch(/^kubeop-project-[0-9a-f]{8}$/);
    expect(newProjectAccountName()).not.toBe(a);
    const b = buildProjectRoleBinding({ namespace: 'ns', tenantId: 't', projectId: 'p' }, a);
    expect(b.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: PROJECT_ACCESS_NAME });
    expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: a, namespace: 'ns' }]);
  });
});
