import { z } from 'zod';
import { isEmailAddress } from '../domain/email-address';

/** One typed message per queue, shared by producers and consumers; every message carries its tenant. */
export const queueNames = ['email', 'payments', 'sync'] as const;
export type QueueName = (typeof queueNames)[number];

const base = {
  /** Unique per message; consumers use it as their idempotency key. */
  id: z.string().min(1),
  tenantId: z.string().min(1),
};

const name = z.string().max(200);
const minutes = z.number().int().positive();
const code = z.string().regex(/^\d{6}$/);
/** An address under the one rule (domain/email-address), as the forms take it. */
const address = z.string().refine(isEmailAddress, 'not an email address');

/**
 * The secret part of the templates that carry one (a link that sets a password or accepts an
 * invitation, a code that signs in or proves an address). It never travels in `data`: producers
 * hand it to services/notifications, which seals it (AES-GCM under the data key, bound to the
 * message) into `sealed`; the consumer opens it only to render the email it sends. Queue
 * payloads, job bodies and dead letters therefore never hold it in plaintext.
 */
export const emailSecretSchemas = {
  'password-reset': z.object({ link: z.url() }),
  'set-password': z.object({ link: z.url() }),
  'staff-invitation': z.object({ link: z.url() }),
  'sign-in-code': z.object({ code }),
  'email-change-code': z.object({ code }),
};
export type SecretTemplate = keyof typeof emailSecretSchemas;
export type EmailSecret<T extends SecretTemplate> = z.infer<(typeof emailSecretSchemas)[T]>;
const sealed = z.string().min(1).max(8000);

/** The security changes a person is told about (services/notifications: securityNotice). */
export const securityChanges = [
  'password-changed', 'totp-added', 'totp-removed', 'passkey-added', 'passkey-removed', 'phone-added', 'phone-removed', 'recovery-code-used', 'recovery-codes-replaced', 'email-changed', 'email-added', 'email-in-use',
] as const;
export type SecurityChange = (typeof securityChanges)[number];

export const emailTemplateData = z.discriminatedUnion('template', [
  z.object({
    template: z.literal('portal-ready'),
    data: z.object({ ownerName: name, portalUrl: z.url() }),
  }),
  z.object({ template: z.literal('password-reset'), data: z.object({ name, minutes }), sealed }),
  z.object({ template: z.literal('set-password'), data: z.object({ name, minutes }), sealed }),
  z.object({
    template: z.literal('staff-invitation'),
    data: z.object({ name, inviterName: name, role: z.string().max(60), days: z.number().int().positive() }),
    sealed,
  }),
  z.object({ template: z.literal('email-change-code'), data: z.object({ name, minutes }), sealed }),
  z.object({ template: z.literal('sign-in-code'), data: z.object({ name, minutes }), sealed }),
  z.object({
    template: z.literal('security-notice'),
    data: z.object({
      name,
      change: z.enum(securityChanges),
      /** When it happened, in the tenant's time zone, as people read it. */
      when: z.string().max(100),
      /** What changed, where it helps: the new address, the passkey's name, the masked phone, the codes left. */
      detail: z.string().max(400).optional(),
      audience: z.enum(['customer', 'agent']),
      /** Where a borrower resets their password (customers only). */
      resetLink: z.url().optional(),
      supportPhone: z.string().max(40).optional(),
    }),
  }),
  z.object({
    template: z.literal('payment-notice'),
    /** The accounts the notice is about: it goes only while Email access is on for each (services/notifications). */
    accountIds: z.array(z.string().min(1)).min(1).max(50),
    data: z.object({
      name: z.string(),
      subject: z.string().max(200),
      paragraphs: z.array(z.string().max(2000)).max(10),
      facts: z.array(z.tuple([z.string().max(200), z.string().max(200)])).max(40),
      link: z.url(),
      /** How to reach the lender (phone, hours, email). */
      contact: z.string().max(300).optional(),
    }),
  }),
  z.object({
    template: z.literal('test'),
    data: z.object({ note: z.string().max(2000) }),
  }),
]);
export type EmailTemplateData = z.infer<typeof emailTemplateData>;
export type EmailTemplateName = EmailTemplateData['template'];

/** Render a template and send it. */
export const sendEmailMessage = z
  .object({ ...base, to: address, customerId: z.string().optional() })
  .and(emailTemplateData);

/**
 * A sign-up or reset request for an address, whoever it belongs to: the consumer decides whether
 * to send a link, so the web request does the same work for known and unknown addresses.
 */
export const passwordLinkRequest = z.object({
  ...base,
  kind: z.literal('password-link'),
  email: address,
  purpose: z.enum(['set-password', 'password-reset']),
});

export const emailMessage = z.union([passwordLinkRequest, sendEmailMessage]);
export type SendEmailMessage = z.infer<typeof sendEmailMessage>;
export type PasswordLinkRequest = z.infer<typeof passwordLinkRequest>;

type Variant = z.infer<typeof emailTemplateData>;
type DraftOf<V> = V extends { template: infer T extends SecretTemplate } ? Omit<V, 'sealed'> & { secret: EmailSecret<T> } : V;
/**
 * An email as producers write it: for a template with a secret, the secret in clear beside the
 * data (services/notifications seals it before it is queued).
 */
export type EmailDraft = { id: string; tenantId: string; to: string; customerId?: string } & DraftOf<Variant>;

type UnsealedOf<V> = V extends { sealed: string } ? Omit<V, 'sealed'> : V;
/** A message with its seal taken off: the consumer renders from this and the opened secret. */
export type UnsealedEmail = { id: string; tenantId: string; to: string; customerId?: string | undefined } & UnsealedOf<Variant>;

/** A submitted payment to process (charge, or post for the ACH file), or one AutoPay's run for a day. */
export const paymentsMessage = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('process-payment'), paymentId: z.string().min(1), idempotencyKey: z.string().min(1) }),
  z.object({ ...base, kind: z.literal('run-autopay'), autopayId: z.string().min(1), runDate: z.iso.date() }),
]);

/** A CRM sync run for one object type (Total Expert users, contacts or loans). */
export const syncMessage = z.object({
  ...base,
  kind: z.literal('crm-sync'),
  source: z.literal('total-expert'),
  object: z.enum(['users', 'contacts', 'loans']),
});

export const messageSchemas = {
  email: emailMessage,
  payments: paymentsMessage,
  sync: syncMessage,
} satisfies Record<QueueName, z.ZodType>;

export type QueueMessage<Q extends QueueName> = z.infer<(typeof messageSchemas)[Q]>;

/** What hosts provide to send messages: Cloudflare Queues bindings, or the jobs table. */
export interface QueueProducer {
  send<Q extends QueueName>(queue: Q, message: QueueMessage<Q>, opts?: { delaySeconds?: number }): Promise<void>;
  /** Many messages at once (a nightly fan-out): fewer round trips than one send each. */
  sendBatch<Q extends QueueName>(queue: Q, messages: QueueMessage<Q>[]): Promise<void>;
}

export function isQueueName(name: string): name is QueueName {
  return (queueNames as readonly string[]).includes(name);
}
