import { platform } from '@kubeop/core';
import { z } from 'zod';
import { procedure, router } from '../trpc.js';
import { uuid } from '../wire.js';
import { clusterJson, clusterStatus, clusterToJson, platformStatusJson, withBootstrapQueued } from './clusters.js';
import { policyProcedures } from './policy.js';

const tags = ['platform'];
const clusterID = uuid.describe('The registered cluster to act on');

export const platformRouter = router({
  ...policyProcedures,

  bootstrap: procedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/platform/bootstrap',
        tags,
        summary: 'Install or repair the platform on a cluster (a background job; poll the cluster for its state)',
      },
      query: ['clusterID'],
    })
    .input(
      z.object({
        clusterID,
        installMetricsServer: z.boolean().optional(),
        mocks: z.boolean().optional(),
        installAdmission: z.boolean().optional(),
      }),
    )
    .output(z.object({ status: z.literal('ok'), cluster: clusterJson }))
    .mutation(async ({ ctx, input }) => {
      const cluster = await ctx.clusters.registry.get(input.clusterID);
      await ctx.clusters.bootstrap.enqueue({
        clusterId: cluster.id,
        installAdmission: input.installAdmission ?? cluster.options.installAdmission ?? true,
        mocks: input.mocks ?? cluster.options.withMocks ?? false,
        installMetricsServer: input.installMetricsServer ?? cluster.options.installMetricsServer,
      });
      return { status: 'ok' as const, cluster: clusterToJson(withBootstrapQueued(cluster)) };
    }),

  autoscale: procedure
    .meta({
      openapi: { method: 'POST', path: '/platform/autoscale', tags, summary: 'Create, update or remove the operator HPA on a cluster' },
      successStatus: 204,
      query: ['clusterID'],
    })
    .input(
      z.object({
        clusterID,
        enabled: z.boolean(),
        min: z.number().int().optional().describe('1 ≤ Min ≤ Max (default 1)'),
        max: z.number().int().optional().describe('default 3'),
        targetCPU: z.number().int().optional().describe('1–100 percent (default 70)'),
      }),
    )
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      const request = {
        enabled: input.enabled,
        ...(input.min !== undefined ? { min: input.min } : {}),
        ...(input.max !== undefined ? { max: input.max } : {}),
        ...(input.targetCPU !== undefined ? { targetCPU: input.targetCPU } : {}),
      };
      if (input.enabled) platform.validateAutoscale(request);
      const kc = await ctx.clusters.registry.connection(input.clusterID);
      await platform.setOperatorAutoscale(
        kc,
        request,
        ctx.clusters.platform.namespace ? { namespace: ctx.clusters.platform.namespace } : {},
      );
    }),

  status: procedure
    .meta({
      openapi: { method: 'GET', path: '/platform/status', tags, summary: 'Platform status on a cluster (same as /clusters/{id}/status)' },
    })
    .input(z.object({ clusterID }))
    .output(platformStatusJson)
    .query(async ({ ctx, input }) => clusterStatus(ctx, input.clusterID)),
});
