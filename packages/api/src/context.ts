import type {
  Actor,
  AppStatusLookup,
  BillingSettings,
  BootstrapJobs,
  ClusterMetering,
  ClusterService,
  Database,
  platform,
  ProjectKubeconfigs,
} from '@kubeop/core';
import type { Kysely } from 'kysely';

/**
 * Who a verified token says the caller is: claims `role` and `scope` as the upstream issues them,
 * `sub` (recorded in the audit log) and `jti` (what revocation names).
 */
export type Principal =
  | { role: 'admin'; subject: string; tokenId: string }
  | { role: 'tenant'; tenantId: string; subject: string; tokenId: string }
  | { role: 'project'; projectId: string; subject: string; tokenId: string };

/** What a token is asked for: its role, scope and subject, and how long it lives. */
export interface TokenRequest {
  role: Principal['role'];
  scope: string;
  subject: string;
  ttlSeconds: number;
}

export interface SignedToken {
  /** The compact JWT: hand it to the caller, never log it. */
  token: string;
  jti: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** Signs tokens and hears of revocations; the Manager implements it (the signing keys live there). */
export interface TokenIssuer {
  /** The longest lifetime of a token this Manager issues, in seconds (`KUBEOP_TOKEN_MAX_TTL`). */
  readonly maxTtlSeconds: number;
  sign(request: TokenRequest): Promise<SignedToken>;
  /** This process refuses the token at once; other Managers learn of it from the database within seconds. */
  revoked(jti: string): void;
}

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
  tokens: TokenIssuer;
  /** Default rates, currency and batch limit of usage and invoices (from `KUBEOP_*`). */
  billing: BillingSettings;
}

/** What cluster procedures use; built once by the Manager. */
export interface ClusterServices {
  registry: ClusterService;
  bootstrap: Pick<BootstrapJobs, 'enqueue'>;
  /** Namespace and images the platform is installed with (from `KUBEOP_*`). */
  platform: platform.PlatformOptionsInput;
  /** Deadline of status checks against a cluster. */
  statusTimeoutMs: number;
  /** Issues and revokes project kubeconfigs. */
  kubeconfigs: Pick<ProjectKubeconfigs, 'issue' | 'revoke'>;
  /** Live app status from the Manager's watches of its clusters (answered from memory). */
  appStatus: AppStatusLookup;
  /** Usage metering of the clusters (`POST /v1/usage/meter` runs it now); absent when the Manager runs none. */
  metering?: { meterNow(): Promise<Map<string, ClusterMetering>> };
}
