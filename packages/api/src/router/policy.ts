import { deletePolicyOverride, getPolicy, putPolicy, type ClusterPolicySync, type PolicyInput, type StoredPolicy } from '@kubeop/core';
import { z } from 'zod';
import type { Context } from '../context.js';
import { procedure, type Meta } from '../trpc.js';
import { uuid } from '../wire.js';

/**
 * `/v1/platform/policy`: the global platform policy, or a cluster's override with `?clusterID=`.
 * PUT and POST (the upstream accepts both) store a new revision and answer the stored policy; GET
 * answers it with the sync state of the clusters it applies to; DELETE removes a cluster's override.
 */
const tags = ['platform'];
const timestamp = z.iso.datetime({ offset: true });
const quantity = z.string().max(64);
const resources = z.object({ cpu: quantity.optional(), memory: quantity.optional() });

const policyFields = {
  imageAllowlist: z
    .array(z.string().max(512))
    .max(256)
    .nullish()
    .describe('Registry hosts (docker.io, ghcr.io, localhost:5000) or image prefixes (ghcr.io/acme/*); empty: every image'),
  egressBaseline: z.array(z.string().max(64)).max(64).nullish().describe('CIDRs every project may reach, e.g. 10.0.0.0/8'),
  quotaMax: z
    .object({ requestsCPU: quantity.optional(), requestsMemory: quantity.optional() })
    .nullish()
    .describe('The ResourceQuota of each project namespace, and the most one may ask for (default 4 CPU, 8Gi)'),
  limitRangeDefaults: z
    .object({ defaultRequest: resources.optional(), default: resources.optional() })
    .nullish()
    .describe('LimitRange defaults of each project namespace'),
  ingressNamespace: z.string().max(63).nullish().describe('Namespace of the ingress controller (default ingress-nginx)'),
};

const clusterID = uuid.describe('A registered cluster: its override instead of the global policy');

export const policySyncJson = z
  .object({
    cluster_id: z.uuid(),
    name: z.string(),
    source: z.enum(['override', 'global', 'default']).describe('Which policy is in effect on the cluster'),
    desired_revision: z.number().int().describe('The revision in effect (0: the platform defaults)'),
    synced_revision: z.number().int().nullable().describe('The revision last applied to the cluster as Policy/default'),
    state: z.enum(['synced', 'pending', 'error']).describe('error: the last attempt failed; retried with backoff'),
    error: z.string().nullable(),
    synced_at: timestamp.nullable(),
  })
  .meta({ id: 'PolicySync' });

export const policyJson = z
  .object({
    scope: z.enum(['global', 'cluster']).describe('cluster: the cluster’s own override; global: the global policy'),
    cluster_id: z.uuid().nullable(),
    stored: z.boolean().describe('false: nothing stored yet, these are the platform defaults'),
    imageAllowlist: z.array(z.string()),
    egressBaseline: z.array(z.string()),
    quotaMax: z.object({ requestsCPU: z.string(), requestsMemory: z.string() }),
    limitRangeDefaults: z.object({
      defaultRequest: z.object({ cpu: z.string(), memory: z.string() }),
      default: z.object({ cpu: z.string(), memory: z.string() }),
    }),
    ingressNamespace: z.string(),
    revision: z.number().int().describe('Rises with every write (one sequence for all scopes); 0: the defaults'),
    updated_at: timestamp.nullable(),
    clusters: z.array(policySyncJson).describe('The clusters this policy is in effect on, with their sync state'),
  })
  .meta({ id: 'Policy' });

const syncToJson = (s: ClusterPolicySync): z.infer<typeof policySyncJson> => ({
  cluster_id: s.clusterId,
  name: s.clusterName,
  source: s.source,
  desired_revision: s.desiredRevision,
  synced_revision: s.syncedRevision,
  state: s.state,
  error: s.error,
  synced_at: s.syncedAt ? s.syncedAt.toISOString() : null,
});

export const policyToJson = (p: StoredPolicy): z.infer<typeof policyJson> => ({
  scope: p.scope,
  cluster_id: p.clusterId,
  stored: p.stored,
  ...p.body,
  revision: p.revision,
  updated_at: p.updatedAt ? p.updatedAt.toISOString() : null,
  clusters: p.clusters.map(syncToJson),
});

const writeInput = z.object({ clusterID: clusterID.optional(), ...policyFields });

function toPolicyInput(input: z.infer<typeof writeInput>): PolicyInput {
  return {
    imageAllowlist: input.imageAllowlist ?? undefined,
    egressBaseline: input.egressBaseline ?? undefined,
    quotaMax: input.quotaMax ?? undefined,
    limitRangeDefaults: input.limitRangeDefaults ?? undefined,
    ingressNamespace: input.ingressNamespace ?? undefined,
  };
}

const write = async ({ ctx, input }: { ctx: Context; input: z.infer<typeof writeInput> }) =>
  policyToJson(await putPolicy(ctx.db, toPolicyInput(input), { clusterId: input.clusterID }, ctx.actor));

const writeMeta = (method: 'PUT' | 'POST'): Meta => ({
  openapi: {
    method,
    path: '/platform/policy',
    tags,
    summary:
      method === 'PUT'
        ? 'Store the platform policy (global, or a cluster’s override with ?clusterID=) and sync it to the clusters'
        : 'Same as PUT /v1/platform/policy (the upstream accepts both)',
    description:
      'Replaces the whole policy: omitted fields take the platform defaults. Each write is a new revision; every affected ' +
      'cluster gets it as Policy/default (spec.revision = revision) through the durable sync outbox, retried until it lands. ' +
      'A bad entry is a 400 naming it (e.g. egressBaseline.1); an unknown clusterID is a 404.',
  },
  query: ['clusterID'],
});

export const policyProcedures = {
  policyGet: procedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/platform/policy',
        tags,
        summary: 'The global policy, or the one in effect on a cluster (?clusterID=), with revision and per-cluster sync state',
      },
    })
    .input(z.object({ clusterID: clusterID.optional() }))
    .output(policyJson)
    .query(async ({ ctx, input }) => policyToJson(await getPolicy(ctx.db, { clusterId: input.clusterID }))),

  policyPut: procedure.meta(writeMeta('PUT')).input(writeInput).output(policyJson).mutation(write),
  policyPost: procedure.meta(writeMeta('POST')).input(writeInput).output(policyJson).mutation(write),

  policyDelete: procedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/platform/policy',
        tags,
        summary: 'Remove a cluster’s override: the cluster goes back to the global policy (idempotent)',
      },
      successStatus: 204,
    })
    .input(z.object({ clusterID: uuid.describe('The cluster whose override to remove') }))
    .output(z.void())
    .mutation(async ({ ctx, input }) => deletePolicyOverride(ctx.db, input.clusterID, ctx.actor)),
};
