import type { KubeopRawClient } from '../raw.js';
import { expectData, expectNoContent } from '../responses.js';
import type { Policy, PolicyInput } from '../types.js';

/** `/v1/platform/policy` (admin only): the guardrails of one cluster. */
export function policyApi(raw: KubeopRawClient) {
  return {
    /** The cluster's policy; the defaults (revision 0) until one is stored. */
    get: (clusterID: string): Promise<Policy> => expectData(raw.GET('/v1/platform/policy', { params: { query: { clusterID } } })),
    /** Stores the cluster's policy (validated: a 400 names the entry) and answers it with its new `revision`. */
    put: (clusterID: string, policy: PolicyInput): Promise<Policy> =>
      expectData(raw.PUT('/v1/platform/policy', { body: { ...policy, clusterID } })),
    /** Removes the cluster's policy: the defaults apply again. */
    delete: (clusterID: string): Promise<void> => expectNoContent(raw.DELETE('/v1/platform/policy', { params: { query: { clusterID } } })),
  };
}

export type PolicyApi = ReturnType<typeof policyApi>;
