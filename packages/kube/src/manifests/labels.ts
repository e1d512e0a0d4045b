/** Labels every object kubeOP manages carries (selectors use only the stable name/component labels). */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
export const MANAGED_LABELS: Readonly<Record<string, string>> = Object.freeze({
  [MANAGED_BY_LABEL]: 'kubeop',
  [PART_OF_LABEL]: 'kubeop',
});

/**
 * The owning ids on everything a tenant's resources produce (values are database ids). Namespaces of
 * tenants carry TENANT_LABEL; webhooks for core resources only look at those namespaces.
 */
export const TENANT_LABEL = 'app.kubeop.io/tenant';
export const PROJECT_LABEL = 'app.kubeop.io/project';
export const APP_LABEL = 'app.kubeop.io/app';

/**
 * Objects kubeOP installs outside its own namespace under fixed, cluster-wide names (metrics-server)
 * carry the system namespace of the installation that applied them, so that another installation on
 * the same cluster (tests run several side by side) never prunes them.
 */
export const INSTALLATION_LABEL = 'app.kubeop.io/installation';

/** Label selector (string form) matching every object the platform manages. */
export const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=kubeop,${PART_OF_LABEL}=kubeop`;

export function managedLabels(version: string, component?: string, name?: string): Record<string, string> {
  return {
    ...MANAGED_LABELS,
    'app.kubernetes.io/version': version,
    ...(name ? { 'app.kubernetes.io/name': name } : {}),
    ...(component ? { 'app.kubernetes.io/component': component } : {}),
  };
}

/** Pod selector of a component: never includes the version (Deployment selectors are immutable). */
export function selectorLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, [PART_OF_LABEL]: 'kubeop' };
}
