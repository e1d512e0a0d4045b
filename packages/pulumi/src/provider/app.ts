import type * as pulumi from '@pulumi/pulumi';
import type { App } from '@kubeop/sdk';
import { attempt, connectionOf, GONE, unlessGone, type ConnectionProps } from './client.js';
import { diffOf, requireStrings } from './diff.js';

export interface AppInputs extends ConnectionProps {
  projectID: string;
  name: string;
  image?: string | null;
  host?: string | null;
}

export interface AppOutputs extends ConnectionProps {
  projectID: string;
  name: string;
  image: string | null;
  host: string | null;
  createdAt: string;
}

function outputsOf(a: App, props: ConnectionProps): AppOutputs {
  return { ...connectionOf(props), projectID: a.project_id, name: a.name, image: a.image, host: a.host, createdAt: a.created_at };
}

/**
 * `/v1/apps`: name, image and host change in place (`PATCH`; an unset image or host is cleared);
 * another project is a new app (replace). Deleting an app the Manager no longer has (404) succeeds.
 */
export const appProvider: pulumi.dynamic.ResourceProvider<AppInputs, AppOutputs> = {
  check: async (_olds, news) => ({ inputs: news, failures: requireStrings(news, ['projectID', 'name']) }),

  diff: async (_id, olds, news) => diffOf<AppInputs>(olds, news, { projectID: { replace: true }, name: {}, image: {}, host: {} }),

  create: async (inputs) => {
    const app = await attempt(`creating app "${inputs.name}"`, inputs, (c) =>
      c.apps.create({ projectID: inputs.projectID, name: inputs.name, image: inputs.image ?? null, host: inputs.host ?? null }),
    );
    return { id: app.id, outs: outputsOf(app, inputs) };
  },

  read: async (id, props) => {
    const conn = props as AppOutputs;
    const app = await attempt(`reading app ${id}`, conn, (c) => unlessGone(c.apps.get(id)));
    return app ? { id, props: outputsOf(app, conn) } : GONE;
  },

  update: async (id, olds, news) => {
    const app = await attempt(`updating app ${id}`, news, async (c) => {
      const wanted = { name: news.name, image: news.image ?? null, host: news.host ?? null };
      if (wanted.name !== olds.name || wanted.image !== (olds.image ?? null) || wanted.host !== (olds.host ?? null)) {
        await c.apps.update(id, wanted);
      }
      return c.apps.get(id);
    });
    return { outs: outputsOf(app, news) };
  },

  delete: async (id, props) => {
    await attempt(`deleting app ${id}`, props, (c) => unlessGone(c.apps.delete(id)));
  },
};
