import { and, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { autopays, paymentMethods, payments, type AutopayRow, type PaymentMethodRow, type PaymentRow, type PaymentStatus } from '../schema';

type Stamp = 'tenantId' | 'createdAt' | 'updatedAt';

export interface PaymentFilter {
  accountId?: string;
  from?: string;
  to?: string;
  methodKind?: 'card' | 'bank';
  source?: 'one_time' | 'multi' | 'autopay';
  status?: PaymentStatus;
}

/** A tenant's payment methods, payments and AutoPays. */
export function paymentsRepo(db: Db, tenantId: string) {
  const inTenant = <T extends { tenantId: typeof payments.tenantId }>(t: T) => eq(t.tenantId, tenantId);
  return {
    methods: {
      forCustomer: (customerId: string): Promise<PaymentMethodRow[]> =>
        db.query.paymentMethods.findMany({ where: and(eq(paymentMethods.tenantId, tenantId), eq(paymentMethods.customerId, customerId), isNull(paymentMethods.removedAt)), orderBy: [desc(paymentMethods.isDefault), desc(paymentMethods.createdAt)] }),
      find: (id: string): Promise<PaymentMethodRow | undefined> => db.query.paymentMethods.findFirst({ where: and(eq(paymentMethods.tenantId, tenantId), eq(paymentMethods.id, id)) }),
      async add(values: Omit<typeof paymentMethods.$inferInsert, Stamp>, now: Date): Promise<void> {
        await db.insert(paymentMethods).values({ ...values, tenantId, createdAt: now, updatedAt: now });
      },
      /** One default per customer: this one on, the others off, in one statement. */
      async makeDefault(customerId: string, id: string, now: Date): Promise<void> {
        await db
          .update(paymentMethods)
          .set({ isDefault: sql`${paymentMethods.id} = ${id}`, updatedAt: now })
          .where(and(eq(paymentMethods.tenantId, tenantId), eq(paymentMethods.customerId, customerId), isNull(paymentMethods.removedAt)));
      },
      async remove(id: string, now: Date): Promise<void> {
        await db.update(paymentMethods).set({ removedAt: now, isDefault: false, updatedAt: now }).where(and(eq(paymentMethods.tenantId, tenantId), eq(paymentMethods.id, id)));
      },
    },
    payments: {
      find: (id: string): Promise<PaymentRow | undefined> => db.query.payments.findFirst({ where: and(inTenant(payments), eq(payments.id, id)) }),
      findByProcessorId: (processorPaymentId: string): Promise<PaymentRow | undefined> => db.query.payments.findFirst({ where: and(inTenant(payments), eq(payments.processorPaymentId, processorPaymentId)) }),
      findByReference: (reference: string): Promise<PaymentRow | undefined> => db.query.payments.findFirst({ where: and(inTenant(payments), eq(payments.reference, reference)) }),
      /** The payments one submission made (keys are `<submission key>:<account id>`). */
      // Keys never contain ':', so every `<key>:…` sorts between `<key>:` and `<key>;` (the next character).
      forSubmission: (customerId: string, key: string): Promise<PaymentRow[]> =>
        db.query.payments.findMany({ where: and(inTenant(payments), eq(payments.customerId, customerId), gte(payments.idempotencyKey, `${key}:`), lt(payments.idempotencyKey, `${key};`)), orderBy: [payments.createdAt, payments.reference] }),
      forGroup: (groupId: string): Promise<PaymentRow[]> => db.query.payments.findMany({ where: and(inTenant(payments), eq(payments.groupId, groupId)) }),
      /** Inserts a submission's payments in one statement: all or none. */
      async insertAll(rows: Omit<typeof payments.$inferInsert, Stamp>[], now: Date): Promise<void> {
        if (rows.length === 0) return;
        await db.insert(payments).values(rows.map((r) => ({ ...r, tenantId, createdAt: now, updatedAt: now })));
      },
      /**
       * transition() for a batch that must not be written at all unless the payment is still in one
       * of `from`: otherwise the batch aborts (isStaleWrite), its ledger entry with it.
       */
      transitionOrAbort: (id: string, from: PaymentStatus[], values: Partial<Pick<PaymentRow, 'status' | 'processorPaymentId' | 'failureReason' | 'ledgerEntryId' | 'processedAt' | 'returnCode'>>, now: Date) => {
        const keep = sql`case when ${payments.status} in (${sql.join(from.map((f) => sql`${f}`), sql`, `)}) then ${values.status ?? sql`${payments.status}`} else null end`;
        return db.update(payments).set({ ...values, status: keep as unknown as PaymentStatus, updatedAt: now }).where(and(inTenant(payments), eq(payments.id, id)));
      },
      /** "This payment is still in one of these statuses": the guard of an audit row written with a transition. */
      inStatus: (id: string, statuses: PaymentStatus[]) => ({ table: payments, where: and(inTenant(payments), eq(payments.id, id), inArray(payments.status, statuses)) }),
      /** transition() as a statement for a batch; its result lists the row when this statement moved it. */
      transitionStatement: (id: string, from: PaymentStatus[], values: Partial<Pick<PaymentRow, 'status' | 'processorPaymentId' | 'failureReason' | 'ledgerEntryId' | 'processedAt' | 'returnCode'>>, now: Date) =>
        db
          .update(payments)
          .set({ ...values, updatedAt: now })
          .where(and(inTenant(payments), eq(payments.id, id), inArray(payments.status, from)))
          .returning({ id: payments.id }),
      /** A submission's rows as one insert, for a batch with its audit row. */
      insertStatement: (rows: Omit<typeof payments.$inferInsert, Stamp>[], now: Date) => db.insert(payments).values(rows.map((r) => ({ ...r, tenantId, createdAt: now, updatedAt: now }))),
      /** A customer's payments made since an instant, newest first (a repeat of one is warned about). */
      createdSince: (customerId: string, since: Date): Promise<PaymentRow[]> =>
        db.query.payments.findMany({ where: and(inTenant(payments), eq(payments.customerId, customerId), gte(payments.createdAt, since)), orderBy: [desc(payments.createdAt)] }),
      /** All rows sharing the processor's charge (a Pay multiple charge covers several). */
      allByProcessorId: (processorPaymentId: string): Promise<PaymentRow[]> => db.query.payments.findMany({ where: and(inTenant(payments), eq(payments.processorPaymentId, processorPaymentId)) }),
      /** Moves a payment on only from the statuses given; returns whether this call moved it (so two deliveries cannot both). */
      async transition(id: string, from: PaymentStatus[], values: Partial<Pick<PaymentRow, 'status' | 'processorPaymentId' | 'failureReason' | 'ledgerEntryId' | 'processedAt' | 'returnCode'>>, now: Date): Promise<boolean> {
        const moved = await db
          .update(payments)
          .set({ ...values, updatedAt: now })
          .where(and(inTenant(payments), eq(payments.id, id), inArray(payments.status, from)))
          .returning({ id: payments.id });
        return moved.length > 0;
      },
      history: (customerId: string, accountIds: string[], f: PaymentFilter): Promise<PaymentRow[]> =>
        accountIds.length === 0
          ? Promise.resolve([])
          : db.query.payments.findMany({
              where: and(
                inTenant(payments),
                eq(payments.customerId, customerId),
                inArray(payments.accountId, f.accountId ? [f.accountId] : accountIds),
                f.from ? gte(payments.scheduledFor, f.from) : undefined,
                f.to ? lte(payments.scheduledFor, f.to) : undefined,
                f.methodKind ? eq(payments.methodKind, f.methodKind) : undefined,
                f.source ? eq(payments.source, f.source) : undefined,
                f.status ? eq(payments.status, f.status) : undefined,
              ),
              orderBy: [desc(payments.scheduledFor), desc(payments.createdAt)],
              limit: 500,
            }),
      /** The payments on their way to an account: submitted (scheduled, or waiting for the processor), not yet posted. */
      onTheirWay: (accountId: string): Promise<PaymentRow[]> =>
        db.query.payments.findMany({ where: and(inTenant(payments), eq(payments.accountId, accountId), inArray(payments.status, ['pending', 'processing']), isNull(payments.ledgerEntryId)), orderBy: [payments.scheduledFor] }),
      /** Submitted and not yet posted to an account: what is already on its way to it. */
      async inFlightTotal(accountId: string): Promise<number> {
        const [row] = await db
          .select({ total: sql<number>`coalesce(sum(${payments.amount}), 0)` })
          .from(payments)
          .where(and(inTenant(payments), eq(payments.accountId, accountId), inArray(payments.status, ['pending', 'processing']), isNull(payments.ledgerEntryId)));
        return Number(row?.total ?? 0);
      },
      /** Payments still to run with a method (it cannot be removed while they wait). */
      waitingOn: (methodId: string): Promise<PaymentRow[]> =>
        db.query.payments.findMany({ where: and(inTenant(payments), eq(payments.paymentMethodId, methodId), inArray(payments.status, ['pending', 'processing']), isNull(payments.ledgerEntryId)) }),
      /** Pending payments dated on or before `day` (the scheduled ones whose day has come). */
      dueBy: (day: string): Promise<PaymentRow[]> => db.query.payments.findMany({ where: and(inTenant(payments), eq(payments.status, 'pending'), lte(payments.scheduledFor, day)) }),
      /** Bank payments drawing on a settlement day: what goes in that day's NACHA file. */
      // Only posted ones: a payment that never reached the ledger is never collected.
      bankOn: (day: string): Promise<PaymentRow[]> =>
        db.query.payments.findMany({ where: and(inTenant(payments), eq(payments.methodKind, 'bank'), eq(payments.scheduledFor, day), inArray(payments.status, ['processing', 'completed', 'reversed']), isNotNull(payments.ledgerEntryId)), orderBy: [payments.createdAt] }),
      bankDays: async (): Promise<{ day: string; count: number; total: number }[]> => {
        const rows = await db
          .select({ day: payments.scheduledFor, count: sql<number>`count(*)`, total: sql<number>`sum(${payments.amount} + ${payments.fee})` })
          .from(payments)
          .where(and(inTenant(payments), eq(payments.methodKind, 'bank'), inArray(payments.status, ['processing', 'completed', 'reversed'])))
          .groupBy(payments.scheduledFor)
          .orderBy(desc(payments.scheduledFor))
          .limit(90);
        return rows.map((r) => ({ day: r.day, count: Number(r.count), total: Number(r.total) }));
      },
      /** Bank payments still inside their return window on `before`. */
      bankProcessingBefore: (day: string): Promise<PaymentRow[]> =>
        db.query.payments.findMany({ where: and(inTenant(payments), eq(payments.methodKind, 'bank'), eq(payments.status, 'processing'), lte(payments.scheduledFor, day)) }),
    },
    autopays: {
      forAccount: (accountId: string): Promise<AutopayRow[]> => db.query.autopays.findMany({ where: and(eq(autopays.tenantId, tenantId), eq(autopays.accountId, accountId)), orderBy: [desc(autopays.createdAt)] }),
      find: (id: string): Promise<AutopayRow | undefined> => db.query.autopays.findFirst({ where: and(eq(autopays.tenantId, tenantId), eq(autopays.id, id)) }),
      /** Active AutoPays due on or before a day, in pages by id. */
      dueBy: (day: string, limit: number, afterId?: string): Promise<AutopayRow[]> =>
        db.query.autopays.findMany({
          where: and(eq(autopays.tenantId, tenantId), eq(autopays.status, 'active'), lte(autopays.nextRunDate, day), afterId ? gt(autopays.id, afterId) : undefined),
          orderBy: [autopays.id],
          limit,
        }),
      usingMethod: (methodId: string): Promise<AutopayRow[]> => db.query.autopays.findMany({ where: and(eq(autopays.tenantId, tenantId), eq(autopays.paymentMethodId, methodId), inArray(autopays.status, ['active', 'paused'])) }),
      async add(values: Omit<typeof autopays.$inferInsert, Stamp>, now: Date): Promise<void> {
        await db.insert(autopays).values({ ...values, tenantId, createdAt: now, updatedAt: now });
      },
      /** update() as a statement for a batch with its audit row. */
      updateStatement: (id: string, values: Partial<Omit<typeof autopays.$inferInsert, Stamp | 'id' | 'customerId' | 'accountId'>>, now: Date) =>
        db.update(autopays).set({ ...values, updatedAt: now }).where(and(eq(autopays.tenantId, tenantId), eq(autopays.id, id))),
      async update(id: string, values: Partial<Omit<typeof autopays.$inferInsert, Stamp | 'id' | 'customerId' | 'accountId'>>, now: Date): Promise<void> {
        await db.update(autopays).set({ ...values, updatedAt: now }).where(and(eq(autopays.tenantId, tenantId), eq(autopays.id, id)));
      },
    },
  };
}
