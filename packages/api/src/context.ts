import type { Actor, AppStatusLookup, BootstrapJobs, ClusterService, Database, platform } from '@kubeop/core';
import type { Kysely } from 'kysely';

/** Who a verified token says the caller is. Claims `role` and `scope` as the upstream issues them. */
export type Principal =
  | { role: 'admin'; subject: string }
  | { role: 'tenant'; tenantId: string; subject: string }
  | { role: 'project'; projectId: string; subject: string };

/** Everything a procedure may use. Built per request by the Manager, for /trpc and /v1 alike. */
export interface Context {
  db: Kysely<Database>;
  /** When false (KUBEOP_REQUIRE_AUTH unset), every procedure is open and `principal` is null. */
  authRequired: boolean;
  principal: Principal | null;
  /** Set when the request carried a token that failed verification (→ 401 `invalid token`). */
  authError: string | null;
  actor: Actor;
  requestId: string;
  clusters: ClusterServices;
}

/** What cluster procedures use; built once by the Manager. */
export interface ClusterServices {
  registry: ClusterService;
  bootstrap: Pick<BootstrapJobs, 'enqueue'>;
  /** Namespace and images the platform is installed with (from `KUBEOP_*`). */
  platform: platform.PlatformOptionsInput;
  /** Deadline of status checks against a cluster. */
  statusTimeoutMs: number;
  /** Live app status from the Manager's watches of its clusters (answered from memory). */
  appStatus: AppStatusLookup;
}
