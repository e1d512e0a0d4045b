import type * as pulumi from '@pulumi/pulumi';
import type { Project } from '@kubeop/sdk';
import { attempt, connectionOf, GONE, unlessGone, type ConnectionProps } from './client.js';
import { diffOf, requireStrings } from './diff.js';

export interface ProjectInputs extends ConnectionProps {
  tenantID: string;
  name: string;
}

export interface ProjectOutputs extends ConnectionProps {
  tenantID: string;
  name: string;
  /** The namespace the project owns on its tenant's cluster (fixed at creation). */
  namespace: string;
  createdAt: string;
}

function outputsOf(p: Project, props: ConnectionProps): ProjectOutputs {
  return { ...connectionOf(props), tenantID: p.tenant_id, name: p.name, namespace: p.namespace, createdAt: p.created_at };
}

/**
 * `/v1/projects`: a rename is a `PATCH` (the namespace stays); another tenant is a new project
 * (replace). Deleting a project the Manager no longer has (404) succeeds.
 */
export const projectProvider: pulumi.dynamic.ResourceProvider<ProjectInputs, ProjectOutputs> = {
  check: async (_olds, news) => ({ inputs: news, failures: requireStrings(news, ['tenantID', 'name']) }),

  diff: async (_id, olds, news) => diffOf<ProjectInputs>(olds, news, { tenantID: { replace: true }, name: {} }),

  create: async (inputs) => {
    const project = await attempt(`creating project "${inputs.name}"`, inputs, (c) =>
      c.projects.create({ tenantID: inputs.tenantID, name: inputs.name }),
    );
    return { id: project.id, outs: outputsOf(project, inputs) };
  },

  read: async (id, props) => {
    const conn = props as ProjectOutputs;
    const project = await attempt(`reading project ${id}`, conn, (c) => unlessGone(c.projects.get(id)));
    return project ? { id, props: outputsOf(project, conn) } : GONE;
  },

  update: async (id, olds, news) => {
    const project = await attempt(`updating project ${id}`, news, async (c) => {
      if (olds.name !== news.name) await c.projects.update(id, { name: news.name });
      return c.projects.get(id);
    });
    return { outs: outputsOf(project, news) };
  },

  delete: async (id, props) => {
    await attempt(`deleting project ${id}`, props, (c) => unlessGone(c.projects.delete(id)));
  },
};
