import type { Account, LedgerRow, LoanTermsRow, LineTermsRow, Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { billingCycles, lineBalance, linePosition, statements as lineStatements, type LineBalance, type LinePosition, type LineTerms, type LineTransaction, type Statement } from '../domain/credit/line-of-credit';
import type { IsoDate } from '../domain/dates';
import type { Cents } from '../domain/money';
import { formatPercent, parsePercent } from '../domain/rates';
import { defaultAllocationOrder, isValidOrder, negate, type Component } from '../domain/loans/allocation';
import { buildSchedule } from '../domain/loans/amortization';
import { leasePayment, leaseSchedule } from '../domain/loans/lease';
import type { LedgerEntry } from '../domain/loans/ledger';
import { allocatePayment, loanPosition, type Accrual, type LoanPosition } from '../domain/loans/position';
import { dayCounts, frequencies, type DayCount, type Frequency, type LoanTerms, type ScheduledPayment } from '../domain/loans/types';
import type { CardStatus } from '../domain/credit/card-status';
import { newId } from '../lib/ids';
import { staleWriteOf, type BatchStatement } from '../db/client';
import { statusFor, type Standing } from '../domain/account-status';
import { localDate } from '../domain/dates';
import { ServiceError } from './errors';

export const defaultAccountStatuses = ['Active', 'Past Due', 'Paid Off', 'Closed', 'Charged Off', 'Pending'] as const;

export function accountStatusesOf(tenant: Tenant): string[] {
  return tenant.settings.accountStatuses?.length ? tenant.settings.accountStatuses : [...defaultAccountStatuses];
}

export function allocationOrderOf(tenant: Tenant): readonly Component[] {
  const order = tenant.settings.allocationOrder;
  return order && isValidOrder(order) ? order : defaultAllocationOrder;
}

export interface AccountHolder {
  customerId: string;
  role: 'Primary' | 'Secondary' | 'Other' | 'Authorized User';
  webAccess?: boolean;
  emailAccess?: boolean;
  smsAccess?: boolean;
}

interface OpenCommon {
  displayId: string;
  productName: string;
  status?: string;
  holders: AccountHolder[];
}

export interface OpenLoan extends OpenCommon {
  principal: Cents;
  /** Annual percent as typed: "6.5". */
  annualRate: string;
  frequency: Frequency;
  termPayments: number;
  startDate: IsoDate;
  firstDueDate: IsoDate;
  dayCount: DayCount;
  payment?: Cents;
}

export interface OpenLease extends OpenCommon {
  capitalizedCost: Cents;
  residualValue: Cents;
  termMonths: number;
  moneyFactorE7: number;
  startDate: IsoDate;
  firstDueDate: IsoDate;
}

export interface OpenLine extends OpenCommon {
  type: 'line_of_credit' | 'credit_card';
  creditLimit: Cents;
  annualRate: string;
  openDate: IsoDate;
  statementDay: number;
  paymentDueDays: number;
  minimumPercent: string;
  minimumFloor: Cents;
  lateFee: Cents;
}

function checkHolders(holders: AccountHolder[]): void {
  if (holders.filter((h) => h.role === 'Primary').length !== 1) throw new ServiceError('invalid', 'An account needs exactly one Primary customer.');
  if (new Set(holders.map((h) => h.customerId)).size !== holders.length) throw new ServiceError('invalid', 'A customer can be linked to an account once.');
}

/** Domain code refuses impossible terms with RangeError; to the caller that is invalid input. */
function asInvalidInput<T>(compute: () => T): T {
  try {
    return compute();
  } catch (err) {
    throw new ServiceError('invalid', err instanceof Error ? err.message : String(err));
  }
}

function rate(text: string): number {
  const r = parsePercent(text);
  if (r === null) throw new ServiceError('invalid', `"${text}" is not an interest rate between 0 and 100%.`);
  return r;
}

async function checkNew(tdb: TenantDb, tenant: Tenant, common: OpenCommon): Promise<string> {
  const status = common.status ?? 'Active';
  if (!accountStatusesOf(tenant).includes(status)) throw new ServiceError('invalid', `"${status}" is not one of this lender's account statuses.`);
  if (await tdb.accounts.findByDisplayId(common.displayId)) throw new ServiceError('conflict', `Account number ${common.displayId} is already in use.`);
  for (const h of common.holders) if (!(await tdb.customers.find(h.customerId))) throw new ServiceError('not_found', 'That customer does not exist.');
  checkHolders(common.holders);
  return status;
}

const linkRows = (holders: AccountHolder[]) =>
  holders.map((h) => ({ customerId: h.customerId, role: h.role, webAccess: h.webAccess ?? true, emailAccess: h.emailAccess ?? true, smsAccess: h.smsAccess ?? false }));

const scheduleRows = (schedule: ScheduledPayment[]) =>
  schedule.map((r) => ({ number: r.number, dueDate: r.dueDate, payment: r.payment, principal: r.principal, interest: r.interest, balance: r.balance }));

/** Opens an installment loan: its terms, its contractual schedule and its customers, atomically. */
export async function openLoan(tdb: TenantDb, tenant: Tenant, input: OpenLoan, now: Date): Promise<string> {
  const status = await checkNew(tdb, tenant, input);
  if (!frequencies.includes(input.frequency) || !dayCounts.includes(input.dayCount)) throw new ServiceError('invalid', 'Unknown payment frequency or interest method.');
  const terms: LoanTerms = { principal: input.principal, annualRate: rate(input.annualRate), frequency: input.frequency, termPayments: input.termPayments, startDate: input.startDate, firstDueDate: input.firstDueDate, dayCount: input.dayCount, ...(input.payment ? { payment: input.payment } : {}) };
  const schedule = asInvalidInput(() => buildSchedule(terms));
  const id = newId();
  await tdb.accounts.create(
    {
      account: { id, displayId: input.displayId, type: 'installment', status, productName: input.productName, openedOn: input.startDate },
      loanTerms: { principal: terms.principal, annualRate: formatPercent(terms.annualRate), frequency: terms.frequency, termPayments: terms.termPayments, startDate: terms.startDate, firstDueDate: terms.firstDueDate, dayCount: terms.dayCount, payment: schedule[0]!.payment },
      schedule: scheduleRows(schedule),
      links: linkRows(input.holders),
    },
    now,
  );
  return id;
}

/** Opens a closed-end lease (money factor); its schedule splits each payment into depreciation and rent charge. */
export async function openLease(tdb: TenantDb, tenant: Tenant, input: OpenLease, now: Date): Promise<string> {
  const status = await checkNew(tdb, tenant, input);
  const leaseTerms = { capitalizedCost: input.capitalizedCost, residualValue: input.residualValue, termMonths: input.termMonths, moneyFactorE7: input.moneyFactorE7 };
  const payment = asInvalidInput(() => leasePayment(leaseTerms).basePayment);
  const schedule = asInvalidInput(() => leaseSchedule(leaseTerms, input.firstDueDate));
  const id = newId();
  await tdb.accounts.create(
    {
      account: { id, displayId: input.displayId, type: 'lease', status, productName: input.productName, openedOn: input.startDate },
      loanTerms: {
        principal: input.capitalizedCost - input.residualValue, annualRate: '0', frequency: 'monthly', termPayments: input.termMonths,
        startDate: input.startDate, firstDueDate: input.firstDueDate, dayCount: 'periodic', payment, residualValue: input.residualValue, moneyFactorE7: input.moneyFactorE7,
      },
      schedule: scheduleRows(schedule),
      links: linkRows(input.holders),
    },
    now,
  );
  return id;
}

export async function openLine(tdb: TenantDb, tenant: Tenant, input: OpenLine, now: Date): Promise<string> {
  const status = await checkNew(tdb, tenant, input);
  rate(input.annualRate);
  rate(input.minimumPercent);
  const id = newId();
  await tdb.accounts.create(
    {
      account: { id, displayId: input.displayId, type: input.type, status, productName: input.productName, openedOn: input.openDate },
      lineTerms: { creditLimit: input.creditLimit, annualRate: input.annualRate, openDate: input.openDate, statementDay: input.statementDay, paymentDueDays: input.paymentDueDays, minimumPercent: input.minimumPercent, minimumFloor: input.minimumFloor, lateFee: input.lateFee },
      links: linkRows(input.holders),
    },
    now,
  );
  return id;
}

// ---- installment loans and leases ----

export interface LoanAccount {
  account: Account;
  accrual: Accrual;
  entries: LedgerEntry[];
  rows: LedgerRow[];
}

function toAccrual(account: Account, t: LoanTermsRow, schedule: ScheduledPayment[]): Accrual {
  const terms: LoanTerms = { principal: t.principal, annualRate: parsePercent(t.annualRate) ?? 0, frequency: t.frequency as Frequency, termPayments: t.termPayments, startDate: t.startDate, firstDueDate: t.firstDueDate, dayCount: t.dayCount as DayCount, payment: t.payment };
  return account.type === 'lease' ? { terms, schedule, interestBasis: 'scheduled', residual: t.residualValue ?? 0 } : { terms, schedule };
}

const toEntry = (r: LedgerRow): LedgerEntry => ({ id: r.id, date: r.effectiveDate, kind: r.kind as LedgerEntry['kind'], amount: r.amount, principal: r.principal, interest: r.interest, fees: r.fees, reverses: r.reversesId ?? undefined });

/** Callers that already hold the account row pass it, saving a query per account on list pages. */
type AccountOrId = Account | string;
const accountFrom = (tdb: TenantDb, a: AccountOrId) => (typeof a === 'string' ? tdb.accounts.find(a) : Promise.resolve(a));

export async function loadLoan(tdb: TenantDb, accountOrId: AccountOrId): Promise<LoanAccount> {
  const account = await accountFrom(tdb, accountOrId);
  if (!account || (account.type !== 'installment' && account.type !== 'lease')) throw new ServiceError('not_found', 'There is no such loan or lease.');
  const [terms, schedule, rows] = await Promise.all([tdb.accounts.loanTerms(account.id), tdb.accounts.schedule(account.id), tdb.ledger.entries(account.id)]);
  if (!terms) throw new ServiceError('not_found', 'This account has no terms.');
  return { account, accrual: toAccrual(account, terms, schedule), entries: rows.map(toEntry), rows };
}

/** A loan's position; pass the tenant's waterfall (allocationOrderOf) so its figures match what posting does. */
export async function loanSummary(tdb: TenantDb, accountOrId: AccountOrId, asOf: IsoDate, order: readonly Component[] = defaultAllocationOrder): Promise<LoanPosition & { account: Account }> {
  const loan = await loadLoan(tdb, accountOrId);
  return { ...loanPosition(loan.accrual, loan.entries, asOf, order), account: loan.account };
}

export interface PostPayment {
  accountId: string;
  date: IsoDate;
  amount: Cents;
  reference?: string;
  description?: string;
  postedBy?: string | null;
  /** The portal payment being posted (one ledger entry per payment). */
  paymentId?: string;
}

/**
 * Statements that keep an account's automatic status (Active, Past Due, Paid Off) in step with a
 * change to its ledger, with the audit row saying why; none when it does not move. Both apply only
 * while the account still has the status read: a person's change made meanwhile stands.
 */
function statusFollows(tdb: TenantDb, account: Account, standing: Standing, now: Date, actor: { type: 'system' | 'agent' | 'customer'; id: string | null }): BatchStatement[] {
  const kind = account.type === 'installment' || account.type === 'lease' ? 'loan' : 'line';
  const next = statusFor(account.status, standing, kind);
  if (next === account.status) return [];
  return [
    tdb.audit.entryWhen({ actorType: actor.type, actorId: actor.id, action: 'account.status-followed', entityType: 'account', entityId: account.id, before: { status: account.status }, after: { status: next, because: standing === 'paid_off' ? 'paid off' : standing === 'past_due' ? 'past due' : 'up to date' } }, now, tdb.accounts.hasStatus(account.id, account.status)),
    tdb.accounts.statusStatement(account.id, next, account.status, now),
  ];
}

/** Who changed a ledger: the staff member who posted it, or the system (a payment the borrower made). */
const ledgerActor = (postedBy: string | null | undefined) => (postedBy ? { type: 'agent' as const, id: postedBy } : { type: 'system' as const, id: null });

/** The day an account's standing is read after a change: today, or the change's own date when it is later. */
const standingDay = (tenant: Tenant, date: IsoDate, now: Date) => [date, localDate(now, tenant.timeZone)].sort()[1]!;

/**
 * Writes a change to an account's ledger: its statements, after the version check that makes a
 * change split against an older ledger abort, worked out again from a fresh read (a few times).
 */
async function writeLedger<T>(tdb: TenantDb, build: () => Promise<{ version: number; accountId: string; statements: BatchStatement[]; result: T }>, now: Date): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const { version, accountId, statements, result } = await build();
    try {
      await tdb.batch([tdb.accounts.ledgerVersionOrAbort(accountId, version, now), ...statements]);
      return result;
    } catch (error) {
      if (staleWriteOf(error) !== 'ledger' || attempt >= 4) throw error;
    }
  }
}

