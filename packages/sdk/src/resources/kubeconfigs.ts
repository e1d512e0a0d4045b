import type { KubeopRawClient } from '../raw.js';
import { expectData, expectNoContent } from '../responses.js';
import type { ProjectKubeconfig } from '../types.js';

/** `/v1/kubeconfigs`: project-scoped Kubernetes credentials. */
export function kubeconfigsApi(raw: KubeopRawClient) {
  return {
    /**
     * A new kubeconfig for the project's namespace on its tenant's cluster (a fresh token each call):
     * `{kubeconfig, expires_at, namespace}`. 409 while the project has no cluster or namespace yet.
     */
    project: (projectID: string): Promise<ProjectKubeconfig> =>
      expectData(raw.GET('/v1/kubeconfigs/project/{id}', { params: { path: { id: projectID } } })),
    /** Revokes every kubeconfig issued for the project so far. */
    revokeProject: (projectID: string): Promise<void> =>
      expectNoContent(raw.DELETE('/v1/kubeconfigs/project/{id}', { params: { path: { id: projectID } } })),
  };
}

export type KubeconfigsApi = ReturnType<typeof kubeconfigsApi>;
