import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidError } from './errors.js';
import { parsePublicEndpoint } from './public-endpoint.js';
import { generateCa, type KeyPairPem } from './tls.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
let ca: KeyPairPem;
beforeAll(async () => {
  ca = await generateCa({ commonName: 'public-endpoint-test' });
});

const issuesOf = (input: Parameters<typeof parsePublicEndpoint>[0]) => {
  try {
    parsePublicEndpoint(input);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidError);
    return (e as InvalidError).issues;
  }
  throw new Error('accepted');
};

describe('a cluster public endpoint', () => {
  it('is optional', () => {
    expect(parsePublicEndpoint({})).toEqual({ server: null, ca: null });
  });

  it('keeps an https URL (normalised) and a PEM CA', () => {
    expect(parsePublicEndpoint({ publicServer: 'https://K8S.example.com:443/prefix/', publicCAData: b64(ca.cert) })).toEqual({
      server: 'https://k8s.example.com/prefix',
      ca: ca.cert,
    });
  });

  it.each([
    ['http://k8s.example.com', /https/],
    ['k8s.example.com:6443', /https/],
    ['https://user:pw@k8s.example.com', /user name/],
    ['https://k8s.example.com/?x=1', /query/],
    ['https://k8s.example.com/#f', /fragment/],
    [`https://${'a'.repeat(2100)}.example`, /2048/],
  ])('refuses the server %j', (publicServer, message) => {
    expect(issuesOf({ publicServer })).toEqual([{ path: 'publicServer', message: expect.stringMatching(message) }]);
  });

  it.each([
    ['not base64 at all!', 'publicCAData'],
    [b64('hello'), 'publicCAData'],
    [b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'publicCAData'],
  ])('refuses the CA %j', (publicCAData, path) => {
    expect(issuesOf({ publicCAData })).toEqual([{ path, message: expect.any(String) }]);
  });

  it('names both fields when both are wrong', () => {
    expect(issuesOf({ publicServer: 'http://x', publicCAData: 'x' }).map((i) => i.path)).toEqual(['publicServer', 'publicCAData']);
  });
});
