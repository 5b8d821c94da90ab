import { and, desc, eq, inArray } from 'drizzle-orm';
import { newId } from '../../lib/ids';
import type { Db } from '../client';
import { smsOptOutsRepo } from '../platform';
import { devOutbox, emails, smsMessages, type DevOutboxCopy, type EmailRecord, type SmsOptOut, type SmsRecord } from '../schema';

type NewEmail = Omit<typeof emails.$inferInsert, 'tenantId' | 'id'>;

export function emailsRepo(db: Db, tenantId: string) {
  const scope = (...more: Parameters<typeof and>) => and(eq(emails.tenantId, tenantId), ...more);
  return {
    find: (id: string): Promise<EmailRecord | undefined> => db.query.emails.findFirst({ where: scope(eq(emails.id, id)) }),
    findByMessageId: (messageId: string): Promise<EmailRecord | undefined> =>
      db.query.emails.findFirst({ where: scope(eq(emails.messageId, messageId)) }),
    forCustomer: (customerId: string): Promise<EmailRecord[]> => db.query.emails.findMany({ where: scope(eq(emails.customerId, customerId)), orderBy: [desc(emails.sentAt)], limit: 1000 }),
    recent: (limit: number): Promise<EmailRecord[]> =>
      db.query.emails.findMany({ where: scope(), orderBy: [desc(emails.sentAt)], limit }),
    /** Idempotent: a second record of the same queue message is ignored. */
    async record(values: NewEmail): Promise<void> {
      await db
        .insert(emails)
        .values({ ...values, tenantId, id: newId() })
        .onConflictDoNothing({ target: [emails.tenantId, emails.messageId] });
    },
  };
}

/** Text messages sent to a tenant's people. */
export function smsRepo(db: Db, tenantId: string) {
  return {
    /** Returns the new row's id. */
    async record(values: Omit<typeof smsMessages.$inferInsert, 'tenantId' | 'id'>): Promise<string> {
      const id = newId();
      await db.insert(smsMessages).values({ ...values, tenantId, id });
      return id;
    },
    /**
     * A received message, once per provider message id across every tenant (a unique index on
     * provider and provider id): false when it was already kept, in this thread or any other.
     */
    async recordInbound(values: Omit<typeof smsMessages.$inferInsert, 'tenantId' | 'id' | 'direction'>): Promise<boolean> {
      const rows = await db.insert(smsMessages).values({ ...values, direction: 'inbound', tenantId, id: newId() }).onConflictDoNothing().returning({ id: smsMessages.id });
      return rows.length > 0;
    },
    recent: (limit: number): Promise<SmsRecord[]> =>
      db.query.smsMessages.findMany({ where: eq(smsMessages.tenantId, tenantId), orderBy: [desc(smsMessages.sentAt)], limit }),
    /**
     * A customer's thread, both directions: the latest `limit` messages (a long thread shows its
     * newest, not its first), in reading order, oldest first.
     */
    async forCustomer(customerId: string, limit = 1000): Promise<SmsRecord[]> {
      const newest = await db.query.smsMessages.findMany({ where: and(eq(smsMessages.tenantId, tenantId), eq(smsMessages.customerId, customerId)), orderBy: [desc(smsMessages.sentAt), desc(smsMessages.id)], limit });
      return newest.reverse();
    },
    /**
     * Whether a phone replied STOP to our texts, and when and to which of our numbers. Read from the
     * platform-wide list (the carrier's block is per phone, whichever lender texts it).
     */
    optOutOf: (phone: string): Promise<SmsOptOut | undefined> => smsOptOutsRepo(db).find(phone),
    /** The provider refused a send because the phone opted out: put it on the platform-wide list. */
    recordOptOut: (phone: string, keyword: string, now: Date, toNumber: string | null = null): Promise<void> => smsOptOutsRepo(db).optOut(phone, keyword, now, toNumber),
  };
}

/**
 * The developer's whole copies (links and codes included) of messages sent to the outbox provider:
 * only written where devRoutesEnabled (see schema dev_outbox); read by /dev/outbox alone.
 */
export function devOutboxRepo(db: Db, tenantId: string) {
  const copies = async (channel: DevOutboxCopy['channel'], refIds: string[]): Promise<Map<string, DevOutboxCopy>> => {
    if (refIds.length === 0) return new Map();
    const rows = await db.select().from(devOutbox).where(and(eq(devOutbox.tenantId, tenantId), eq(devOutbox.channel, channel), inArray(devOutbox.refId, refIds)));
    return new Map(rows.map((r) => [r.refId, r]));
  };
  return {
    async keep(values: Omit<typeof devOutbox.$inferInsert, 'tenantId'>): Promise<void> {
      await db.insert(devOutbox).values({ ...values, tenantId }).onConflictDoNothing();
    },
    /** By emails.message_id. */
    emailCopies: (messageIds: string[]) => copies('email', messageIds),
    /** By sms_messages.id. */
    smsCopies: (ids: string[]) => copies('sms', ids),
  };
}
