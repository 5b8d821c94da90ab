import { Hono } from 'hono';
import type { AppEnv } from '../../env';

/** Staff account pages: create, schedule, ledger, payments. */
export function accountAdminRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
