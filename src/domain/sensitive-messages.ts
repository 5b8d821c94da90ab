import type { EmailTemplateName } from '../queues/messages';
import { plainText } from './plain-text';

/**
 * What staff may read of the messages sent to a customer. Some messages carry a live secret: a
 * link that sets a password or accepts an invitation, or a code that completes a sign-in or
 * proves an address. Anyone who reads one in time can take the account over, so it is never
 * stored: the email is kept as rendered with these placeholders in place of its secret, and a
 * texted code is kept with CODE_HIDDEN in its place (services/notifications). What is here is
 * applied again on the way to staff (the communication history, the whole-email view and the
 * personal-data export), for rows kept before that and any link that slipped into other text.
 * Pure: no I/O.
 */

export const LINK_HIDDEN = '[sign-in link hidden from staff]';
export const CODE_HIDDEN = '[code hidden]';

/**
 * Which email templates carry a secret (every template must be decided here: a new template does
 * not compile until it is). Their links and 6-digit codes are hidden from staff.
 */
export const EMAIL_TEMPLATE_CARRIES_SECRET: Record<EmailTemplateName, boolean> = {
  'password-reset': true,
  'set-password': true,
  'staff-invitation': true,
  'sign-in-code': true,
  'email-change-code': true,
  'portal-ready': false,
  'security-notice': false,
  'payment-notice': false,
  test: false,
};

export const carriesSecret = (template: string): boolean => Object.hasOwn(EMAIL_TEMPLATE_CARRIES_SECRET, template) && EMAIL_TEMPLATE_CARRIES_SECRET[template as EmailTemplateName];

/** Anything carrying `token=` (a link with or without a scheme, up to the next space), wherever it appears: always a secret. */
const TOKEN_LINK = /\S*token=\S*/gi;
/** Any web address: in a template that carries a secret, its links are the sign-in links. */
const WEB_ADDRESS = /\bhttps?:\/\/\S+/gi;
/** A run of exactly six digits (the length of every sign-in and confirmation code we send). */
const SIX_DIGITS = /(?<!\d)\d{6}(?!\d)/g;

const hideTokenLinks = (s: string) => s.replace(TOKEN_LINK, LINK_HIDDEN);

export interface StaffSafeText {
  subject: string;
  /** Plain text (no markup), secrets replaced. */
  text: string;
  /** Whether something was hidden (here, or already when it was stored). */
  hidden: boolean;
}

/**
 * The subject and plain text of an email as staff may read them: in the templates that carry a
 * secret, every link and every 6-digit code is replaced; in any email, a link with a token.
 */
export function staffSafeEmail(email: { template: string; subject: string; text: string }): StaffSafeText {
  const secret = carriesSecret(email.template);
  const clean = (s: string) => {
    const noTokens = hideTokenLinks(s);
    return secret ? noTokens.replace(WEB_ADDRESS, LINK_HIDDEN).replace(SIX_DIGITS, CODE_HIDDEN) : noTokens;
  };
  const text = plainText(email.text);
  const safe = { subject: clean(email.subject), text: clean(text) };
  return { ...safe, hidden: secret || safe.subject !== email.subject || safe.text !== text };
}

/**
 * A text message as staff may read it. Sign-in and verification codes are texted as
 * "123456 is your <portal> sign-in code. …" (services/mfa.ts): in any message about a code, the
 * 6-digit runs are hidden. Other messages keep their digits (account numbers such as AL-204817
 * are six digits too), but never a link with a token.
 */
export function staffSafeSms(body: string): { body: string; hidden: boolean } {
  const noTokens = hideTokenLinks(body);
  const safe = /\bcodes?\b/i.test(noTokens) ? noTokens.replace(SIX_DIGITS, CODE_HIDDEN) : noTokens;
  return { body: safe, hidden: safe !== body || safe.includes(CODE_HIDDEN) };
}
