import { Hono } from 'hono';
import type { AppEnv } from '../../env';

/** A customer's communication history, privacy tools and view-as-borrower. */
export function communicationRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
