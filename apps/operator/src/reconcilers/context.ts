import type { AppResource, Informer, KubeConnection, LiveObject, PlatformPolicy, ProjectResource, TenantResource } from '@kubeop/kube';

export type Live<T> = T & LiveObject & { metadata: LiveObject['metadata'] & { finalizers?: string[] } };

/** What reconcilers read and write through: the operator's connection and its informer caches. */
export interface ReconcileContext {
  kc: KubeConnection;
  tenants: Informer<Live<TenantResource>>;
  projects: Informer<Live<ProjectResource>>;
  apps: Informer<Live<AppResource>>;
  deployments: Informer;
  policy(): PlatformPolicy;
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}
