import { Hono } from 'hono';
import type { AppEnv } from '../../env';

/** Staff and roles: the team list, invitations, role changes (helper A). */
export function staffRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
