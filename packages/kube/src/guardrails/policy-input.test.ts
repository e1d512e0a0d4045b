import { describe, expect, it } from 'vitest';
import { allowlistEntryProblem, guardrailPolicyIssues } from './policy-input.js';

describe('policy input', () => {
  it('accepts the walkthrough policy', () => {
    expect(
      guardrailPolicyIssues({
        imageAllowlist: ['docker.io', 'ghcr.io'],
        egressBaseline: ['10.0.0.0/8', '172.16.0.0/12'],
        quotaMax: { requestsCPU: '4', requestsMemory: '8Gi' },
      }),
    ).toEqual([]);
  });

  it.each([
    'docker.io',
    'localhost',
    'localhost:5000',
    'registry.example.com:443',
    '10.0.0.5:5000',
    'ghcr.io/acme/*',
    'docker.io/library/',
    'docker.io/library/nginx',
  ])('allowlist entry %j is accepted', (entry) => expect(allowlistEntryProblem(entry)).toBeNull());

  it.each([
    ['bitnami', /not a registry host/],
    ['nginx', /not a registry host/],
    ['bitnami/nginx', /must start with a registry host/],
    ['docker.io:99999', /not a registry host/],
    ['ghcr.io/Acme/*', /not an image prefix/],
    ['', /not a registry host/],
    ['https://ghcr.io', /must start with a registry host/],
  ])('allowlist entry %j is refused', (entry, message) => {
    expect(allowlistEntryProblem(entry)).toMatch(message);
  });

  it('names every bad entry by its field', () => {
    const issues = guardrailPolicyIssues({
      imageAllowlist: ['docker.io', 'bitnami'],
      egressBaseline: ['10.0.0.0/8', '300.0.0.0/8'],
      quotaMax: { requestsCPU: 'four', requestsMemory: '8Gi' },
    });
    expect(issues.map((i) => i.path)).toEqual(['imageAllowlist.1', 'egressBaseline.1', 'quotaMax.requestsCPU']);
    expect(issues[1]!.message).toContain('"300.0.0.0/8"');
  });
});
