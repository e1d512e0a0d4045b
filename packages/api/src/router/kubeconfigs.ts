import { z } from 'zod';
import { procedure, router } from '../trpc.js';
import { pathId } from '../wire.js';

const tags = ['kubeconfigs'];

export const projectKubeconfigJson = z
  .object({
    kubeconfig: z
      .string()
      .describe(
        'A kubeconfig file (YAML text, not base64): the cluster (its public endpoint when registered), a token of the ' +
          "project's ServiceAccount, and a context whose namespace is the project's",
      ),
    expires_at: z.iso.datetime({ offset: true }).describe('When the token stops working'),
    namespace: z.string().describe("The project's namespace: the context's default and the only one the token may use"),
  })
  .meta({ id: 'ProjectKubeconfig' });

export const kubeconfigsRouter = router({
  project: procedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/kubeconfigs/project/{id}',
        tags,
        summary: "Issue a kubeconfig for a project's namespace on its cluster (a short-lived ServiceAccount token)",
        description:
          "Applies the project's ServiceAccount `kubeop-project`, its Role (workloads, pods with logs and exec, services, " +
          'config maps, secrets, volumes claims, ingresses in the namespace; quota, limits and network policies read-only; ' +
          'no RBAC, nothing cluster-wide) and RoleBinding (idempotent), then requests a token for the account ' +
          '(`KUBEOP_PROJECT_KUBECONFIG_TTL`, default 1 h). Each call issues a new token. 409 when the project is not bound to ' +
          'a cluster or its namespace is not there yet; 503 when the cluster is unreachable.',
      },
    })
    .input(z.object({ id: pathId }))
    .output(projectKubeconfigJson)
    .query(async ({ ctx, input }) => {
      const k = await ctx.clusters.kubeconfigs.issue(input.id, ctx.actor);
      return { kubeconfig: k.kubeconfig, expires_at: k.expiresAt.toISOString(), namespace: k.namespace };
    }),

  revokeProject: procedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/kubeconfigs/project/{id}',
        tags,
        summary: 'Revoke every kubeconfig issued for a project so far, at once',
        description:
          "Deletes and recreates the project's ServiceAccount: every token issued before is bound to the old account and " +
          'stops working immediately. A later GET issues a working kubeconfig again.',
      },
      successStatus: 204,
    })
    .input(z.object({ id: pathId }))
    .output(z.void())
    .mutation(async ({ ctx, input }) => ctx.clusters.kubeconfigs.revoke(input.id, ctx.actor)),
});
