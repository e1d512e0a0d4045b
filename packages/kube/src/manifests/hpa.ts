import type { V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { DEFAULT_SYSTEM_NAMESPACE, KUBEOP_VERSION, platformNames } from '../options.js';
import { managedLabels } from './labels.js';
import type { Manifest } from './types.js';

export interface OperatorHpaSpec {
  min: number;
  max: number;
  targetCPU: number;
}

/** `autoscaling/v2` HPA `kubeop-operator` scaling the operator Deployment on CPU utilisation. */
export function buildOperatorHpa(
  spec: OperatorHpaSpec,
  options: { namespace?: string; version?: string } = {},
): Manifest<V2HorizontalPodAutoscaler> {
  const n = platformNames(options.namespace ?? DEFAULT_SYSTEM_NAMESPACE);
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: n.hpa, namespace: n.namespace, labels: managedLabels(options.version ?? KUBEOP_VERSION, 'operator', n.operator) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: n.operator },
      minReplicas: spec.min,
      maxReplicas: spec.max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPU } } }],
    },
  };
}
