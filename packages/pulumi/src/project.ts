import * as pulumi from '@pulumi/pulumi';
import { connectionInputs, MODULE, withSecretToken, type KubeopResourceArgs } from './connection.js';
import { projectProvider } from './provider/project.js';

export interface ProjectArgs extends KubeopResourceArgs {
  /** The tenant's id; changing it replaces the project. */
  tenantID: pulumi.Input<string>;
  /** The project's name (a DNS label, unique in its tenant); changing it renames the project in place. */
  name: pulumi.Input<string>;
}

/** A kubeOP project (`/v1/projects`). Its `id` is the project's id. */
export class Project extends pulumi.dynamic.Resource {
  declare readonly tenantID: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  /** The namespace the project owns on its tenant's cluster (fixed at creation). */
  declare readonly namespace: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      projectProvider,
      name,
      { ...connectionInputs(args.connection), tenantID: args.tenantID, name: args.name, namespace: undefined, createdAt: undefined },
      withSecretToken(opts),
      MODULE,
      'Project',
    );
  }
}