/**
 * Posts a payment split by the tenant's allocation order; more than the payoff is refused. `also`
 * are statements that belong to the same change (the payment's own status): all are written in
 * one transaction, with the account's status when the payment moves it.
 */
export async function postLoanPayment(tdb: TenantDb, tenant: Tenant, input: PostPayment, now: Date, also: (entryId: string) => BatchStatement[] = () => []): Promise<LedgerRow> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new ServiceError('invalid', 'A payment must be more than $0.00.');
  const id = await writeLedger(tdb, async () => {
    const loan = await loadLoan(tdb, input.accountId);
    if (input.date < loan.accrual.terms.startDate) throw new ServiceError('invalid', 'A payment cannot be dated before the account started.');
    const order = allocationOrderOf(tenant);
    const split = allocatePayment(loan.accrual, loan.entries, input.date, input.amount, order);
    if (split.excess > 0) throw new ServiceError('invalid', `That is more than the payoff on ${input.date}.`);
    const id = newId();
    const entry = { id, accountId: input.accountId, kind: 'payment', effectiveDate: input.date, amount: input.amount, principal: split.principal, interest: split.interest, fees: split.fees, description: input.description ?? 'Payment', reference: input.reference ?? null, postedAt: now, postedBy: input.postedBy ?? null, paymentId: input.paymentId ?? null } as const;
    const standing = loanPosition(loan.accrual, [...loan.entries, { id, date: input.date, kind: 'payment', amount: input.amount, ...split }], standingDay(tenant, input.date, now), order).status;
    return { version: loan.account.ledgerVersion, accountId: loan.account.id, result: id, statements: [...also(id), tdb.ledger.entryStatement(entry), ...statusFollows(tdb, loan.account, standing, now, ledgerActor(input.postedBy))] };
  }, now);
  return (await tdb.ledger.find(id))!;
}

