import type { V1Deployment, V1Service } from '@kubernetes/client-node';
import { platformNames, type PlatformOptions } from '../options.js';
import { managedLabels, selectorLabels } from './labels.js';
import { CONTAINER_SECURITY, POD_SECURITY } from './operator.js';
import type { Manifest } from './types.js';

export const MOCK_PORT = 8080;

function mock(opts: PlatformOptions, name: string, image: string): [Manifest<V1Deployment>, Manifest<V1Service>] {
  const labels = managedLabels(opts.version, 'mock', name);
  const deployment: Manifest<V1Deployment> = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: opts.namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: selectorLabels(name) },
      template: {
        metadata: { labels: { ...labels, ...selectorLabels(name) } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: POD_SECURITY,
          terminationGracePeriodSeconds: 5,
          containers: [
            {
              name: 'mock',
              image,
              imagePullPolicy: opts.imagePullPolicy,
              ports: [{ name: 'http', containerPort: MOCK_PORT, protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 10 },
              resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
              securityContext: CONTAINER_SECURITY,
            },
          ],
        },
      },
    },
  };
  const service: Manifest<V1Service> = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: opts.namespace, labels },
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(name),
      ports: [{ name: 'http', port: MOCK_PORT, targetPort: 'http', protocol: 'TCP' }],
    },
  };
  return [deployment, service];
}

/** DNS and ACME mocks (Deployment + Service each), deployed with `mocks: true`. */
export function buildMocks(opts: PlatformOptions): Array<Manifest<V1Deployment> | Manifest<V1Service>> {
  const n = platformNames(opts.namespace);
  return [...mock(opts, n.dnsMock, opts.dnsMockImage), ...mock(opts, n.acmeMock, opts.acmeMockImage)];
}
