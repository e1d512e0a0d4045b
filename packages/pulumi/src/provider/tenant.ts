import type * as pulumi from '@pulumi/pulumi';
import type { Tenant } from '@kubeop/sdk';
import { attempt, connectionOf, GONE, unlessGone, type ConnectionProps } from './client.js';
import { diffOf, requireStrings } from './diff.js';

export interface TenantInputs extends ConnectionProps {
  name: string;
  clusterID?: string | null;
}

export interface TenantOutputs extends ConnectionProps {
  name: string;
  clusterID: string | null;
  createdAt: string;
}

function outputsOf(t: Tenant, props: ConnectionProps): TenantOutputs {
  return { ...connectionOf(props), name: t.name, clusterID: t.cluster_id, createdAt: t.created_at };
}

/**
 * `/v1/tenants`: a rename is a `PATCH`; another cluster is a new tenant (replace). Deleting a tenant
 * the Manager no longer has (404) succeeds.
 */
export const tenantProvider: pulumi.dynamic.ResourceProvider<TenantInputs, TenantOutputs> = {
  check: async (_olds, news) => ({ inputs: news, failures: requireStrings(news, ['name']) }),

  diff: async (_id, olds, news) =>
    diffOf<TenantInputs>(olds, news, {
      name: {},
      clusterID: { replace: true },
    }),

  create: async (inputs) => {
    const tenant = await attempt(`creating tenant "${inputs.name}"`, inputs, (c) =>
      c.tenants.create({ name: inputs.name, ...(inputs.clusterID ? { clusterID: inputs.clusterID } : {}) }),
    );
    return { id: tenant.id, outs: outputsOf(tenant, inputs) };
  },

  read: async (id, props) => {
    const conn = props as TenantOutputs;
    const tenant = await attempt(`reading tenant ${id}`, conn, (c) => unlessGone(c.tenants.get(id)));
    return tenant ? { id, props: outputsOf(tenant, conn) } : GONE;
  },

  update: async (id, olds, news) => {
    const tenant = await attempt(`updating tenant ${id}`, news, async (c) => {
      if (olds.name !== news.name) await c.tenants.update(id, { name: news.name });
      return c.tenants.get(id);
    });
    return { outs: outputsOf(tenant, news) };
  },

  delete: async (id, props) => {
    await attempt(`deleting tenant ${id}`, props, (c) => unlessGone(c.tenants.delete(id)));
  },
};