/** Reverses a payment (returned, NSF): a new entry with the split negated, effective from the return date. */
export async function reverseLoanPayment(tdb: TenantDb, tenant: Tenant, input: { paymentId: string; date: IsoDate; reason: string; postedBy?: string | null }, now: Date, also: (entryId: string) => BatchStatement[] = () => []): Promise<LedgerRow> {
  const id = await writeLedger(tdb, async () => {
    const payment = await tdb.ledger.find(input.paymentId);
    if (!payment || payment.kind !== 'payment') throw new ServiceError('not_found', 'There is no such payment.');
    if (input.date < payment.effectiveDate) throw new ServiceError('invalid', 'A reversal cannot be dated before the payment.');
    const account = (await tdb.accounts.find(payment.accountId))!;
    const entries = await tdb.ledger.entries(payment.accountId);
    if (entries.some((e) => e.reversesId === payment.id)) throw new ServiceError('conflict', 'This payment has already been reversed.');
    const id = newId();
    const entry = { id, accountId: payment.accountId, kind: 'reversal', effectiveDate: input.date, amount: -payment.amount, ...negate(payment), reversesId: payment.id, description: `Reversal: ${input.reason}`, postedAt: now, postedBy: input.postedBy ?? null } as const;
    const standing = await standingAfter(tdb, tenant, account, [...entries, { ...entry, tenantId: tdb.tenantId, reference: null, paymentId: null }], standingDay(tenant, input.date, now));
    return { version: account.ledgerVersion, accountId: account.id, result: id, statements: [...also(id), tdb.ledger.entryStatement(entry), ...statusFollows(tdb, account, standing, now, ledgerActor(input.postedBy))] };
  }, now);
  return (await tdb.ledger.find(id))!;
}

