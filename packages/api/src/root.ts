import { appsRouter } from './router/apps.js';
import { projectsRouter } from './router/projects.js';
import { tenantsRouter } from './router/tenants.js';
import { router } from './trpc.js';

export const appRouter = router({
  tenants: tenantsRouter,
  projects: projectsRouter,
  apps: appsRouter,
});

export type AppRouter = typeof appRouter;
