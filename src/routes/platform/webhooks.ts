import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import type { WebhookResult } from '../../services/payment-webhooks';

/** Processor callbacks on the platform host (one endpoint for all tenants; the payment names its tenant). */
export function webhookRoutes(handlers: { payment(rawBody: string, headers: Headers): Promise<WebhookResult> }) {
  const app = new Hono<AppEnv>();
  app.post('/payments', async (c) => {
    const result = await handlers.payment(await c.req.text(), c.req.raw.headers);
    // 400 tells the processor the signature failed; anything else is acknowledged so it stops retrying.
    if (result === 'bad-signature') return c.json({ error: 'signature did not verify' }, 400);
    // Not recorded yet (a webhook can beat our write of the processor's id): 404 makes the processor retry.
    if (result === 'unknown-payment') return c.json({ error: 'no such payment yet' }, 404);
    return c.json({ received: true, result });
  });
  return app;
}