/**
 * Brings an account's automatic status in line with its ledger as of today (after a change that
 * wrote the ledger itself, such as a recorded ACH return), with its audit row; nothing when it holds.
 */
export async function followStatus(tdb: TenantDb, tenant: Tenant, accountId: string, now: Date, actor: { type: 'system' | 'agent' | 'customer'; id: string | null }): Promise<void> {
  const account = await tdb.accounts.find(accountId);
  if (!account) return;
  const standing = await standingAfter(tdb, tenant, account, await tdb.ledger.entries(accountId), localDate(now, tenant.timeZone));
  await tdb.batch(statusFollows(tdb, account, standing, now, actor));
}

/** Where an account stands on a day with these ledger rows (loans and lines alike). */
async function standingAfter(tdb: TenantDb, tenant: Tenant, account: Account, rows: LedgerRow[], day: IsoDate): Promise<Standing> {
  if (account.type === 'installment' || account.type === 'lease') {
    const terms = await tdb.accounts.loanTerms(account.id);
    const schedule = await tdb.accounts.schedule(account.id);
    return loanPosition(toAccrual(account, terms!, schedule), rows.map(toEntry), day, allocationOrderOf(tenant)).status;
  }
  const terms = await tdb.accounts.lineTerms(account.id);
  return linePosition(toLineTerms(terms!), toLineTransactions(rows), day).status;
}

