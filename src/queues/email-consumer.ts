import { tenantsRepo } from '../db/platform';
import type { Db } from '../db/client';
import { forTenant } from '../db/tenant';
import { themeFor } from '../domain/theme';
import type { EmailSender } from '../integrations/email';
import type { Clock } from '../lib/clock';
import { PermanentError } from '../lib/delivery-errors';
import { emailTemplates, type RenderedEmail } from '../../templates/emails';
import type { Handler } from './dispatch';
import type { PasswordLinkRequest, SecretTemplate, UnsealedEmail } from './messages';
import type { Logger } from '../lib/logger';
import { secretsOf, type Config } from '../env';
import { createPasswordLink, findBorrower } from '../services/sign-in';
import { emailDecision, keepsDevCopy, openSecret, secretPlaceholders } from '../services/notifications';
import { tenantUrl } from '../services/tenant-url';

export interface EmailConsumerDeps {
  db: Db;
  sender: EmailSender;
  clock: Clock;
  config: Config;
}

const LINK_MINUTES = 30;

/**
 * Renders and sends one email per message. Idempotent: a message already recorded is skipped,
 * and the provider gets the message id as its idempotency key for the send-then-crash window.
 * What is recorded is the email without its secret (services/notifications); an account notice
 * the customer's Email access does not allow is recorded, unsent, with the reason.
 */
export function emailConsumer(deps: EmailConsumerDeps): Handler<'email'> {
  return async (message, ctx) => {
    if ('kind' in message) return passwordLink(deps, message, ctx);
    return sendOne(deps, message, await openSecret(deps.config, message), ctx);
  };
}

/**
 * Sends a sign-up or reset link only when the address belongs to a borrower it suits (sign-up:
 * no password yet; reset: has one); otherwise nothing, silently. Runs once per message. The link
 * is made here and goes only to the sender: no queue message ever holds it.
 */
async function passwordLink(deps: EmailConsumerDeps, message: PasswordLinkRequest, ctx: { attempt: number; logger: Logger }) {
  const tenant = await tenantsRepo(deps.db).findById(message.tenantId);
  if (!tenant || tenant.status !== 'active') return;
  const tdb = forTenant(deps.db, tenant.id);
  if (await tdb.emails.findByMessageId(message.id)) return;
  const borrower = await findBorrower(tdb, message.email);
  const eligible = borrower && (message.purpose === 'set-password' ? !borrower.passwordHash : !!borrower.passwordHash);
  if (!borrower || !eligible) {
    ctx.logger.info('password link not sent: no eligible borrower for that address');
    return;
  }
  const now = deps.clock.now();
  const jwt = await createPasswordLink(tdb, secretsOf(deps.config).tokenSecret, borrower.subject, message.purpose, now, LINK_MINUTES);
  const link = tenantUrl(deps.config, tenant.slug, `/reset?token=${encodeURIComponent(jwt)}`);
  const email = { id: message.id, tenantId: tenant.id, to: borrower.email, customerId: borrower.subject.id, template: message.purpose, data: { name: borrower.name, minutes: LINK_MINUTES } } satisfies UnsealedEmail;
  await sendOne(deps, email, { link }, ctx);
}

async function sendOne(deps: EmailConsumerDeps, message: UnsealedEmail, secret: Record<string, string> | undefined, { logger }: { attempt: number; logger: Logger }) {
  const tenant = await tenantsRepo(deps.db).findById(message.tenantId);
  if (!tenant) throw new PermanentError(`tenant ${message.tenantId} does not exist`);
  if (tenant.status !== 'active') throw new PermanentError(`tenant ${tenant.slug} is ${tenant.status}; its emails are not sent`);
  const tdb = forTenant(deps.db, tenant.id);
  if (await tdb.emails.findByMessageId(message.id)) {
    logger.info('email already sent; duplicate delivery ignored');
    return;
  }
  const theme = themeFor(tenant.branding);
  const from = `${quoteName(theme.name)} <${deps.config.EMAIL_FROM_ADDRESS}>`;
  const now = deps.clock.now();
  const base = { messageId: message.id, template: message.template, customerId: message.customerId ?? null, toAddress: message.to, fromAddress: from };
  const decision = await emailDecision(tdb, message);
  if (!decision.send) {
    // Kept as it would have read (account notices carry no secret), for staff to see it was not sent and why.
    await tdb.emails.record({ ...base, ...(await render(message, undefined, theme)), provider: 'none', providerMessageId: null, sentAt: now, suppressedReason: decision.reason });
    logger.info('email not sent', { template: message.template, reason: decision.reason });
    return;
  }
  const rendered = await render(message, secret, theme);
  const { providerMessageId } = await deps.sender.send({ idempotencyKey: message.id, from, to: message.to, ...rendered });
  // The kept copy is rendered again with placeholders where the secret was: never the secret itself.
  const kept = secret ? await render(message, secretPlaceholders(message.template as SecretTemplate), theme) : rendered;
  await tdb.emails.record({ ...base, ...kept, provider: deps.sender.provider, providerMessageId, sentAt: now });
  if (secret && keepsDevCopy(deps.config, deps.sender.provider)) await tdb.devOutbox.keep({ channel: 'email', refId: message.id, ...rendered, createdAt: now });
  logger.info('email sent', { template: message.template, provider: deps.sender.provider });
}

/** The email for a message, with its secret (or placeholders) where the template has one. Header fields never carry control characters. */
async function render(message: UnsealedEmail, secret: Record<string, string> | undefined, theme: ReturnType<typeof themeFor>): Promise<RenderedEmail> {
  const email = await renderTemplate(message, secret, theme);
  return { ...email, subject: email.subject.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim() };
}

function renderTemplate(message: UnsealedEmail, secret: Record<string, string> | undefined, theme: ReturnType<typeof themeFor>): Promise<RenderedEmail> {
  const needs = <T>(value: T | undefined): T => {
    if (value === undefined) throw new PermanentError(`a ${message.template} email needs its secret`);
    return value;
  };
  switch (message.template) {
    case 'portal-ready':
      return emailTemplates['portal-ready'](message.data, theme);
    case 'password-reset':
      return emailTemplates['password-reset']({ ...message.data, link: needs(secret?.link) }, theme);
    case 'set-password':
      return emailTemplates['set-password']({ ...message.data, link: needs(secret?.link) }, theme);
    case 'staff-invitation':
      return emailTemplates['staff-invitation']({ ...message.data, link: needs(secret?.link) }, theme);
    case 'email-change-code':
      return emailTemplates['email-change-code']({ ...message.data, code: needs(secret?.code) }, theme);
    case 'sign-in-code':
      return emailTemplates['sign-in-code']({ ...message.data, code: needs(secret?.code) }, theme);
    case 'security-notice':
      return emailTemplates['security-notice'](message.data, theme);
    case 'payment-notice':
      return emailTemplates['payment-notice'](message.data, theme);
    case 'test':
      return emailTemplates.test(message.data, theme);
  }
}

/** RFC 5322 display name: quoted, with quotes and backslashes escaped. */
function quoteName(name: string): string {
  return `"${name.replace(/["\\]/g, (ch) => `\\${ch}`).replace(/[\r\n]/g, ' ')}"`;
}
