export { Tenant, type TenantArgs } from './tenant.js';
export { Project, type ProjectArgs } from './project.js';
export { App, type AppArgs } from './app.js';
export { TenantRate, type TenantRateArgs } from './tenant-rate.js';
export type { KubeopConnectionArgs, KubeopResourceArgs } from './connection.js';
// The providers, for tests and for programs that build their own dynamic resources on them.
export { tenantProvider, type TenantInputs, type TenantOutputs } from './provider/tenant.js';
export { projectProvider, type ProjectInputs, type ProjectOutputs } from './provider/project.js';
export { appProvider, type AppInputs, type AppOutputs } from './provider/app.js';
export { tenantRateProvider, type TenantRateInputs, type TenantRateOutputs } from './provider/tenant-rate.js';
export type { ConnectionProps } from './provider/client.js';