export async function chargeFee(tdb: TenantDb, tenant: Tenant, input: { accountId: string; date: IsoDate; amount: Cents; description: string; postedBy?: string | null }, now: Date): Promise<void> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new ServiceError('invalid', 'A fee must be more than $0.00.');
  await writeLedger(tdb, async () => {
    const loan = await loadLoan(tdb, input.accountId);
    const id = newId();
    const entry = { id, accountId: input.accountId, kind: 'fee', effectiveDate: input.date, amount: input.amount, description: input.description, postedAt: now, postedBy: input.postedBy ?? null } as const;
    const standing = loanPosition(loan.accrual, [...loan.entries, { id, date: input.date, kind: 'fee', amount: input.amount, fees: 0, interest: 0, principal: 0 }], standingDay(tenant, input.date, now), allocationOrderOf(tenant)).status;
    return { version: loan.account.ledgerVersion, accountId: loan.account.id, result: id, statements: [tdb.ledger.entryStatement(entry), ...statusFollows(tdb, loan.account, standing, now, ledgerActor(input.postedBy))] };
  }, now);
}

// ---- lines of credit and cards ----

export interface LineAccount {
  account: Account;
  terms: LineTerms;
  transactions: LineTransaction[];
  rows: LedgerRow[];
}

function toLineTerms(t: LineTermsRow): LineTerms {
  return {
    creditLimit: t.creditLimit, annualRate: parsePercent(t.annualRate) ?? 0, openDate: t.openDate, statementDay: t.statementDay, paymentDueDays: t.paymentDueDays,
    minimumPayment: { percentOfBalance: parsePercent(t.minimumPercent) ?? 0, floor: t.minimumFloor }, lateFee: t.lateFee,
  };
}

function toLineTransactions(rows: LedgerRow[]): LineTransaction[] {
  return rows
    .filter((r) => r.kind === 'draw' || r.kind === 'payment' || r.kind === 'fee' || r.kind === 'credit' || r.kind === 'reversal')
    .map((r) => ({ id: r.id, date: r.effectiveDate, kind: r.kind as LineTransaction['kind'], amount: Math.abs(r.amount), ...(r.reversesId ? { reverses: r.reversesId } : {}) }));
}

export async function loadLine(tdb: TenantDb, accountOrId: AccountOrId): Promise<LineAccount> {
  const account = await accountFrom(tdb, accountOrId);
  if (!account || (account.type !== 'line_of_credit' && account.type !== 'credit_card')) throw new ServiceError('not_found', 'There is no such line of credit.');
  const [terms, rows] = await Promise.all([tdb.accounts.lineTerms(account.id), tdb.ledger.entries(account.id)]);
  if (!terms) throw new ServiceError('not_found', 'This account has no terms.');
  return { account, terms: toLineTerms(terms), transactions: toLineTransactions(rows), rows };
}

export async function lineSummary(tdb: TenantDb, accountOrId: AccountOrId, asOf: IsoDate): Promise<{ account: Account; balance: LineBalance; statements: Statement[] }> {
  const line = await loadLine(tdb, accountOrId);
  return { account: line.account, balance: lineBalance(line.terms, line.transactions, asOf), statements: lineStatements(line.terms, line.transactions, asOf) };
}

/** A line's position on a day: balance, minimum and statement balance still due, payoff. */
export async function lineFigures(tdb: TenantDb, accountOrId: AccountOrId, asOf: IsoDate): Promise<LinePosition> {
  const line = await loadLine(tdb, accountOrId);
  return linePosition(line.terms, line.transactions, asOf);
}

