import type { Db } from '../db/client';
import { tenantsRepo } from '../db/platform';
import type { Account, AutopayRow, Customer, PaymentMethodRow, Tenant } from '../db/schema';
import { forTenant, type TenantDb } from '../db/tenant';
import { addDays, localDate, type IsoDate } from '../domain/dates';
import { formatCents } from '../domain/money';
import { describePlan, finalPaymentWarning, nextRunDate, planProblems, runAmount, type AutopayPlan, type LineFigures, type LoanFigures } from '../domain/payments/autopay';
import type { QueueProducer } from '../queues/messages';
import { ServiceError } from './errors';
import { amountChoices, lessOnTheWay } from './payment-amounts';
import { paymentSettingsOf } from './payment-settings';
import { methodLabel, notify, submitPayments } from './payments';
import { loadLoan, type LoanAccount } from './servicing';
import { installmentStates } from '../domain/loans/position';
import { formatDay } from '../lib/format';

export type AutopayInput = AutopayPlan;

/**
 * The account's own due dates still to pay (for "on each due date"); loans only. An installment
 * already paid (ahead) has no run: the first payment is the next one that is owed.
 */
export async function dueDatesOf(tdb: TenantDb, account: Account, today: IsoDate, loan?: LoanAccount): Promise<IsoDate[] | undefined> {
  if (account.type !== 'installment' && account.type !== 'lease') return undefined;
  const l = loan ?? (await loadLoan(tdb, account));
  return installmentStates(l.accrual, l.entries, today).filter((s) => s.state !== 'paid').map((s) => s.dueDate);
}

