import { and, desc, eq, getTableColumns, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { newId } from '../../lib/ids';
import type { Db } from '../client';
import { achFileEntries, achFiles, auditLog, ledgerEntries, payments, type AchFileRow, type PaymentRow } from '../schema';
import type { AuditInput } from './audit';
import type { NewLedgerEntry } from './ledger';

export type AchFileSummary = Omit<AchFileRow, 'contentEncrypted'>;
const { contentEncrypted: _content, ...summaryColumns } = getTableColumns(achFiles);

/** A tenant's NACHA files as sent, which payment went in which, and returns recorded against them. */
export function achRepo(db: Db, tenantId: string) {
  const inTenant = eq(achFiles.tenantId, tenantId);
  // A day's bank debits: drawing that day and posted to the ledger (one never posted is never collected).
  const bankDebit = (day?: string) =>
    and(eq(payments.tenantId, tenantId), eq(payments.methodKind, 'bank'), day ? eq(payments.scheduledFor, day) : undefined, inArray(payments.status, ['processing', 'completed', 'reversed']), isNotNull(payments.ledgerEntryId));
  // Still to go in a file: not in one yet, and not reversed meanwhile (that money is not to be collected).
  const unfiled = and(isNull(achFileEntries.paymentId), inArray(payments.status, ['processing', 'completed']));
  const entryJoin = and(eq(achFileEntries.tenantId, payments.tenantId), eq(achFileEntries.paymentId, payments.id));
  return {
    /** Payment days, newest first, with how many payments each has and how many are in no file yet. */
    async days(limit = 90): Promise<{ day: string; count: number; total: number; unfiled: number }[]> {
      const rows = await db
        .select({
          day: payments.scheduledFor,
          count: sql<number>`count(*)`,
          total: sql<number>`sum(${payments.amount} + ${payments.fee})`,
          unfiled: sql<number>`sum(case when ${unfiled} then 1 else 0 end)`,
        })
        .from(payments)
        .leftJoin(achFileEntries, entryJoin)
        .where(bankDebit())
        .groupBy(payments.scheduledFor)
        .orderBy(desc(payments.scheduledFor))
        .limit(limit);
      return rows.map((r) => ({ day: r.day, count: Number(r.count), total: Number(r.total), unfiled: Number(r.unfiled) }));
    },
    /** The day's bank payments in no file yet, oldest first: what the day's next file carries. */
    async unfiledOn(day: string): Promise<PaymentRow[]> {
      const rows = await db.select({ p: payments }).from(payments).leftJoin(achFileEntries, entryJoin).where(and(bankDebit(day), unfiled)).orderBy(payments.createdAt, payments.reference);
      return rows.map((r) => r.p);
    },
    /** Files as sent, newest payment day first (without their bytes). */
    list: (limit = 200): Promise<AchFileSummary[]> => db.select(summaryColumns).from(achFiles).where(inTenant).orderBy(desc(achFiles.day), desc(achFiles.seq)).limit(limit),
    forDay: (day: string): Promise<AchFileSummary[]> => db.select(summaryColumns).from(achFiles).where(and(inTenant, eq(achFiles.day, day))).orderBy(achFiles.seq),
    find: (id: string): Promise<AchFileRow | undefined> => db.query.achFiles.findFirst({ where: and(inTenant, eq(achFiles.id, id)) }),
    /** The file ID modifiers already used on a creation date (banks tell same-day files apart by them). */
    async modifiersOn(creationDate: string): Promise<string[]> {
      const rows = await db.select({ m: achFiles.fileIdModifier }).from(achFiles).where(and(inTenant, eq(achFiles.creationDate, creationDate)));
      return rows.map((r) => r.m);
    },
    /** The file a payment went out in, with its trace number, if it has gone. */
    async sentWith(paymentId: string): Promise<{ file: AchFileSummary; traceNumber: string } | undefined> {
      const [row] = await db
        .select({ file: summaryColumns, traceNumber: achFileEntries.traceNumber })
        .from(achFileEntries)
        .innerJoin(achFiles, and(eq(achFiles.tenantId, achFileEntries.tenantId), eq(achFiles.id, achFileEntries.fileId)))
        .where(and(eq(achFileEntries.tenantId, tenantId), eq(achFileEntries.paymentId, paymentId)));
      return row;
    },
    /**
     * Records a built file as sent, which payments it carries and its audit row, in one batch. A
     * payment already in a file, or a day's file number or creation-date modifier already taken
     * (another build at the same moment), fails the whole batch.
     */
    async recordSent(file: Omit<AchFileRow, 'tenantId'>, entries: { paymentId: string; traceNumber: string }[], audit: AuditInput, now: Date): Promise<void> {
      await db.batch([
        db.insert(achFiles).values({ ...file, tenantId }),
        db.insert(achFileEntries).values(entries.map((e) => ({ ...e, tenantId, fileId: file.id }))),
        db.insert(auditLog).values({ ...audit, tenantId, id: newId(), at: now }),
      ]);
    },
    /**
     * A returned debit in one batch: the payment marked returned (only from the statuses it may
     * leave), then the reversal in the ledger and the audit row, written only if that mark took
     * (so a payment reversed another way meanwhile gets neither). The ledger takes one reversal
     * per payment: of two returns recorded at once, the second fails whole. False when the
     * payment had left those statuses.
     */
    async recordReturn(payment: { id: string; from: PaymentRow['status'][]; returnCode: string; failureReason: string }, reversal: Omit<NewLedgerEntry, 'kind'>, audit: AuditInput, now: Date): Promise<boolean> {
      const marked = and(eq(payments.tenantId, tenantId), eq(payments.id, payment.id), eq(payments.status, 'reversed'), eq(payments.returnCode, payment.returnCode), eq(payments.updatedAt, now));
      const value = (v: unknown, column: string) => sql`${v ?? null}`.as(column);
      const [moved] = await db.batch([
        db
          .update(payments)
          .set({ status: 'reversed', returnCode: payment.returnCode, failureReason: payment.failureReason, updatedAt: now })
          .where(and(eq(payments.tenantId, tenantId), eq(payments.id, payment.id), inArray(payments.status, payment.from)))
          .returning({ id: payments.id }),
        db.insert(ledgerEntries).select(
          db
            .select({
              tenantId: value(tenantId, 'tenant_id'), id: value(reversal.id, 'id'), accountId: value(reversal.accountId, 'account_id'), kind: value('reversal', 'kind'),
              effectiveDate: value(reversal.effectiveDate, 'effective_date'), amount: value(reversal.amount, 'amount'), principal: value(reversal.principal ?? 0, 'principal'),
              interest: value(reversal.interest ?? 0, 'interest'), fees: value(reversal.fees ?? 0, 'fees'), reversesId: value(reversal.reversesId, 'reverses_id'),
              description: value(reversal.description ?? '', 'description'), reference: value(reversal.reference, 'reference'), postedAt: value(reversal.postedAt.getTime(), 'posted_at'),
              postedBy: value(reversal.postedBy, 'posted_by'), paymentId: value(null, 'payment_id'),
            })
            .from(payments)
            .where(marked),
        ),
        db.insert(auditLog).select(
          db
            .select({
              tenantId: value(tenantId, 'tenant_id'), id: value(newId(), 'id'), at: value(now.getTime(), 'at'), actorType: value(audit.actorType, 'actor_type'), actorId: value(audit.actorId, 'actor_id'),
              action: value(audit.action, 'action'), entityType: value(audit.entityType, 'entity_type'), entityId: value(audit.entityId, 'entity_id'),
              before: value(audit.before ? JSON.stringify(audit.before) : null, 'before'), after: value(audit.after ? JSON.stringify(audit.after) : null, 'after'), requestId: value(audit.requestId, 'request_id'),
            })
            .from(payments)
            .where(marked),
        ),
      ]);
      return moved.length > 0;
    },
  };
}
