/** How the operator connects (shared with the admission server): see @kubeop/kube's in-cluster.ts. */
export { inClusterConnection, kubeconfigConnection, SERVICE_ACCOUNT_DIR, tokenConnection } from '@kubeop/kube';
