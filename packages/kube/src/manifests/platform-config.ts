import type { V1ConfigMap } from '@kubernetes/client-node';
import { platformNames, type PlatformOptions } from '../options.js';
import { managedLabels } from './labels.js';
import type { Manifest } from './types.js';

/** What the bootstrap installed, as recorded in ConfigMap `kubeop-platform` (applied last: its presence means a bootstrap completed). */
export interface PlatformRecord {
  version: string;
  installAdmission: boolean;
  admissionWebhookMode: 'service' | 'url';
  mocks: boolean;
  installMetricsServer: boolean;
}

export function buildPlatformConfigMap(opts: PlatformOptions): Manifest<V1ConfigMap> {
  const n = platformNames(opts.namespace);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: n.platformConfigMap, namespace: n.namespace, labels: managedLabels(opts.version, 'platform') },
    data: {
      version: opts.version,
      installAdmission: String(opts.installAdmission),
      admissionWebhookMode: opts.admissionWebhook.mode,
      mocks: String(opts.mocks),
      installMetricsServer: String(opts.installMetricsServer === true),
      operatorImage: opts.operatorImage,
      admissionImage: opts.admissionImage,
    },
  };
}

export function parsePlatformRecord(data: Record<string, string> | undefined): PlatformRecord | null {
  if (!data?.version) return null;
  return {
    version: data.version,
    installAdmission: data.installAdmission !== 'false',
    admissionWebhookMode: data.admissionWebhookMode === 'url' ? 'url' : 'service',
    mocks: data.mocks === 'true',
    installMetricsServer: data.installMetricsServer === 'true',
  };
}
