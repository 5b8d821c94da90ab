import type { EmailTemplateName } from '../queues/messages';

/**
 * Who may be sent what. Each customer–account link has Email and SMS access switches (staff set
 * them; a texted STOP turns SMS off): a message about an account goes by a channel only while
 * that channel is on for every account it is about. Security messages (sign-in codes, password
 * links, notices of a security change) always go: they protect the person, whatever the
 * accounts' switches say. Service messages (a lender's own portal, staff invitations, developer
 * test emails) concern no account. Pure: no I/O.
 */
export type MessagePurpose = 'security' | 'account' | 'service';

/** Every template decided here: a new template does not compile until it is. */
export const EMAIL_TEMPLATE_PURPOSE: Record<EmailTemplateName, MessagePurpose> = {
  'password-reset': 'security',
  'set-password': 'security',
  'sign-in-code': 'security',
  'email-change-code': 'security',
  'security-notice': 'security',
  'payment-notice': 'account',
  'staff-invitation': 'service',
  'portal-ready': 'service',
  test: 'service',
};

export type Channel = 'email' | 'sms';

/** One of the customer's links, as far as sending goes. */
export interface LinkAccess {
  accountId: string;
  displayId: string;
  emailAccess: boolean;
  smsAccess: boolean;
}

export type Decision = { send: true } | { send: false; reason: string };

const channelWords: Record<Channel, string> = { email: 'email access', sms: 'SMS access' };

const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/**
 * Whether a message about these accounts may go to the customer by this channel. Refused, the
 * reason names the accounts, for staff: "email access is off for AL-204817". An account the
 * customer is not linked to (a link removed since) counts as off. `displayIds` names accounts
 * that have no link.
 */
export function accountMessageDecision(channel: Channel, accountIds: string[], links: LinkAccess[], displayIds: Record<string, string> = {}): Decision {
  if (accountIds.length === 0) return { send: false, reason: 'it names no account' };
  const byId = new Map(links.map((l) => [l.accountId, l]));
  const off: string[] = [];
  const unlinked: string[] = [];
  for (const id of new Set(accountIds)) {
    const link = byId.get(id);
    if (!link) unlinked.push(displayIds[id] ?? 'an account');
    else if (!(channel === 'email' ? link.emailAccess : link.smsAccess)) off.push(link.displayId);
  }
  const reasons = [
    ...(off.length > 0 ? [`${channelWords[channel]} is off for ${list(off)}`] : []),
    ...(unlinked.length > 0 ? [`the customer is no longer linked to ${list(unlinked)}`] : []),
  ];
  return reasons.length === 0 ? { send: true } : { send: false, reason: reasons.join('; ') };
}