export async function postLineTransaction(
  tdb: TenantDb,
  tenant: Tenant,
  input: { accountId: string; kind: 'draw' | 'payment' | 'fee' | 'credit'; date: IsoDate; amount: Cents; description: string; reference?: string; postedBy?: string | null; paymentId?: string },
  now: Date,
  also: (entryId: string) => BatchStatement[] = () => [],
): Promise<string> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new ServiceError('invalid', 'An amount must be more than $0.00.');
  return writeLedger(tdb, async () => {
    const line = await loadLine(tdb, input.accountId);
    if (input.date < line.terms.openDate) throw new ServiceError('invalid', 'A transaction cannot be dated before the line opened.');
    if (input.kind === 'draw') {
      const { availableCredit } = lineBalance(line.terms, line.transactions, input.date);
      if (input.amount > availableCredit) throw new ServiceError('invalid', 'That is more than the credit available.');
    }
    const id = newId();
    const entry = { id, accountId: input.accountId, kind: input.kind, effectiveDate: input.date, amount: input.amount, description: input.description, reference: input.reference ?? null, postedAt: now, postedBy: input.postedBy ?? null, paymentId: input.paymentId ?? null };
    const standing = linePosition(line.terms, [...line.transactions, { id, date: input.date, kind: input.kind, amount: input.amount }], standingDay(tenant, input.date, now)).status;
    return { version: line.account.ledgerVersion, accountId: line.account.id, result: id, statements: [...also(id), tdb.ledger.entryStatement(entry), ...statusFollows(tdb, line.account, standing, now, ledgerActor(input.postedBy))] };
  }, now);
}

/**
 * The nightly issue: every open line whose latest cycle closed after its last issued statement
 * gets the statements it is due (the Statements tab and the PDFs then match the Summary).
 */
export async function issueDueStatements(tdb: TenantDb, tenant: Tenant, now: Date): Promise<number> {
  const today = localDate(now, tenant.timeZone);
  let issued = 0;
  for (const line of await tdb.ledger.linesToStatement()) {
    const lastClosing = billingCycles(toLineTerms(line.terms), today).at(-1)?.[1];
    if (lastClosing && (!line.lastIssued || lastClosing > line.lastIssued)) issued += await issueStatements(tdb, line.accountId, today, now);
  }
  return issued;
}

/** Stores the statements of every cycle closed by `asOf` that has not been issued yet; returns how many. */
export async function issueStatements(tdb: TenantDb, accountId: string, asOf: IsoDate, now: Date): Promise<number> {
  const line = await loadLine(tdb, accountId);
  const issued = new Set((await tdb.ledger.statements(accountId)).map((s) => s.periodEnd));
  const fresh = lineStatements(line.terms, line.transactions, asOf).filter((s) => !issued.has(s.periodEnd));
  await tdb.ledger.issueStatements(
    fresh.map((s) => ({
      id: newId(), accountId, periodStart: s.periodStart, periodEnd: s.periodEnd, openingBalance: s.openingBalance, purchases: s.purchases, payments: s.payments,
      credits: s.credits, fees: s.fees, interest: s.interest, closingBalance: s.closingBalance, minimumPayment: s.minimumPayment, pastDue: s.pastDue,
      dueDate: s.dueDate, creditLimit: s.creditLimit, availableCredit: s.availableCredit, issuedAt: now,
    })),
  );
  return fresh.length;
}

export async function issueCard(
  tdb: TenantDb,
  input: { accountId: string; vaultToken: string; last4: string; expiryMonth: number; expiryYear: number; nameOnCard: string; status?: CardStatus },
  now: Date,
): Promise<string> {
  const line = await loadLine(tdb, input.accountId);
  if (line.account.type !== 'credit_card') throw new ServiceError('invalid', 'Cards are issued on credit card accounts.');
  if (!/^\d{4}$/.test(input.last4)) throw new ServiceError('invalid', 'The last four digits must be four digits.');
  const id = newId();
  await tdb.cards.add({ id, accountId: input.accountId, vaultToken: input.vaultToken, last4: input.last4, expiryMonth: input.expiryMonth, expiryYear: input.expiryYear, nameOnCard: input.nameOnCard, status: input.status ?? 'Pending Emboss' }, now);
  return id;
}
