import * as pulumi from '@pulumi/pulumi';
import { connectionInputs, MODULE, withSecretToken, type KubeopResourceArgs } from './connection.js';
import { tenantRateProvider } from './provider/tenant-rate.js';

export interface TenantRateArgs extends KubeopResourceArgs {
  /** The tenant's id; changing it makes a new rate (replace). */
  tenantID: pulumi.Input<string>;
  /** Price of one milli-CPU-hour, e.g. `"0.000001"` (a string keeps it exact; at most 12 fraction digits). */
  cpuMilliRate: pulumi.Input<string | number>;
  /** Price of one MiB-hour, e.g. `"0.0000002"`. */
  memMibRate: pulumi.Input<string | number>;
  /** ISO 4217; every rate of a tenant has the same (unset: the Manager's `KUBEOP_BILLING_CURRENCY`). */
  currency?: pulumi.Input<string>;
  tier?: pulumi.Input<string>;
  /** 0–100, at most 2 fraction digits (unset: 0). */
  discountPercent?: pulumi.Input<string | number>;
  /** When the rate takes effect (RFC 3339; unset: when it is created). Changing it makes a new rate (replace). */
  effectiveFrom?: pulumi.Input<string>;
}

/**
 * One entry of a tenant's rate history (`PUT /v1/tenants/{id}/rates`, admin token). Price changes
 * update the entry in place; another `effectiveFrom` adds a new entry. **Deleting the resource keeps
 * the entry**: rates are history (past invoices are priced with them) and the API removes none.
 */
export class TenantRate extends pulumi.dynamic.Resource {
  declare readonly tenantID: pulumi.Output<string>;
  declare readonly cpuMilliRate: pulumi.Output<string>;
  declare readonly memMibRate: pulumi.Output<string>;
  declare readonly currency: pulumi.Output<string>;
  declare readonly tier: pulumi.Output<string>;
  declare readonly discountPercent: pulumi.Output<string>;
  declare readonly effectiveFrom: pulumi.Output<string>;

  constructor(name: string, args: TenantRateArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      tenantRateProvider,
      name,
      {
        ...connectionInputs(args.connection),
        tenantID: args.tenantID,
        cpuMilliRate: args.cpuMilliRate,
        memMibRate: args.memMibRate,
        currency: args.currency,
        tier: args.tier,
        discountPercent: args.discountPercent,
        effectiveFrom: args.effectiveFrom,
      },
      withSecretToken(opts),
      MODULE,
      'TenantRate',
    );
  }
}
