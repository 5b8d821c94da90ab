import { findSmsConversation } from '../db/platform';
import { forTenant, type TenantDb } from '../db/tenant';
import type { AppDeps, Config } from '../env';
import { formParams, parseInboundSms, smsKeyword, verifyTwilioSignature } from '../integrations/sms/twilio-inbound';

/** Where Twilio posts replies, on the platform host (the bare BASE_DOMAIN): one endpoint for every lender. */
export const TWILIO_INBOUND_PATH = '/webhooks/sms/twilio';

/** A reply is matched to our texts of the last this many days; older conversations are over. */
export const REPLY_WINDOW_DAYS = 30;

/**
 * The URL Twilio signs, built from configuration only (never from the request's Host, which a
 * proxy may rewrite): `<PUBLIC_SCHEME>://<BASE_DOMAIN>[:PUBLIC_PORT]/webhooks/sms/twilio`, the
 * port only when not the scheme's default (the same rule as tenantUrl), plus the query string the
 * request came with (Twilio signs the URL as configured, query included). So the number's (or
 * Messaging Service's) "A message comes in" webhook must be set to exactly this URL, e.g.
 * https://onlineaccess.io/webhooks/sms/twilio: any other spelling (www., a trailing slash, an
 * explicit :443) makes every signature fail with 403.
 */
export function twilioInboundUrl(config: Pick<Config, 'PUBLIC_SCHEME' | 'BASE_DOMAIN' | 'PUBLIC_PORT'>, search = ''): string {
  const port = config.PUBLIC_PORT && ![80, 443].includes(config.PUBLIC_PORT) ? `:${config.PUBLIC_PORT}` : '';
  return `${config.PUBLIC_SCHEME}://${config.BASE_DOMAIN}${port}${TWILIO_INBOUND_PATH}${search}`;
}

/**
 * disabled: SMS_PROVIDER is not twilio (404) · refused: no valid signature, or another Twilio
 * account's message (403) · malformed: signed but without From, To, MessageSid or AccountSid (400) ·
 * the rest are acknowledged (200, empty TwiML) so Twilio stops retrying: recorded, duplicate
 * (that MessageSid is already in the thread), unrouted (no conversation with that number).
 */
export type InboundSmsResult = 'disabled' | 'refused' | 'malformed' | 'recorded' | 'duplicate' | 'unrouted';

/** Only the last four digits of a number reach the logs. */
const lastFour = (number: string) => `…${number.replace(/\D/g, '').slice(-4)}`;

/**
 * A customer's reply by text. It is verified (X-Twilio-Signature over twilioInboundUrl), routed
 * to the customer we last texted at the sender's number (within REPLY_WINDOW_DAYS, any tenant:
 * every lender sends from the same number) and recorded in that customer's thread, once per
 * MessageSid. An opt-out keyword (STOP…) first switches text messages off on every account
 * link of the customer, audited as the customer's own change; START/UNSTOP switches nothing
 * back (staff decide, on the Links tab) and is only recorded.
 *
 * Duplicates: a redelivery finds the MessageSid in the thread and changes nothing; two deliveries
 * at the very same moment are settled by the unique index on received messages' provider ids.
 */
export async function handleTwilioInbound(deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'logger'>, request: { url: string; rawBody: string; headers: Headers }): Promise<InboundSmsResult> {
  const { config, logger } = deps;
  if (config.SMS_PROVIDER !== 'twilio' || !config.TWILIO_ACCOUNT_SID || !config.TWILIO_AUTH_TOKEN) return 'disabled';
  const params = formParams(request.rawBody);
  const signedUrl = twilioInboundUrl(config, new URL(request.url).search);
  if (!(await verifyTwilioSignature(config.TWILIO_AUTH_TOKEN, signedUrl, params, request.headers.get('x-twilio-signature')))) {
    logger.warn('twilio inbound refused', { reason: request.headers.has('x-twilio-signature') ? 'signature does not match' : 'no X-Twilio-Signature header', signedUrl });
    return 'refused';
  }
  const sms = parseInboundSms(params);
  if (!sms) {
    logger.warn('twilio inbound malformed', { reason: 'missing From, To, MessageSid or AccountSid' });
    return 'malformed';
  }
  if (sms.accountSid !== config.TWILIO_ACCOUNT_SID) {
    logger.warn('twilio inbound refused', { reason: 'AccountSid is not TWILIO_ACCOUNT_SID', messageSid: sms.messageSid });
    return 'refused';
  }
  const now = deps.clock.now();
  const conversation = await findSmsConversation(deps.db, sms.from, 'twilio', new Date(now.getTime() - REPLY_WINDOW_DAYS * 86_400_000));
  const tdb = conversation ? forTenant(deps.db, conversation.tenantId) : undefined;
  const customer = conversation && tdb ? await tdb.customers.find(conversation.customerId) : undefined;
  if (!tdb || !customer) {
    logger.info('twilio inbound not routed', { reason: `no text to this number in the last ${REPLY_WINDOW_DAYS} days`, messageSid: sms.messageSid, from: lastFour(sms.from) });
    return 'unrouted';
  }
  const thread = await tdb.sms.forCustomer(customer.id);
  if (thread.some((m) => m.direction === 'inbound' && m.provider === 'twilio' && m.providerMessageId === sms.messageSid)) return 'duplicate';
  const keyword = smsKeyword(sms.body);
  // Before the message is recorded: if this fails, Twilio's retry finds no record and does it again.
  if (keyword === 'opt-out') await switchSmsOff(tdb, customer.id, now);
  if (!(await tdb.sms.recordInbound({ customerId: customer.id, fromNumber: sms.from, toNumber: sms.to, body: sms.body, provider: 'twilio', providerMessageId: sms.messageSid, sentAt: now }))) return 'duplicate';
  logger.info('twilio inbound recorded', { tenantId: conversation!.tenantId, messageSid: sms.messageSid, keyword });
  return 'recorded';
}

/**
 * The customer texted STOP (or another opt-out word): text messages off on each of their account
 * links that had them on, one audit row per link, as the customer's own change (the same action
 * and before/after as a member of staff's switch on the Links tab).
 */
async function switchSmsOff(tdb: TenantDb, customerId: string, now: Date): Promise<void> {
  for (const { account, link } of await tdb.accounts.forCustomer(customerId)) {
    if (!link.smsAccess) continue;
    await tdb.accounts.setAccess(customerId, account.id, { smsAccess: false }, now);
    await tdb.audit.record({ actorType: 'customer', actorId: customerId, action: 'link.access-changed', entityType: 'customer', entityId: customerId, before: { account: account.displayId, smsAccess: true }, after: { account: account.displayId, smsAccess: false } }, now);
  }
}
