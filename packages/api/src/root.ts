import { appsRouter } from './router/apps.js';
import { invoicesRouter, ratesRouter, usageRouter } from './router/billing.js';
import { clustersRouter } from './router/clusters.js';
import { kubeconfigsRouter } from './router/kubeconfigs.js';
import { platformRouter } from './router/platform.js';
import { projectsRouter } from './router/projects.js';
import { tenantsRouter } from './router/tenants.js';
import { tokensRouter } from './router/tokens.js';
import { router } from './trpc.js';

export const appRouter = router({
  tenants: tenantsRouter,
  projects: projectsRouter,
  apps: appsRouter,
  clusters: clustersRouter,
  platform: platformRouter,
  kubeconfigs: kubeconfigsRouter,
  tokens: tokensRouter,
  usage: usageRouter,
  invoices: invoicesRouter,
  rates: ratesRouter,
});

export type AppRouter = typeof appRouter;
