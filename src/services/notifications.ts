import type { Subject } from '../db/repositories/auth';
import type { Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { accountMessageDecision, EMAIL_TEMPLATE_PURPOSE, type Decision } from '../domain/notification-policy';
import { CODE_HIDDEN, LINK_HIDDEN } from '../domain/sensitive-messages';
import { devRoutesEnabled, type Config } from '../env';
import type { SmsSender } from '../integrations/sms';
import { PermanentError } from '../lib/delivery-errors';
import { formatInstant } from '../lib/format';
import { newId } from '../lib/ids';
import { decryptString, DecryptError, encryptString } from '../lib/secrets';
import { emailSecretSchemas, type EmailDraft, type PasswordLinkRequest, type QueueProducer, type SecretTemplate, type SecurityChange, type SendEmailMessage, type UnsealedEmail } from '../queues/messages';
import { dataKeysOf } from './data-keys';
import { tenantUrl } from './tenant-url';

/**
 * The one way messages leave the portal. Every email is queued here (queueEmail); the email
 * consumer asks emailDecision before it sends; texts go out through sendText.
 *
 * - Secrets (links that set a password or accept an invitation, sign-in and confirmation codes)
 *   are never stored in plaintext: in the queue they are sealed (AES-GCM under the data key,
 *   bound to the tenant, message and template); the emails and sms_messages rows keep the
 *   message rendered without them. Only the development outbox (not production, outbox provider)
 *   keeps a whole copy, in its own table, for the developer (keepsDevCopy).
 * - Account notices (payments, AutoPay…) honour the Email access of every account they are about;
 *   a notice not sent is recorded for staff with the reason. Security messages always go.
 */

export interface EmailQueueDeps {
  queue: QueueProducer;
  config: Config;
}

type SecretDraft = Extract<EmailDraft, { secret: unknown }>;
type PlainDraft = Exclude<EmailDraft, { secret: unknown }>;

const sealContext = (m: { tenantId: string; id: string; template: string }) => `email-secret:${m.tenantId}:${m.id}:${m.template}`;

/**
 * Queues an email (or a sign-up/reset request, whose link the consumer makes). A draft with a
 * secret needs the configuration (its data key) to seal it.
 */
export async function queueEmail(deps: { queue: QueueProducer; config?: Config }, draft: EmailDraft | PasswordLinkRequest): Promise<void> {
  if ('kind' in draft || !('secret' in draft)) {
    await deps.queue.send('email', draft as PlainDraft | PasswordLinkRequest as SendEmailMessage | PasswordLinkRequest);
    return;
  }
  if (!deps.config) throw new Error(`queueEmail: a ${draft.template} email carries a secret and needs the configuration to seal it`);
  const { secret, ...rest } = draft as SecretDraft;
  const sealed = await encryptString(await dataKeysOf(deps.config), JSON.stringify(secret), sealContext(draft));
  await deps.queue.send('email', { ...rest, sealed } as SendEmailMessage);
}

/** The secret a queued message carries, opened for rendering the email that is sent; undefined for templates without one. */
export async function openSecret(config: Config, message: SendEmailMessage): Promise<Record<string, string> | undefined> {
  if (!('sealed' in message)) return undefined;
  let json: string;
  try {
    json = await decryptString(await dataKeysOf(config), message.sealed, sealContext(message));
  } catch (err) {
    // Another key, another message's seal or tampering: no retry will open it.
    if (err instanceof DecryptError) throw new PermanentError(`the ${message.template} email's secret cannot be opened: ${err.message}`);
    throw err;
  }
  const parsed = emailSecretSchemas[message.template as SecretTemplate].safeParse(JSON.parse(json));
  if (!parsed.success) throw new PermanentError(`the ${message.template} email's secret is not well formed`);
  return parsed.data as Record<string, string>;
}

/** What stands in for a secret in the copy that is kept: the email reads "[code hidden]" where the code was. */
export function secretPlaceholders(template: SecretTemplate): Record<string, string> {
  return 'link' in emailSecretSchemas[template].shape ? { link: LINK_HIDDEN } : { code: CODE_HIDDEN };
}

/**
 * Whether the developer outbox keeps whole copies (secrets included) of what is sent: only where
 * its pages exist (never production) and only for the provider that delivers nowhere.
 */
export const keepsDevCopy = (config: Config, provider: string): boolean => devRoutesEnabled(config) && provider === 'outbox';

/**
 * Whether an email may be sent now, asked by the consumer just before it sends (access may have
 * changed since it was queued). Security and service emails always go; an account notice only
 * while the customer's link to every account it is about has Email access on.
 */
export async function emailDecision(tdb: TenantDb, message: UnsealedEmail): Promise<Decision> {
  if (EMAIL_TEMPLATE_PURPOSE[message.template] !== 'account') return { send: true };
  const accountIds = 'accountIds' in message ? message.accountIds : [];
  if (!message.customerId) return { send: false, reason: 'it is about an account but names no customer' };
  const links = await tdb.accounts.forCustomer(message.customerId);
  const access = links.map((l) => ({ accountId: l.account.id, displayId: l.account.displayId, emailAccess: l.link.emailAccess, smsAccess: l.link.smsAccess }));
  const known = new Set(access.map((a) => a.accountId));
  const displayIds: Record<string, string> = {};
  for (const id of accountIds.filter((id) => !known.has(id))) {
    const account = await tdb.accounts.find(id);
    if (account) displayIds[id] = account.displayId;
  }
  return accountMessageDecision('email', accountIds, access, displayIds);
}

export interface AccountNotice {
  subject: string;
  paragraphs: string[];
  facts: [string, string][];
  link: string;
  /** How to reach the lender. */
  contact?: string;
}

/**
 * A notice to a customer about one or more of their accounts (receipts, failed and returned
 * payments, AutoPay). `key` makes a repeat the same message. Whether it goes is decided when it
 * is sent (emailDecision): with Email access off it is kept, unsent, for staff to see.
 */
export async function queueAccountNotice(tdb: TenantDb, deps: { queue: QueueProducer }, tenant: Pick<Tenant, 'id'>, input: { customerId: string; accountIds: string[]; key: string; notice: AccountNotice }): Promise<void> {
  const customer = await tdb.customers.find(input.customerId);
  if (!customer?.email) return;
  await queueEmail(deps, { id: `${tenant.id}:${input.key}`, tenantId: tenant.id, to: customer.email, customerId: input.customerId, template: 'payment-notice', accountIds: input.accountIds, data: { name: customer.firstName, ...input.notice } });
}

/**
 * Tells a person about a change to how they sign in, at once and whatever their accounts' Email
 * access: what changed, when (in the lender's time zone), and what to do if it was not them. It
 * never carries a link that signs in. `to` overrides the address on file (an email change tells
 * the old address and the new one).
 */
export async function queueSecurityNotice(
  tdb: TenantDb,
  deps: EmailQueueDeps,
  tenant: Pick<Tenant, 'id' | 'slug' | 'timeZone' | 'settings'>,
  input: { subject: Subject; change: SecurityChange; now: Date; detail?: string; to?: string },
): Promise<void> {
  const person = input.subject.type === 'agent' ? await tdb.agents.find(input.subject.id) : await tdb.customers.find(input.subject.id);
  if (!person) return;
  const name = 'firstName' in person ? `${person.firstName} ${person.lastName}` : person.name;
  const to = input.to ?? person.email;
  if (!to) return;
  const customer = input.subject.type === 'customer';
  await queueEmail(deps, {
    id: newId(),
    tenantId: tenant.id,
    to,
    ...(customer ? { customerId: input.subject.id } : {}),
    template: 'security-notice',
    data: {
      name,
      change: input.change,
      when: formatInstant(input.now, tenant.timeZone),
      ...(input.detail ? { detail: input.detail } : {}),
      audience: customer ? 'customer' : 'agent',
      ...(customer ? { resetLink: tenantUrl(deps.config, tenant.slug, '/forgot') } : {}),
      ...(tenant.settings.supportPhone ? { supportPhone: tenant.settings.supportPhone } : {}),
    },
  });
}

export interface TextDeps {
  sms: SmsSender;
  config: Config;
}

/**
 * Sends one text now and records it in the customer's thread. `kept` is what the record says
 * when the text carries a secret (the code replaced); the developer outbox alone keeps the whole
 * body. Errors from the sender propagate, with nothing recorded.
 */
export async function sendText(tdb: TenantDb, deps: TextDeps, input: { customerId: string | null; to: string; body: string; kept?: string; idempotencyKey: string; now: Date }): Promise<void> {
  const { providerMessageId } = await deps.sms.send({ idempotencyKey: input.idempotencyKey, to: input.to, body: input.body });
  const id = await tdb.sms.record({ customerId: input.customerId, toNumber: input.to, body: input.kept ?? input.body, provider: deps.sms.provider, providerMessageId, sentAt: input.now });
  if (input.kept !== undefined && keepsDevCopy(deps.config, deps.sms.provider)) await tdb.devOutbox.keep({ channel: 'sms', refId: id, text: input.body, createdAt: input.now });
}
