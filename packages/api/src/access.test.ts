import { describe, expect, it } from 'vitest';
import { ACCESS, type AccessRule } from './access.js';
import { appRouter } from './root.js';

const who = (rule: AccessRule): string => (rule.kind === 'scoped' ? ['admin', ...rule.roles].join('+') : rule.kind);

describe('the access table', () => {
  it('has exactly one entry for every procedure of the router', () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(ACCESS).sort()).toEqual(procedures);
  });

  it('follows the hierarchy admin → tenant → project (a change here is a decision: update the README too)', () => {
    const table = Object.fromEntries(Object.entries(ACCESS as Record<string, AccessRule>).map(([p, r]) => [p, who(r)]));
    const byRule: Record<string, string[]> = {};
    for (const [p, w] of Object.entries(table)) (byRule[w] ??= []).push(p);
    expect(byRule['admin+tenant']?.sort()).toEqual([
      'invoices.get',
      'projects.create',
      'projects.delete',
      'projects.list',
      'projects.patch',
      'projects.patchInBody',
      'projects.replace',
      'projects.replaceInBody',
      'rates.get',
      'tenants.get',
      'tokens.createProjectToken',
      'tokens.list',
      'tokens.revoke',
      'usage.snapshot',
    ]);
    expect(byRule['admin+tenant+project']?.sort()).toEqual([
      'apps.create',
      'apps.delete',
      'apps.get',
      'apps.list',
      'apps.patch',
      'apps.patchInBody',
      'apps.replace',
      'apps.replaceInBody',
      'kubeconfigs.project',
      'kubeconfigs.revokeProject',
      'projects.get',
    ]);
    // everything else (tenant writes and lists, clusters, the platform) is admin only
    for (const [p, w] of Object.entries(table)) {
      if (p.startsWith('tenants.') && p !== 'tenants.get') expect(w, p).toBe('admin');
      if (p.startsWith('clusters.') || p.startsWith('platform.')) expect(w, p).toBe('admin');
    }
  });
});
