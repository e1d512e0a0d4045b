import { platform, policySyncStates, type Cluster } from '@kubeop/core';
import { z } from 'zod';
import type { Context } from '../context.js';
import { procedure, router } from '../trpc.js';
import { listOf, nameSchema, pageInput, pathId } from '../wire.js';

const tags = ['clusters'];
const timestamp = z.iso.datetime({ offset: true });

export const clusterJson = z
  .object({
    id: z.uuid(),
    name: z.string(),
    api_server: z.string().nullable(),
    public_server: z.string().nullable().describe('The server URL issued kubeconfigs carry (null: api_server)'),
    public_ca_data: z
      .string()
      .nullable()
      .describe("Base64 of the PEM CA bundle issued kubeconfigs carry (null: the registered kubeconfig's)"),
    status: z.object({
      reachable: z.boolean(),
      server_version: z.string().nullable(),
      checked_at: timestamp.nullable(),
      error: z.string().nullable(),
    }),
    bootstrap: z.object({
      state: z.enum(['pending', 'running', 'succeeded', 'failed']).nullable(),
      startedAt: timestamp.nullable(),
      finishedAt: timestamp.nullable(),
      error: z.string().nullable(),
    }),
    options: z.object({
      autoBootstrap: z.boolean().optional(),
      installAdmission: z.boolean().optional(),
      withMocks: z.boolean().optional(),
      installMetricsServer: z.boolean().optional(),
    }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Cluster' });

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The cluster as it is once a bootstrap job was queued for it (what `enqueue` wrote to its row). */
export function withBootstrapQueued(c: Cluster): Cluster {
  return { ...c, bootstrap: { state: 'pending', startedAt: null, finishedAt: null, error: null } };
}

export function clusterToJson(c: Cluster): z.infer<typeof clusterJson> {
  return {
    id: c.id,
    name: c.name,
    api_server: c.apiServer,
    public_server: c.publicServer,
    public_ca_data: c.publicCa === null ? null : Buffer.from(c.publicCa, 'utf8').toString('base64'),
    status: { reachable: c.reachable, server_version: c.serverVersion, checked_at: iso(c.checkedAt), error: c.lastError },
    bootstrap: {
      state: c.bootstrap.state,
      startedAt: iso(c.bootstrap.startedAt),
      finishedAt: iso(c.bootstrap.finishedAt),
      error: c.bootstrap.error,
    },
    options: c.options,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

export const platformStatusJson = z
  .object({
    operator: z.boolean(),
    admission: z.boolean(),
    webhookCABundle: z.boolean(),
    ready: z.boolean(),
    apiReachable: z.boolean(),
    serverVersion: z.string().nullable(),
    crdsEstablished: z.boolean(),
    admissionRequired: z.boolean(),
    policy: z
      .object({
        desired_revision: z.number().int().describe('The policy revision in effect for the cluster in the Manager (0: the defaults)'),
        live_revision: z.number().int().nullable().describe('spec.revision of Policy/default on the cluster; null: none there'),
        synced: z.boolean().describe('The live revision is the desired one'),
      })
      .describe('The platform policy on the cluster (see /v1/platform/policy)'),
    details: z.looseObject({ errors: z.array(z.string()) }),
  })
  .meta({ id: 'PlatformStatus' });

/** Live status of the platform on a registered cluster; every Kubernetes call has a deadline. */
export async function clusterStatus(ctx: Context, clusterId: string): Promise<z.infer<typeof platformStatusJson>> {
  const kc = await ctx.clusters.registry.connection(clusterId);
  const [status, [policy]] = await Promise.all([
    platform.platformStatus(kc, {
      timeoutMs: ctx.clusters.statusTimeoutMs,
      ...(ctx.clusters.platform.namespace ? { namespace: ctx.clusters.platform.namespace } : {}),
    }),
    policySyncStates(ctx.db, clusterId),
  ]);
  // every status or readiness check refreshes the cluster's reachability
  const versionError = status.apiReachable ? null : (status.details.errors.find((e) => e.startsWith('version: ')) ?? 'unreachable');
  await ctx.clusters.registry.recordProbe(clusterId, {
    reachable: status.apiReachable,
    serverVersion: status.serverVersion,
    error: versionError?.replace(/^version: /, '') ?? null,
  });
  const desired = policy?.desiredRevision ?? 0;
  const live = status.details.policyRevision;
  // no Policy/default and nothing stored: the cluster runs on the defaults (revision 0)
  return { ...status, policy: { desired_revision: desired, live_revision: live, synced: (live ?? 0) === desired } } as z.infer<
    typeof platformStatusJson
  >;
}

const flag = z.boolean().optional();

export const clustersRouter = router({
  register: procedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/clusters',
        tags,
        summary: 'Register a cluster from a base64 kubeconfig (stored encrypted); optionally bootstrap it',
        description:
          'The kubeconfig is validated, its API server probed (an unreachable one is stored with status.reachable=false), and it is sealed with envelope encryption. ' +
          'A second registration of the same name is a 409 unless `replace` is true. The kubeconfig is never returned.',
      },
    })
    .input(
      z.object({
        name: nameSchema('cluster'),
        kubeconfig: z
          .string()
          .min(1, 'must not be empty')
          .max(1024 * 1024)
          .describe('base64 of a kubeconfig file'),
        autoBootstrap: flag,
        installAdmission: flag,
        withMocks: flag,
        installMetricsServer: flag,
        replace: flag.describe('Replace the kubeconfig of the existing cluster of this name'),
        publicServer: z
          .string()
          .max(2048)
          .optional()
          .describe("https URL users reach the API server at, for issued kubeconfigs (default: the kubeconfig's server)"),
        publicCAData: z
          .string()
          .max(64 * 1024)
          .optional()
          .describe("Base64 of the PEM CA bundle of publicServer, for issued kubeconfigs (default: the kubeconfig's CA)"),
      }),
    )
    .output(clusterJson)
    .mutation(async ({ ctx, input }) => {
      const options = {
        autoBootstrap: input.autoBootstrap ?? false,
        // the guardrail webhooks come with the platform unless asked otherwise
        installAdmission: input.installAdmission ?? true,
        withMocks: input.withMocks ?? false,
        installMetricsServer: input.installMetricsServer ?? false,
      };
      const { cluster } = await ctx.clusters.registry.register(
        {
          name: input.name,
          kubeconfig: input.kubeconfig,
          options,
          replace: input.replace,
          publicServer: input.publicServer,
          publicCAData: input.publicCAData,
        },
        ctx.actor,
      );
      if (!options.autoBootstrap) return clusterToJson(cluster);
      await ctx.clusters.bootstrap.enqueue({
        clusterId: cluster.id,
        installAdmission: options.installAdmission,
        mocks: options.withMocks,
        installMetricsServer: options.installMetricsServer,
      });
      return clusterToJson(withBootstrapQueued(cluster));
    }),

  list: procedure
    .meta({ openapi: { method: 'GET', path: '/clusters', tags, summary: 'List registered clusters, newest first' }, list: true })
    .input(z.object(pageInput))
    .output(listOf(clusterJson))
    .query(async ({ ctx, input }) => {
      const page = await ctx.clusters.registry.list(input);
      return { items: page.items.map(clusterToJson), nextCursor: page.nextCursor };
    }),

  get: procedure
    .meta({ openapi: { method: 'GET', path: '/clusters/{id}', tags, summary: 'Get a cluster with its last probe and bootstrap state' } })
    .input(z.object({ id: pathId }))
    .output(clusterJson)
    .query(async ({ ctx, input }) => clusterToJson(await ctx.clusters.registry.get(input.id))),

  delete: procedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/clusters/{id}',
        tags,
        summary: 'Forget a cluster (409 while tenants use it, or while deletions are still being applied to it unless force=true)',
      },
      successStatus: 204,
    })
    .input(
      z.object({
        id: pathId,
        force: z.enum(['true', 'false']).optional().describe('Forget the cluster even while deletions are still being applied to it'),
      }),
    )
    .output(z.void())
    .mutation(async ({ ctx, input }) => ctx.clusters.registry.delete(input.id, ctx.actor, { force: input.force === 'true' })),

  status: procedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/clusters/{id}/status',
        tags,
        summary: 'Platform status on the cluster: operator, admission, webhook CA bundle and more',
      },
    })
    .input(z.object({ id: pathId }))
    .output(platformStatusJson)
    .query(async ({ ctx, input }) => clusterStatus(ctx, input.id)),

  ready: procedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/clusters/{id}/ready',
        tags,
        summary: 'Readiness: 200 {"ready":true}, else 503 {"ready":false,"details":{…}}',
      },
      readiness: true,
    })
    .input(z.object({ id: pathId }))
    .output(
      z.object({
        ready: z.boolean(),
        details: z.object({ operator: z.boolean(), admission: z.boolean(), webhookCABundle: z.boolean() }).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const s = await clusterStatus(ctx, input.id);
      return s.ready
        ? { ready: true }
        : { ready: false, details: { operator: s.operator, admission: s.admission, webhookCABundle: s.webhookCABundle } };
    }),
});
