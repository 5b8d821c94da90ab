import { changeLink } from './customer-admin';
import { findSmsConversation, smsOptOutsRepo } from '../db/platform';
import { forTenant, type TenantDb } from '../db/tenant';
import type { AppDeps, Config } from '../env';
import { formParams, inboundKeyword, parseInboundSms, verifyTwilioSignature, type InboundSms } from '../integrations/sms/twilio-inbound';

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
 * (that MessageSid is already kept), not-ours (sent to a number that is not our sending number),
 * unrouted (nobody holds that number and was texted at it lately), ambiguous (more than one
 * customer, at one lender or several, does).
 */
export type InboundSmsResult = 'disabled' | 'refused' | 'malformed' | 'recorded' | 'duplicate' | 'not-ours' | 'unrouted' | 'ambiguous';

/** Only the last four digits of a number reach the logs. */
const lastFour = (number: string) => `…${number.replace(/\D/g, '').slice(-4)}`;

/**
 * Whether the message was sent to us: our number (TWILIO_FROM), or, when texts go out through a
 * Messaging Service (TWILIO_MESSAGING_SERVICE_SID), one of that service's numbers (Twilio names
 * the service in MessagingServiceSid). Anything else the account receives is not for this portal.
 */
function sentToUs(config: Pick<Config, 'TWILIO_FROM' | 'TWILIO_MESSAGING_SERVICE_SID'>, sms: InboundSms): boolean {
  if (config.TWILIO_FROM && sms.to === config.TWILIO_FROM) return true;
  return !!config.TWILIO_MESSAGING_SERVICE_SID && sms.messagingServiceSid === config.TWILIO_MESSAGING_SERVICE_SID;
}

/**
 * A customer's reply by text. It is verified (X-Twilio-Signature over twilioInboundUrl), must be
 * addressed to our sending number, and is routed only to a customer who holds the sender's number
 * as theirs (verified sign-in phone or a phone on their record) and whom we texted at it within
 * REPLY_WINDOW_DAYS: exactly one such customer, at any lender (every lender sends from the same
 * number). None, or more than one, and nothing is recorded: a reply must never land in the wrong
 * lender's or customer's thread. It is recorded in that customer's thread once per MessageSid.
 *
 * Opt-out keywords (STOP…, or Twilio's OptOutType=STOP) put the sender's phone on the platform-wide
 * opt-out list whatever the routing (the carrier's block is per phone, for every lender), so no
 * sign-in code is offered or texted to it; a routed customer also has text messages switched off on
 * each account link, audited as their own change. START/UNSTOP (OptOutType=START) takes the phone
 * off the list; the link switches stay off for staff to decide, on the Links tab.
 *
 * Duplicates: a redelivery (even at the very same moment) is settled by the unique index on
 * received messages' (provider, provider id); the opt-out steps before it are idempotent.
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
  if (!sentToUs(config, sms)) {
    logger.warn('twilio inbound dropped', { reason: 'To is not our sending number', messageSid: sms.messageSid, to: lastFour(sms.to) });
    return 'not-ours';
  }
  const now = deps.clock.now();
  const keyword = inboundKeyword(sms);
  // Platform-wide, before routing: the phone's block at the carrier does not depend on whom we can place the reply with.
  const optOuts = smsOptOutsRepo(deps.db);
  if (keyword === 'opt-out') await optOuts.optOut(sms.from, sms.body.trim().toUpperCase().slice(0, 32) || 'STOP', now, sms.to);
  if (keyword === 'opt-in') await optOuts.optIn(sms.from);

  const candidates = await findSmsConversation(deps.db, sms.from, 'twilio', new Date(now.getTime() - REPLY_WINDOW_DAYS * 86_400_000));
  if (candidates.length > 1) {
    logger.warn('twilio inbound not routed', { reason: 'ambiguous', detail: 'more than one customer holds this number and was texted at it', messageSid: sms.messageSid, from: lastFour(sms.from), keyword });
    return 'ambiguous';
  }
  const conversation = candidates[0];
  const tdb = conversation ? forTenant(deps.db, conversation.tenantId) : undefined;
  const customer = conversation && tdb ? await tdb.customers.find(conversation.customerId) : undefined;
  if (!conversation || !tdb || !customer) {
    logger.info('twilio inbound not routed', { reason: 'unrouted', detail: `no customer holds this number and was texted at it in the last ${REPLY_WINDOW_DAYS} days`, messageSid: sms.messageSid, from: lastFour(sms.from), keyword });
    return 'unrouted';
  }
  // Before the message is recorded: if this fails, Twilio's retry finds no record and does it again.
  if (keyword === 'opt-out') await switchSmsOff(tdb, customer.id, now);
  if (!(await tdb.sms.recordInbound({ customerId: customer.id, fromNumber: sms.from, toNumber: sms.to, body: sms.body, provider: 'twilio', providerMessageId: sms.messageSid, sentAt: now }))) return 'duplicate';
  logger.info('twilio inbound recorded', { tenantId: conversation.tenantId, messageSid: sms.messageSid, keyword });
  return 'recorded';
}

/**
 * The customer texted STOP (or another opt-out word): text messages off on each of their account
 * links that had them on, one audit row per link, as the customer's own change (the same action
 * and before/after as a member of staff's switch on the Links tab).
 */
async function switchSmsOff(tdb: TenantDb, customerId: string, now: Date): Promise<void> {
  for (const { account } of await tdb.accounts.forCustomer(customerId)) {
    await changeLink(tdb, { customerId, account, change: { kind: 'access', channel: 'smsAccess', on: false }, actor: { type: 'customer', id: customerId } }, now);
  }
}
