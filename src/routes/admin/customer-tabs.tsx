import { Hono } from 'hono';
import type { AppEnv } from '../../env';

/** A customer's employer, references, notes, documents and payment profiles. */
export function customerTabRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
