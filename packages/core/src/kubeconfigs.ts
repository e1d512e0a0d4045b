/**
 * Project kubeconfigs: real, short-lived credentials for a project's namespace on its tenant's
 * cluster (the upstream rendered a template with a placeholder or the caller's own API token).
 *
 * The Manager does it all with the cluster's registered credentials: it applies the project's
 * ServiceAccount, Role and RoleBinding (`@kubeop/kube` project-access.ts, idempotent), asks the API
 * server for a token of that account (TokenRequest, `ttlSeconds`), and renders a kubeconfig with
 * the cluster's public endpoint when one is registered. Revoking binds the Role to a new account
 * and deletes the old one, which invalidates every token issued before. Nothing here logs or returns the cluster's
 * own credentials; the issued token is returned once and never stored.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@kubeop/db';
import {
  ConflictError,
  NotFoundError,
  ensureProjectAccess,
  issueProjectToken,
  renderIssuedKubeconfig,
  revokeProjectAccess,
  PROJECT_ACCESS_NAME,
  type ProjectAccessTarget,
} from '@kubeop/kube';
import { recordAudit, type Actor } from './audit.js';
import type { ClusterService } from './clusters.js';
import { isUuid } from './ids.js';
import { translateDbError } from './pg-errors.js';

export interface ProjectKubeconfigOptions {
  /** Requested lifetime of issued tokens (the API server may shorten it). */
  ttlSeconds: number;
  /** Deadline of each request to the cluster (default 10 s). */
  timeoutMs?: number;
}

export interface ProjectKubeconfig {
  /** YAML text of the kubeconfig (holds the token). */
  kubeconfig: string;
  expiresAt: Date;
  namespace: string;
}

interface Placement {
  target: ProjectAccessTarget;
  clusterId: string;
  clusterName: string;
  publicServer: string | null;
  publicCa: string | null;
}

export class ProjectKubeconfigs {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clusters: ClusterService,
    private readonly options: ProjectKubeconfigOptions,
  ) {}

  /** Where the project lives: 404 for an unknown project, 409 when its tenant has no cluster. */
  private async placement(projectId: string): Promise<Placement> {
    if (!isUuid(projectId)) throw new NotFoundError('project', projectId);
    const row = await this.db
      .selectFrom('projects as p')
      .innerJoin('tenants as t', 't.id', 'p.tenant_id')
      .leftJoin('clusters as c', 'c.id', 't.cluster_id')
      .select(['p.id', 'p.namespace', 'p.tenant_id', 'c.id as cluster_id', 'c.name as cluster_name', 'c.public_server', 'c.public_ca'])
      .where('p.id', '=', projectId)
      .executeTakeFirst()
      .catch((e: unknown) => translateDbError(e));
    if (!row) throw new NotFoundError('project', projectId);
    if (!row.cluster_id || !row.cluster_name) {
      throw new ConflictError(
        'the project is not bound to a cluster (its tenant was created without clusterID): kubeconfigs are issued for projects on a cluster',
      );
    }
    return {
      target: { namespace: row.namespace, tenantId: row.tenant_id, projectId: row.id },
      clusterId: row.cluster_id,
      clusterName: row.cluster_name,
      publicServer: row.public_server,
      publicCa: row.public_ca,
    };
  }

  private request(): { timeoutMs?: number } {
    return this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {};
  }

  /** Ensures the project's account and role on its cluster and returns a kubeconfig with a fresh token. */
  async issue(projectId: string, actor: Actor): Promise<ProjectKubeconfig> {
    const p = await this.placement(projectId);
    const kc = await this.clusters.connection(p.clusterId);
    const namespace = p.target.namespace;
    const account = await ensureProjectAccess(kc, p.target, this.request());
    const { token, expiresAt } = await issueProjectToken(kc, { namespace, name: account }, this.options.ttlSeconds, this.request());
    const kubeconfig = renderIssuedKubeconfig({
      clusterName: p.clusterName,
      contextName: namespace,
      userName: `${PROJECT_ACCESS_NAME}@${namespace}`,
      server: p.publicServer ?? kc.server,
      ca: p.publicCa ?? kc.ca,
      // the Manager's own route to the server: not for a public endpoint
      tlsServerName: p.publicServer ? undefined : kc.tlsServerName,
      insecureSkipTlsVerify: !p.publicCa && kc.insecureSkipTlsVerify,
      namespace,
      token,
    });
    await recordAudit(this.db, {
      actor,
      action: 'create',
      resourceType: 'kubeconfig',
      resourceId: p.target.projectId,
      details: { namespace, expiresAt: expiresAt.toISOString() },
    });
    return { kubeconfig, expiresAt, namespace };
  }

  /** Invalidates every kubeconfig issued for the project so far (the next issue works again). */
  async revoke(projectId: string, actor: Actor): Promise<void> {
    const p = await this.placement(projectId);
    const kc = await this.clusters.connection(p.clusterId);
    const revoked = await revokeProjectAccess(kc, p.target, this.request());
    await recordAudit(this.db, {
      actor,
      action: 'delete',
      resourceType: 'kubeconfig',
      resourceId: p.target.projectId,
      details: { namespace: p.target.namespace, revoked },
    });
  }
}