export function planOf(row: AutopayRow): AutopayPlan {
  return {
    frequency: row.frequency as AutopayPlan['frequency'], startDate: row.startDate, amountType: row.amountType as AutopayPlan['amountType'],
    ...(row.fixedAmount !== null ? { fixedAmount: row.fixedAmount } : {}), ...(row.semimonthlyDays ? { semimonthlyDays: row.semimonthlyDays } : {}),
  };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** The words the borrower accepts, built from exactly what they chose (and stored as shown). */
export function authorizationText(tenant: Tenant, customer: Pick<Customer, 'firstName' | 'lastName'>, account: Account, method: PaymentMethodRow, plan: AutopayPlan): string {
  const fee = paymentSettingsOf(tenant).convenienceFees[method.kind];
  return [
    `I, ${customer.firstName} ${customer.lastName}, authorise ${tenant.name} to take payments for account ${account.displayId} (${account.productName}) from my ${methodLabel(method)}: ${lowerFirst(describePlan(plan))}, starting ${formatDay(plan.startDate)}, until I switch AutoPay off or change it.`,
    'A payment will never be more than what the account owes on its date.',
    ...(fee > 0 ? [`A convenience fee of ${formatCents(fee)} is added to each payment.`] : []),
    `I can switch AutoPay off or change it in ${tenant.branding.portalName} at any time before a payment's date. If two payments in a row fail, AutoPay stops and I will be asked to set it up again.`,
  ].join(' ');
}

/** Checks a plan for an account and method; a message per field (the form's names). */
export async function checkPlan(tdb: TenantDb, tenant: Tenant, customerId: string, account: Account, methodId: string, plan: Partial<AutopayPlan>, now: Date): Promise<{ errors: Record<string, string>; method: PaymentMethodRow | null }> {
  const settings = paymentSettingsOf(tenant);
  const kind = account.type === 'installment' || account.type === 'lease' ? 'loan' : 'line';
  const errors = planProblems({ ...plan, kind }, localDate(now, tenant.timeZone), { maxAheadDays: settings.maxDaysAhead, minAmount: settings.minAmount, maxAmount: settings.maxAmount });
  if (plan.frequency === 'account_schedule' && kind === 'line') errors.frequency = 'Choose how often: lines of credit have no fixed schedule.';
  const method = (await tdb.paymentMethods.find(methodId)) ?? null;
  if (!method || method.customerId !== customerId || method.removedAt) errors.method = 'Choose how to pay.';
  else if (!settings.methods.includes(method.kind)) errors.method = 'This lender does not take this kind of payment.';
  return { errors, method };
}

/**
 * Sets up or changes an AutoPay: a new authorisation every time, stored with the text accepted and
 * emailed to the borrower. A changed AutoPay starts fresh (active, no failures counted).
 */
export async function saveAutopay(
  tdb: TenantDb,
  tenant: Tenant,
  deps: { queue: QueueProducer; portalUrl: (path: string) => string },
  input: { customerId: string; account: Account; methodId: string; plan: AutopayPlan; existingId?: string },
  now: Date,
): Promise<{ ok: true; autopay: AutopayRow } | { ok: false; errors: Record<string, string> }> {
  if (!paymentSettingsOf(tenant).autopay) throw new ServiceError('not_found', 'AutoPay is not offered.');
  const { errors, method } = await checkPlan(tdb, tenant, input.customerId, input.account, input.methodId, input.plan, now);
  if (Object.keys(errors).length > 0 || !method) return { ok: false, errors };
  const customer = (await tdb.customers.find(input.customerId))!;
  const text = authorizationText(tenant, customer, input.account, method, input.plan);
  const first = nextRunDate(input.plan, addDays(input.plan.startDate, -1), await dueDatesOf(tdb, input.account, localDate(now, tenant.timeZone)));
  const values = {
    paymentMethodId: method.id, frequency: input.plan.frequency, startDate: input.plan.startDate, amountType: input.plan.amountType,
    fixedAmount: input.plan.amountType === 'fixed' ? (input.plan.fixedAmount ?? null) : null, semimonthlyDays: input.plan.frequency === 'semimonthly' ? (input.plan.semimonthlyDays ?? [1, 15]) : null,
    status: 'active' as const, consecutiveFailures: 0, nextRunDate: first, authorizationText: text, authorizedAt: now,
  };
  let id = input.existingId;
  if (!id && (await tdb.autopays.forAccount(input.account.id)).some((a) => a.customerId === input.customerId)) {
    return { ok: false, errors: { _form: 'This account already has your AutoPay: change that one instead.' } };
  }
  if (id) {
    const existing = await tdb.autopays.find(id);
    if (!existing || existing.customerId !== input.customerId || existing.accountId !== input.account.id) throw new ServiceError('not_found', 'There is no such AutoPay on this account.');
    await tdb.autopays.update(id, values, now);
  } else {
    id = `ap_${crypto.randomUUID().replaceAll('-', '')}`;
    await tdb.autopays.add({ id, customerId: input.customerId, accountId: input.account.id, ...values }, now);
  }
  await tdb.audit.record({ actorType: 'customer', actorId: input.customerId, action: input.existingId ? 'autopay.changed' : 'autopay.authorized', entityType: 'autopay', entityId: id, after: { ...values, authorizedAt: now.toISOString() } }, now);
  await notify(tdb, tenant, deps, input.customerId, [input.account.id], `autopay-authorization:${id}:${now.getTime()}`, {
    subject: `Your AutoPay for ${input.account.displayId} is set up`,
    paragraphs: ['Here is a copy of the AutoPay authorisation you accepted:', text],
    facts: [['Account', input.account.displayId], ['First payment', first ? formatDay(first) : '—'], ['Paid with', methodLabel(method)]],
    link: deps.portalUrl(`/accounts/${encodeURIComponent(input.account.displayId)}/autopay`),
  });
  return { ok: true, autopay: (await tdb.autopays.find(id))! };
}

/** Switches an AutoPay off (paused) or back on, and tells the borrower; a stopped one needs a new authorisation instead. */
export async function switchAutopay(
  tdb: TenantDb,
  tenant: Tenant,
  deps: { queue: QueueProducer; portalUrl: (path: string) => string },
  input: { customerId: string; account: Account; autopayId: string; on: boolean },
  today: IsoDate,
  now: Date,
): Promise<AutopayRow> {
  const { customerId, account, autopayId, on } = input;
  const row = await tdb.autopays.find(autopayId);
  if (!row || row.customerId !== customerId || row.accountId !== account.id) throw new ServiceError('not_found', 'There is no such AutoPay on this account.');
  if (row.status === 'stopped') throw new ServiceError('conflict', 'This AutoPay stopped after two failed payments. Change it and authorise it again to restart it.');
  const status = on ? 'active' : 'paused';
  if (row.status !== status) {
    // Switched back on: the next run is the next date from today, not the ones missed while off.
    const next = on ? nextRunDate(planOf(row), addDays(today, -1), await dueDatesOf(tdb, account, today)) : row.nextRunDate;
    await tdb.batch([
      tdb.autopays.updateStatement(row.id, { status, nextRunDate: next }, now),
      tdb.audit.entry({ actorType: 'customer', actorId: customerId, action: on ? 'autopay.switched-on' : 'autopay.switched-off', entityType: 'autopay', entityId: row.id, before: { status: row.status }, after: { status } }, now),
    ]);
    await notify(tdb, tenant, deps, customerId, [account.id], `autopay-${on ? 'on' : 'off'}:${row.id}:${now.getTime()}`, {
      subject: on ? `AutoPay is on again for ${account.displayId}` : `AutoPay is off for ${account.displayId}`,
      paragraphs: on
        ? [`AutoPay will take its next payment on ${next ? formatDay(next) : 'its next date'}, as you authorised it.`]
        : ['As you asked, AutoPay is off: no more automatic payments will be taken for this account until you switch it back on.', 'Please make each payment yourself when it is due.'],
      facts: [['Account', account.displayId], ...(on && next ? [['Next AutoPay payment', formatDay(next)] as [string, string]] : [])],
      link: deps.portalUrl(`/accounts/${encodeURIComponent(account.displayId)}/autopay`),
    });
  }
  return (await tdb.autopays.find(row.id))!;
}

/** The warning for the AutoPay page and the nightly email: the final payment is near and AutoPay will not cover it. */
export async function finalWarningFor(tdb: TenantDb, account: Account, row: AutopayRow, today: IsoDate): Promise<string | null> {
  if (account.type !== 'installment' && account.type !== 'lease') return null;
  const last = (await tdb.accounts.schedule(account.id)).at(-1);
  return last ? finalPaymentWarning(planOf(row), { dueDate: last.dueDate, amount: last.payment }, today) : null;
}

/**
 * The nightly fan-out: one `run-autopay` message per active AutoPay whose day has come in its
 * tenant's zone. The runs happen in the payments consumer, in parallel on Workers (each
 * invocation has its own CPU budget); the cron itself only reads and enqueues.
 */
export async function fanOutDueAutopays(deps: { db: Db; queue: QueueProducer }, now: Date): Promise<{ tenants: number; queued: number }> {
  const totals = { tenants: 0, queued: 0 };
  for (const tenant of await tenantsRepo(deps.db).listActive()) {
    if (!paymentSettingsOf(tenant).enabled || !paymentSettingsOf(tenant).autopay) continue;
    totals.tenants++;
    const tdb = forTenant(deps.db, tenant.id);
    const today = localDate(now, tenant.timeZone);
    let after: string | undefined;
    for (;;) {
      const page = await tdb.autopays.dueBy(today, 1000, after);
      if (page.length === 0) break;
      after = page.at(-1)!.id;
      await deps.queue.sendBatch(
        'payments',
        page.map((row) => ({ id: `autopay:${row.id}:${row.nextRunDate}`, tenantId: tenant.id, kind: 'run-autopay' as const, autopayId: row.id, runDate: row.nextRunDate! })),
      );
      totals.queued += page.length;
    }
  }
  return totals;
}

export type RunOutcome = 'paid' | 'nothing-owed' | 'refused' | 'not-due';

/**
 * One AutoPay's run for a day: the payment (through the same submission as a borrower's, keyed
 * `autopay-<id>-<date>`, so a repeated message makes nothing new), a warning when the final
 * payment will not be covered, then the next date. The loan is read once for all of it.
 */
export async function runAutopay(tdb: TenantDb, tenant: Tenant, deps: { queue: QueueProducer; portalUrl: (path: string) => string }, autopayId: string, runDate: IsoDate, now: Date): Promise<RunOutcome> {
  const row = await tdb.autopays.find(autopayId);
  const today = localDate(now, tenant.timeZone);
  // Switched off, stopped, or already run for this date (a redelivered message): nothing to do.
  if (!row || row.status !== 'active' || row.nextRunDate !== runDate || runDate > today) return 'not-due';
  const account = await tdb.accounts.find(row.accountId);
  if (!account) throw new Error(`AutoPay ${row.id} lost its account`);
  const plan = planOf(row);
  const loan = account.type === 'installment' || account.type === 'lease' ? await loadLoan(tdb, account) : null;
  const choices = await amountChoices(tdb, tenant, account, today, loan ?? undefined);
  // Payments already on their way (one the borrower made yesterday evening) are left out: AutoPay never draws them again.
  const figures: LoanFigures | LineFigures = choices.kind === 'loan'
    ? { kind: 'loan', amountDue: lessOnTheWay(choices, choices.amountDue, today), nextDueAmount: lessOnTheWay(choices, choices.nextDue, choices.nextDueDate), pastDueAmount: lessOnTheWay(choices, choices.pastDue, today), payoff: lessOnTheWay(choices, choices.payoff, null) }
    : { kind: 'line', minimumDue: lessOnTheWay(choices, choices.minimum, choices.minimumDueDate), statementBalance: lessOnTheWay(choices, choices.statementBalance, choices.minimumDueDate), totalBalance: lessOnTheWay(choices, choices.payoff, null) };
  const { amount } = runAmount(plan, figures);
  let outcome: RunOutcome = 'nothing-owed';
  const key = `autopay-${row.id}-${runDate}`;
  // A run that made its payment but stopped before moving on: the payment stands, only the date moves.
  if ((await tdb.payments.forSubmission(row.customerId, key)).length > 0) outcome = 'paid';
  else if (amount > 0) {
    const result = await submitPayments(tdb, tenant, deps, { customerId: row.customerId, key, methodId: row.paymentMethodId, date: today, items: [{ account, amount }], source: 'autopay', autopayId: row.id, actor: { type: 'system', id: null } }, now, new Map([[account.id, choices]]));
    outcome = result.ok ? 'paid' : 'refused';
    if (!result.ok) {
      await notify(tdb, tenant, deps, row.customerId, [account.id], `autopay-refused:${row.id}:${runDate}`, {
        subject: `Your AutoPay for ${account.displayId} could not run`,
        paragraphs: [`Today's AutoPay payment of ${formatCents(amount)} could not be made: ${Object.values(result.errors).join(' ')}`, 'Please check your AutoPay, and make this payment yourself if it is due.'],
        facts: [['Account', account.displayId], ['Date', formatDay(today)]],
        link: deps.portalUrl(`/accounts/${encodeURIComponent(account.displayId)}/autopay`),
      });
    }
  }
  const schedule = loan?.accrual.schedule;
  const last = schedule?.at(-1);
  const warning = last ? finalPaymentWarning(plan, { dueDate: last.dueDate, amount: last.payment }, today) : null;
  if (warning) {
    await notify(tdb, tenant, deps, row.customerId, [account.id], `autopay-final:${row.id}`, {
      subject: `Your final payment on ${account.displayId} needs attention`,
      paragraphs: [warning],
      facts: [['Account', account.displayId]],
      link: deps.portalUrl(`/accounts/${encodeURIComponent(account.displayId)}/pay`),
    });
  }
  await tdb.autopays.update(row.id, { lastRunDate: runDate, nextRunDate: nextRunDate(plan, today, loan ? await dueDatesOf(tdb, account, today, loan) : undefined) }, now);
  return outcome;
}
