import { z } from 'zod';

/** One typed message per queue, shared by producers and consumers; every message carries its tenant. */
export const queueNames = ['email', 'payments', 'sync'] as const;
export type QueueName = (typeof queueNames)[number];

const base = {
  /** Unique per message; consumers use it as their idempotency key. */
  id: z.string().min(1),
  tenantId: z.string().min(1),
};

export const emailTemplateData = z.discriminatedUnion('template', [
  z.object({
    template: z.literal('portal-ready'),
    data: z.object({ ownerName: z.string(), portalUrl: z.url() }),
  }),
  z.object({
    template: z.literal('password-reset'),
    data: z.object({ name: z.string(), link: z.url(), minutes: z.number().int().positive() }),
  }),
  z.object({
    template: z.literal('set-password'),
    data: z.object({ name: z.string(), link: z.url(), minutes: z.number().int().positive() }),
  }),
  z.object({
    template: z.literal('staff-invitation'),
    data: z.object({ name: z.string(), inviterName: z.string(), role: z.string(), link: z.url(), days: z.number().int().positive() }),
  }),
  z.object({
    template: z.literal('email-change-code'),
    data: z.object({ name: z.string(), code: z.string().regex(/^\d{6}$/), minutes: z.number().int().positive() }),
  }),
  z.object({
    template: z.literal('email-changed'),
    data: z.object({ name: z.string(), newEmail: z.email() }),
  }),
  z.object({
    template: z.literal('sign-in-code'),
    data: z.object({ name: z.string(), code: z.string().regex(/^\d{6}$/), minutes: z.number().int().positive() }),
  }),
  z.object({
    template: z.literal('payment-notice'),
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
  .object({ ...base, to: z.email(), customerId: z.string().optional() })
  .and(emailTemplateData);

/**
 * A sign-up or reset request for an address, whoever it belongs to: the consumer decides whether
 * to send a link, so the web request does the same work for known and unknown addresses.
 */
export const passwordLinkRequest = z.object({
  ...base,
  kind: z.literal('password-link'),
  email: z.email(),
  purpose: z.enum(['set-password', 'password-reset']),
});

export const emailMessage = z.union([passwordLinkRequest, sendEmailMessage]);
export type SendEmailMessage = z.infer<typeof sendEmailMessage>;
export type PasswordLinkRequest = z.infer<typeof passwordLinkRequest>;

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
