import { describe, expect, it } from 'vitest';
import { InvalidError } from './errors.js';
import { DEFAULT_DENY_CIDRS, DEFAULT_OUTBOUND_POLICY, isDenied, outboundPolicyFromEnv } from './egress.js';

describe('the outbound policy for cluster API servers', () => {
  it('denies link-local and cloud metadata addresses by default, in every spelling', () => {
    for (const address of [
      '169.254.169.254',
      '169.254.0.1',
      '::ffff:169.254.169.254',
      '[::ffff:a9fe:a9fe]',
      'fe80::1',
      'fd00:ec2::254',
      '100.100.100.200',
    ]) {
      expect(isDenied(DEFAULT_OUTBOUND_POLICY, address), address).toBe(true);
    }
    for (const address of ['127.0.0.1', '10.0.0.5', '::1', '192.168.1.10', '100.100.100.201']) {
      expect(isDenied(DEFAULT_OUTBOUND_POLICY, address), address).toBe(false);
    }
  });

  it('reads KUBEOP_CLUSTER_DENY_CIDRS and KUBEOP_CLUSTER_ALLOW_INSECURE_TLS, refusing bad values by name', () => {
    expect(outboundPolicyFromEnv({})).toEqual({ denyCidrs: DEFAULT_DENY_CIDRS, allowInsecureTls: false });
    const custom = outboundPolicyFromEnv({ KUBEOP_CLUSTER_DENY_CIDRS: '10.0.0.0/8, 127.0.0.1', KUBEOP_CLUSTER_ALLOW_INSECURE_TLS: 'true' });
    expect(custom).toEqual({ denyCidrs: ['10.0.0.0/8', '127.0.0.1'], allowInsecureTls: true });
    expect(isDenied(custom, '10.1.2.3')).toBe(true);
    expect(isDenied(custom, '127.0.0.1')).toBe(true);
    expect(isDenied(custom, '169.254.169.254')).toBe(false);
    expect(outboundPolicyFromEnv({ KUBEOP_CLUSTER_DENY_CIDRS: '' }).denyCidrs).toEqual([]);
    for (const [name, value] of [
      ['KUBEOP_CLUSTER_DENY_CIDRS', '10.0.0.0/33'],
      ['KUBEOP_CLUSTER_DENY_CIDRS', 'metadata.internal'],
      ['KUBEOP_CLUSTER_ALLOW_INSECURE_TLS', 'yes'],
    ] as const) {
      expect(() => outboundPolicyFromEnv({ [name]: value })).toThrow(InvalidError);
      expect(() => outboundPolicyFromEnv({ [name]: value })).toThrow(name);
    }
  });
});
