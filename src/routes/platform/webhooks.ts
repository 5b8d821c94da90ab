import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { EMPTY_TWIML } from '../../integrations/sms/twilio-inbound';
import type { WebhookResult } from '../../services/payment-webhooks';
import type { InboundSmsResult } from '../../services/sms-inbound';

/** What a webhook handler is given: the URL it was called at, the body as sent, the headers. */
export interface WebhookRequest {
  url: string;
  rawBody: string;
  headers: Headers;
}

/** Processor and provider callbacks on the platform host (one endpoint each for all tenants; the payload leads to its tenant). */
export function webhookRoutes(handlers: { payment(rawBody: string, headers: Headers): Promise<WebhookResult>; twilioSms(request: WebhookRequest): Promise<InboundSmsResult> }) {
  const app = new Hono<AppEnv>();
  app.post('/payments', async (c) => {
    const result = await handlers.payment(await c.req.text(), c.req.raw.headers);
    // 400 tells the processor the signature failed; anything else is acknowledged so it stops retrying.
    if (result === 'bad-signature') return c.json({ error: 'signature did not verify' }, 400);
    // Not recorded yet (a webhook can beat our write of the processor's id): 404 makes the processor retry.
    if (result === 'unknown-payment') return c.json({ error: 'no such payment yet' }, 404);
    return c.json({ received: true, result });
  });
  // Twilio's "A message comes in" webhook: customers' replies to our texts (services/sms-inbound.ts).
  app.post('/sms/twilio', async (c) => {
    const result = await handlers.twilioSms({ url: c.req.url, rawBody: await c.req.text(), headers: c.req.raw.headers });
    // Texts do not go through Twilio here: the endpoint is not published.
    if (result === 'disabled') return c.notFound();
    if (result === 'refused') return c.json({ error: 'signature did not verify' }, 403);
    if (result === 'malformed') return c.json({ error: 'not an incoming message' }, 400);
    // Recorded, already recorded, or no conversation to put it in: acknowledged, and no reply is sent.
    return c.body(EMPTY_TWIML, 200, { 'content-type': 'text/xml; charset=utf-8' });
  });
  return app;
}
