import { tenantsRepo } from '../db/platform';
import type { Db } from '../db/client';
import { forTenant } from '../db/tenant';
import { themeFor } from '../domain/theme';
import type { EmailSender } from '../integrations/email';
import type { Clock } from '../lib/clock';
import { PermanentError } from '../lib/delivery-errors';
import { emailTemplates, type RenderedEmail } from '../../templates/emails';
import type { Handler } from './dispatch';
import type { PasswordLinkRequest, SendEmailMessage } from './messages';
import type { Logger } from '../lib/logger';
import { secretsOf, type Config } from '../env';
import { createPasswordLink, findBorrower } from '../services/sign-in';
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
 */
export function emailConsumer(deps: EmailConsumerDeps): Handler<'email'> {
  return async (message, ctx) => {
    if ('kind' in message) return passwordLink(deps, message, ctx);
    return sendOne(deps, message, ctx);
  };
}

/**
 * Sends a sign-up or reset link only when the address belongs to a borrower it suits (sign-up:
 * no password yet; reset: has one); otherwise nothing, silently. Runs once per message.
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
  await sendOne(deps, { id: message.id, tenantId: tenant.id, to: borrower.email, customerId: borrower.subject.id, template: message.purpose, data: { name: borrower.name, link, minutes: LINK_MINUTES } }, ctx);
}

async function sendOne(deps: EmailConsumerDeps, message: SendEmailMessage, { logger }: { attempt: number; logger: Logger }) {
  {
    const tenant = await tenantsRepo(deps.db).findById(message.tenantId);
    if (!tenant) throw new PermanentError(`tenant ${message.tenantId} does not exist`);
    if (tenant.status !== 'active') throw new PermanentError(`tenant ${tenant.slug} is ${tenant.status}; its emails are not sent`);
    const tdb = forTenant(deps.db, tenant.id);
    if (await tdb.emails.findByMessageId(message.id)) {
      logger.info('email already sent; duplicate delivery ignored');
      return;
    }
    const theme = themeFor(tenant.branding);
    const rendered = await render(message, theme);
    // Header fields never carry line breaks or control characters (header injection).
    rendered.subject = rendered.subject.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    const from = `${quoteName(theme.name)} <${deps.config.EMAIL_FROM_ADDRESS}>`;
    const { providerMessageId } = await deps.sender.send({ idempotencyKey: message.id, from, to: message.to, ...rendered });
    await tdb.emails.record({
      messageId: message.id,
      template: message.template,
      customerId: message.customerId ?? null,
      toAddress: message.to,
      fromAddress: from,
      ...rendered,
      provider: deps.sender.provider,
      providerMessageId,
      sentAt: deps.clock.now(),
    });
    logger.info('email sent', { template: message.template, provider: deps.sender.provider });
  }
}

function render(message: SendEmailMessage, theme: ReturnType<typeof themeFor>): Promise<RenderedEmail> {
  switch (message.template) {
    case 'portal-ready':
      return emailTemplates['portal-ready'](message.data, theme);
    case 'password-reset':
      return emailTemplates['password-reset'](message.data, theme);
    case 'set-password':
      return emailTemplates['set-password'](message.data, theme);
    case 'staff-invitation':
      return emailTemplates['staff-invitation'](message.data, theme);
    case 'email-change-code':
      return emailTemplates['email-change-code'](message.data, theme);
    case 'email-changed':
      return emailTemplates['email-changed'](message.data, theme);
    case 'sign-in-code':
      return emailTemplates['sign-in-code'](message.data, theme);
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
