import * as pulumi from '@pulumi/pulumi';
import { connectionInputs, MODULE, withSecretToken, type KubeopResourceArgs } from './connection.js';
import { tenantProvider } from './provider/tenant.js';

export interface TenantArgs extends KubeopResourceArgs {
  /** The tenant's name (a DNS label); changing it renames the tenant in place. */
  name: pulumi.Input<string>;
  /** A registered cluster to bind the tenant to; changing it replaces the tenant. */
  clusterID?: pulumi.Input<string>;
}

/** A kubeOP tenant (`/v1/tenants`, admin token). Its `id` is the tenant's id. */
export class Tenant extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly clusterID: pulumi.Output<string | null>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: TenantArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      tenantProvider,
      name,
      { ...connectionInputs(args.connection), name: args.name, clusterID: args.clusterID, createdAt: undefined },
      withSecretToken(opts),
      MODULE,
      'Tenant',
    );
  }
}
