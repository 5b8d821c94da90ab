import type { PaymentProcessor } from '../integrations/payments';
import type { Account, Customer, CustomerAccountLink, LedgerRow, LineTermsRow, LoanTermsRow, PaymentMethodRow, PaymentRow, ScheduleRow, StaffAuthorization, Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import type { LineBalance, Statement } from '../domain/credit/line-of-credit';
import { addMonths, isIsoDate, localDate, type IsoDate } from '../domain/dates';
import { linkRoles, type LinkRole } from '../domain/link-roles';
import type { LoanPosition } from '../domain/loans/position';
import { dayCounts, frequencies, type DayCount, type Frequency } from '../domain/loans/types';
import { formatCents, parseCents, type Cents } from '../domain/money';
import { secCodeNames } from '../domain/payments/sec-codes';
import { parsePercent } from '../domain/rates';
import type { QueueProducer } from '../queues/messages';
import { ServiceError } from './errors';
import { earliestPaymentDate, paymentSettingsOf } from './payment-settings';
import { methodLabel, submitPayments } from './payments';
import { amountChoices } from './payment-amounts';
import { staleWriteOf } from '../db/client';
import { formatDay } from '../lib/format';
import { accountStatusesOf, allocationOrderOf, lineSummary, loanSummary, openLease, openLine, openLoan, postLineTransaction, postLoanPayment, reverseLoanPayment, type AccountHolder } from './servicing';

/** The accounts staff open here (cards are issued on a line through the card program). */
export const newAccountTypes = ['installment', 'line_of_credit', 'lease'] as const;
export type NewAccountType = (typeof newAccountTypes)[number];
export const accountTypeLabels: Record<Account['type'], string> = { installment: 'Installment loan', line_of_credit: 'Line of credit', lease: 'Lease', credit_card: 'Credit card' };
export const displayIdPrefixes: Record<NewAccountType, string> = { installment: 'LN', line_of_credit: 'LC', lease: 'LS' };

/** How many customers the new-account form links at once (more can be linked from the customer's page later). */
export const HOLDER_SLOTS = 4;
export const outsideMethods = ['Cash', 'Check', 'Money order', 'Wire', 'ACH (outside the portal)', 'Other'] as const;
export const reversalReasons = ['NSF', 'Posted in error', 'Customer dispute', 'Other'] as const;

export type Values = Record<string, string>;
export type Errors = Record<string, string>;
type Checked<T> = { ok: true; data: T } | { ok: false; errors: Errors };

const DISPLAY_ID = /^[A-Z0-9][A-Z0-9-]{2,23}$/;

/** What the new-account form starts with. */
export function newAccountDefaults(tenant: Tenant, today: IsoDate): Values {
  const defaults: Values = {
    type: 'installment', status: accountStatusesOf(tenant).includes('Active') ? 'Active' : accountStatusesOf(tenant)[0]!, startDate: today,
    frequency: 'monthly', dayCount: 'periodic', firstDueDate: addMonths(today, 1), leaseFirstDueDate: addMonths(today, 1),
    statementDay: '25', paymentDueDays: '21', minimumPercent: '2', minimumFloor: '25.00', lateFee: '29.00',
  };
  for (let i = 1; i <= HOLDER_SLOTS; i++) defaults[`role${i}`] = i === 1 ? 'Primary' : 'Secondary';
  return defaults;
}

/** Puts a picked customer in the first empty slot (unless already linked); returns the values. */
export function pickCustomer(values: Values, customerId: string): Values {
  const slots = Array.from({ length: HOLDER_SLOTS }, (_, i) => i + 1);
  if (!customerId || slots.some((i) => (values[`customer${i}`] ?? '').trim() === customerId)) return values;
  const free = slots.find((i) => !(values[`customer${i}`] ?? '').trim());
  return free === undefined ? values : { ...values, [`customer${free}`]: customerId };
}

/** The customers named in the form's slots that exist in this tenant, by id (to show their names). */
export async function slotCustomers(tdb: TenantDb, values: Values): Promise<Map<string, Customer>> {
  const ids = Array.from({ length: HOLDER_SLOTS }, (_, i) => (values[`customer${i + 1}`] ?? '').trim()).filter(Boolean);
  return new Map((await tdb.customers.findMany([...new Set(ids)])).map((c) => [c.id, c]));
}

const dollars = (text: string | undefined, opts: { min: Cents; what: string }): Cents | string => {
  const cents = parseCents(text ?? '');
  if (cents === null) return `Enter the ${opts.what} in dollars, such as 1,250.00.`;
  if (cents < opts.min) return opts.min > 0 ? `The ${opts.what} must be more than $0.00.` : `The ${opts.what} cannot be negative.`;
  return cents;
};

const whole = (text: string | undefined, min: number, max: number, message: string): number | string => {
  const t = (text ?? '').trim();
  if (!/^\d{1,4}$/.test(t)) return message;
  const n = Number(t);
  return n < min || n > max ? message : n;
};

const percent = (text: string | undefined, what: string): string | { error: string } => {
  const t = (text ?? '').trim().replace(/%$/, '').trim();
  return parsePercent(t) === null ? { error: `Enter the ${what} as a percent from 0 to 100, such as 6.5.` } : t;
};

/** "0.00125" → 12_500 (units of 1e-7); null when it is not a money factor. */
function moneyFactorE7(text: string): number | null {
  const m = /^\s*0?\.(\d{1,7})\s*$/.exec(text);
  return m ? Number(m[1]!.padEnd(7, '0')) : null;
}

export type NewAccount =
  | { type: 'installment'; open: Parameters<typeof openLoan>[2] }
  | { type: 'lease'; open: Parameters<typeof openLease>[2] }
  | { type: 'line_of_credit'; open: Parameters<typeof openLine>[2] };

/**
 * Reads the new-account form: the type's terms (dollars to cents, rates as typed), the status from
 * the tenant's list, the account number (typed and free, or blank to generate one) and the linked
 * customers with exactly one Primary. A message per field when something is wrong.
 */
export async function readNewAccount(tdb: TenantDb, tenant: Tenant, v: Values): Promise<Checked<NewAccount>> {
  const errors: Errors = {};
  const take = <T>(field: string, r: T | string): T | undefined => {
    if (typeof r === 'string') {
      errors[field] = r;
      return undefined;
    }
    return r;
  };
  const type = newAccountTypes.find((t) => t === v.type);
  if (!type) errors.type = 'Choose the kind of account.';
  const productName = (v.productName ?? '').trim();
  if (!productName) errors.productName = 'Enter the product name, such as “Auto Loan — 60 months”.';
  else if (productName.length > 80) errors.productName = 'Use at most 80 characters.';
  const status = (v.status ?? '').trim();
  if (!accountStatusesOf(tenant).includes(status)) errors.status = 'Choose one of the account statuses.';
  let displayId = (v.displayId ?? '').trim().toUpperCase();
  if (displayId && !DISPLAY_ID.test(displayId)) errors.displayId = 'Use 3 to 24 letters, digits and dashes, such as LN-104233; or leave it empty to have one made.';
  else if (displayId && (await tdb.accounts.findByDisplayId(displayId))) errors.displayId = `Account number ${displayId} is already in use.`;
  const startDate = (v.startDate ?? '').trim();
  if (!isIsoDate(startDate)) errors.startDate = 'Enter the start date, such as 2026-11-22.';

  // Customers: the slots filled in, each an existing customer once, exactly one Primary.
  const holders: AccountHolder[] = [];
  const known = await slotCustomers(tdb, v);
  for (let i = 1; i <= HOLDER_SLOTS; i++) {
    const id = (v[`customer${i}`] ?? '').trim();
    if (!id) continue;
    const role = linkRoles.find((r) => r === v[`role${i}`]);
    if (!known.has(id)) errors[`customer${i}`] = 'There is no customer with this id: find them by name above and pick them.';
    else if (holders.some((h) => h.customerId === id)) errors[`customer${i}`] = 'This customer is already linked above.';
    else if (!role) errors[`role${i}`] = 'Choose the customer’s role.';
    else holders.push({ customerId: id, role: role as LinkRole });
  }
  const slotErrors = Object.keys(errors).some((k) => /^(customer|role)\d$/.test(k));
  if (!slotErrors) {
    if (holders.length === 0) errors.customer1 = 'Link at least one customer: find them by name above and pick them.';
    else if (holders.filter((h) => h.role === 'Primary').length !== 1) errors.customers = 'Exactly one linked customer must be Primary.';
  }

  const common = { productName, status, holders };
  let result: NewAccount | undefined;
  if (type === 'installment') {
    const principal = take('principal', dollars(v.principal, { min: 1, what: 'amount financed' }));
    const rate = percent(v.annualRate, 'interest rate');
    if (typeof rate !== 'string') errors.annualRate = rate.error;
    const frequency = frequencies.find((f) => f === v.frequency);
    if (!frequency) errors.frequency = 'Choose how often payments are due.';
    const dayCount = dayCounts.find((d) => d === v.dayCount);
    if (!dayCount) errors.dayCount = 'Choose how interest is counted.';
    const termPayments = take('termPayments', whole(v.termPayments, 1, 600, 'Enter the number of payments, from 1 to 600.'));
    const firstDueDate = (v.firstDueDate ?? '').trim();
    if (!isIsoDate(firstDueDate)) errors.firstDueDate = 'Enter the first due date, such as 2026-12-22.';
    else if (isIsoDate(startDate) && firstDueDate <= startDate) errors.firstDueDate = 'The first payment must fall due after the start date.';
    const paymentText = (v.payment ?? '').trim();
    const payment = paymentText ? take('payment', dollars(paymentText, { min: 1, what: 'payment' })) : undefined;
    if (Object.keys(errors).length === 0) {
      result = { type, open: { ...common, displayId, principal: principal!, annualRate: rate as string, frequency: frequency as Frequency, termPayments: termPayments!, startDate, firstDueDate, dayCount: dayCount as DayCount, ...(payment ? { payment } : {}) } };
    }
  } else if (type === 'lease') {
    const capitalizedCost = take('capitalizedCost', dollars(v.capitalizedCost, { min: 1, what: 'capitalized cost' }));
    const residualValue = take('residualValue', dollars(v.residualValue, { min: 0, what: 'residual value' }));
    if (capitalizedCost !== undefined && residualValue !== undefined && residualValue >= capitalizedCost) errors.residualValue = 'The residual value must be less than the capitalized cost.';
    const factor = moneyFactorE7(v.moneyFactor ?? '');
    if (factor === null) errors.moneyFactor = 'Enter the money factor as a decimal, such as 0.00125 (the APR divided by 2400).';
    const termMonths = take('leaseTerm', whole(v.leaseTerm, 1, 120, 'Enter the term in months, from 1 to 120.'));
    const firstDueDate = (v.leaseFirstDueDate ?? '').trim();
    if (!isIsoDate(firstDueDate)) errors.leaseFirstDueDate = 'Enter the first due date, such as 2026-12-22.';
    else if (isIsoDate(startDate) && firstDueDate <= startDate) errors.leaseFirstDueDate = 'The first payment must fall due after the start date.';
    if (Object.keys(errors).length === 0) {
      result = { type, open: { ...common, displayId, capitalizedCost: capitalizedCost!, residualValue: residualValue!, termMonths: termMonths!, moneyFactorE7: factor!, startDate, firstDueDate } };
    }
  } else if (type === 'line_of_credit') {
    const creditLimit = take('creditLimit', dollars(v.creditLimit, { min: 1, what: 'credit limit' }));
    const rate = percent(v.lineRate, 'interest rate');
    if (typeof rate !== 'string') errors.lineRate = rate.error;
    const statementDay = take('statementDay', whole(v.statementDay, 1, 28, 'Enter the statement day, from 1 to 28.'));
    const paymentDueDays = take('paymentDueDays', whole(v.paymentDueDays, 1, 27, 'Enter the days from statement to due date, from 1 to 27.'));
    const minimumPercent = percent(v.minimumPercent, 'minimum payment');
    if (typeof minimumPercent !== 'string') errors.minimumPercent = minimumPercent.error;
    const minimumFloor = take('minimumFloor', dollars(v.minimumFloor, { min: 0, what: 'smallest minimum payment' }));
    const lateFee = take('lateFee', dollars(v.lateFee, { min: 0, what: 'late fee' }));
    if (Object.keys(errors).length === 0) {
      result = {
        type,
        open: { ...common, type, displayId, creditLimit: creditLimit!, annualRate: rate as string, openDate: startDate, statementDay: statementDay!, paymentDueDays: paymentDueDays!, minimumPercent: minimumPercent as string, minimumFloor: minimumFloor!, lateFee: lateFee! },
      };
    }
  }
  return result && Object.keys(errors).length === 0 ? { ok: true, data: result } : { ok: false, errors };
}

/** A free account number such as "LN-482913" (the type's prefix and six digits). */
export async function generateDisplayId(tdb: TenantDb, type: NewAccountType): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const n = crypto.getRandomValues(new Uint32Array(1))[0]! % 900_000;
    const id = `${displayIdPrefixes[type]}-${100_000 + n}`;
    if (!(await tdb.accounts.findByDisplayId(id))) return id;
  }
  throw new ServiceError('conflict', 'No free account number was found: type one.');
}

/** Opens the account with its terms and customers, and records it: on the account and on each customer linked. */
export async function createAccount(tdb: TenantDb, tenant: Tenant, input: NewAccount, actorId: string, now: Date): Promise<Checked<Account>> {
  const displayId = input.open.displayId || (await generateDisplayId(tdb, input.type));
  let id: string;
  try {
    if (input.type === 'installment') id = await openLoan(tdb, tenant, { ...input.open, displayId }, now);
    else if (input.type === 'lease') id = await openLease(tdb, tenant, { ...input.open, displayId }, now);
    else id = await openLine(tdb, tenant, { ...input.open, displayId }, now);
  } catch (error) {
    if (!(error instanceof ServiceError)) {
      // Taken by someone else between the check and the insert (the unique index said no).
      if (await tdb.accounts.findByDisplayId(displayId)) return { ok: false, errors: { displayId: `Account number ${displayId} is already in use.` } };
      throw error;
    }
    if (error.code === 'conflict') return { ok: false, errors: { displayId: error.message } };
    return { ok: false, errors: { _form: error.message } };
  }
  const account = (await tdb.accounts.find(id))!;
  const terms = await termsSummary(tdb, account);
  await tdb.audit.record({ actorType: 'agent', actorId, action: 'account.created', entityType: 'account', entityId: id, after: { displayId, type: account.type, productName: account.productName, status: account.status, ...terms, customers: input.open.holders.map((h) => ({ customer: h.customerId, role: h.role })) } }, now);
  for (const h of input.open.holders) {
    await tdb.audit.record({ actorType: 'agent', actorId, action: 'link.added', entityType: 'customer', entityId: h.customerId, after: { account: displayId, role: h.role, webAccess: h.webAccess ?? true, emailAccess: h.emailAccess ?? true, smsAccess: h.smsAccess ?? false } }, now);
  }
  return { ok: true, data: account };
}

/** The terms as stored, in words and dollars (for the audit row and the page). */
async function termsSummary(tdb: TenantDb, account: Account): Promise<Record<string, string | number>> {
  if (account.type === 'installment' || account.type === 'lease') {
    const t = (await tdb.accounts.loanTerms(account.id))!;
    return account.type === 'lease'
      ? { capitalizedCost: formatCents(t.principal + (t.residualValue ?? 0)), residualValue: formatCents(t.residualValue ?? 0), moneyFactor: ((t.moneyFactorE7 ?? 0) / 10_000_000).toFixed(7).replace(/0+$/, ''), termMonths: t.termPayments, payment: formatCents(t.payment), firstDueDate: t.firstDueDate }
      : { principal: formatCents(t.principal), annualRate: `${t.annualRate}%`, frequency: t.frequency, termPayments: t.termPayments, dayCount: t.dayCount, payment: formatCents(t.payment), startDate: t.startDate, firstDueDate: t.firstDueDate };
  }
  const t = (await tdb.accounts.lineTerms(account.id))!;
  return { creditLimit: formatCents(t.creditLimit), annualRate: `${t.annualRate}%`, openDate: t.openDate, statementDay: t.statementDay, paymentDueDays: t.paymentDueDays, minimumPercent: `${t.minimumPercent}%`, minimumFloor: formatCents(t.minimumFloor), lateFee: formatCents(t.lateFee) };
}

// ---- the list ----

export interface AccountListRow {
  account: Account;
  primary: Customer | null;
  others: number;
}

/** The staff list: accounts by number or customer name; the newest ones when nothing is typed. */
export async function listAccounts(tdb: TenantDb, query: string, limit = 50): Promise<AccountListRow[]> {
  const q = query.trim();
  const accounts = q ? await tdb.accounts.search(q, limit) : await tdb.accounts.recent(limit);
  const links = await Promise.all(accounts.map((a) => tdb.accounts.links(a.id)));
  const customers = new Map((await tdb.customers.findMany([...new Set(links.flat().map((l) => l.customerId))])).map((c) => [c.id, c]));
  return accounts.map((account, i) => {
    const primary = links[i]!.find((l) => l.role === 'Primary');
    return { account, primary: primary ? (customers.get(primary.customerId) ?? null) : null, others: links[i]!.length - (primary ? 1 : 0) };
  });
}

// ---- one account ----

export interface LedgerLine {
  row: LedgerRow;
  /** The reversal of this payment, when it was reversed. */
  reversedBy: LedgerRow | null;
  /** For a reversal: the payment it reverses. */
  reverses: LedgerRow | null;
  postedBy: string | null;
}

export interface AccountView {
  account: Account;
  asOf: IsoDate;
  holders: { link: CustomerAccountLink; customer: Customer }[];
  primary: Customer | null;
  loan: { position: LoanPosition; terms: LoanTermsRow; schedule: ScheduleRow[] } | null;
  line: { balance: LineBalance; terms: LineTermsRow; statements: Statement[]; nextDueDate: IsoDate | null; nextDueAmount: Cents | null; pastDue: Cents } | null;
  ledger: LedgerLine[];
  /** Payments taken through the payment service (portal, AutoPay, staff), newest first. */
  payments: PaymentRow[];
  /** The primary borrower's saved methods the lender takes. */
  methods: PaymentMethodRow[];
  /** The methods the payments listed were made with (removed ones included). */
  paymentMethods: Map<string, PaymentMethodRow>;
  /** What can be paid or logged today: the payoff of a loan, the balance of a line. */
  owed: Cents;
}

/** Everything the account's page shows, as of the tenant's today. */
export async function accountView(tdb: TenantDb, tenant: Tenant, account: Account, asOf: IsoDate): Promise<AccountView> {
  const links = await tdb.accounts.links(account.id);
  const customers = new Map((await tdb.customers.findMany(links.map((l) => l.customerId))).map((c) => [c.id, c]));
  const order = (r: CustomerAccountLink['role']) => linkRoles.indexOf(r);
  const holders = links.filter((l) => customers.has(l.customerId)).sort((a, b) => order(a.role) - order(b.role)).map((link) => ({ link, customer: customers.get(link.customerId)! }));
  const primary = holders.find((h) => h.link.role === 'Primary')?.customer ?? null;

  let loan: AccountView['loan'] = null;
  let line: AccountView['line'] = null;
  let owed: Cents;
  if (account.type === 'installment' || account.type === 'lease') {
    const [position, terms, schedule] = await Promise.all([loanSummary(tdb, account, asOf, allocationOrderOf(tenant)), tdb.accounts.loanTerms(account.id), tdb.accounts.schedule(account.id)]);
    loan = { position, terms: terms!, schedule };
    owed = position.payoff;
  } else {
    const [summary, terms] = await Promise.all([lineSummary(tdb, account, asOf), tdb.accounts.lineTerms(account.id)]);
    const last = summary.statements.at(-1);
    const due = last && last.dueDate >= asOf && last.minimumPayment > 0 ? last : undefined;
    line = { balance: summary.balance, terms: terms!, statements: summary.statements, nextDueDate: due?.dueDate ?? null, nextDueAmount: due?.minimumPayment ?? null, pastDue: last?.pastDue ?? 0 };
    owed = Math.max(0, summary.balance.balance);
  }

  const rows = await tdb.ledger.entries(account.id);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const reversal = new Map(rows.filter((r) => r.reversesId).map((r) => [r.reversesId!, r]));
  const agents = new Map((await tdb.agents.list()).map((a) => [a.id, a.name]));
  const ledger = rows.map((row) => ({ row, reversedBy: reversal.get(row.id) ?? null, reverses: row.reversesId ? (byId.get(row.reversesId) ?? null) : null, postedBy: row.postedBy ? (agents.get(row.postedBy) ?? 'Staff') : null }));

  const payments = (await Promise.all(holders.map((h) => tdb.payments.history(h.customer.id, [account.id], {})))).flat().sort((a, b) => (a.scheduledFor === b.scheduledFor ? b.createdAt.getTime() - a.createdAt.getTime() : a.scheduledFor < b.scheduledFor ? 1 : -1));
  const allowed = paymentSettingsOf(tenant).methods;
  const methods = primary ? (await tdb.paymentMethods.forCustomer(primary.id)).filter((m) => allowed.includes(m.kind)) : [];
  const used = await Promise.all([...new Set(payments.map((p) => p.paymentMethodId))].map((id) => tdb.paymentMethods.find(id)));
  const paymentMethods = new Map(used.filter((m): m is PaymentMethodRow => !!m).map((m) => [m.id, m]));
  return { account, asOf, holders, primary, loan, line, ledger, payments, methods, paymentMethods, owed };
}


// ---- payments ----

/**
 * A payment received outside the portal (cash, check, money order, wire), posted to the ledger as
 * the agent's: dated today or earlier, more than $0.00 and not more than was owed on its date.
 */
export async function logOutsidePayment(tdb: TenantDb, tenant: Tenant, account: Account, v: Values, actorId: string, now: Date): Promise<Checked<LedgerRow>> {
  const errors: Errors = {};
  const today = localDate(now, tenant.timeZone);
  const amount = parseCents(v.amount ?? '');
  if (amount === null || amount <= 0) errors.amount = 'Enter the amount in dollars, such as 125.00.';
  const date = (v.date ?? '').trim();
  if (!isIsoDate(date)) errors.date = 'Enter the date it was received, such as 2026-11-22.';
  else if (date > today) errors.date = 'A payment received cannot be dated in the future.';
  else if (date < account.openedOn) errors.date = `The account opened on ${formatDay(account.openedOn)}: a payment cannot be dated before that.`;
  const method = outsideMethods.find((m) => m === v.method);
  if (!method) errors.method = 'Choose how it was paid.';
  const reference = (v.reference ?? '').trim();
  if (reference.length > 40) errors.reference = 'Use at most 40 characters.';
  const note = (v.note ?? '').trim();
  if (note.length > 200) errors.note = 'Use at most 200 characters.';
  if (!errors.amount && !errors.date) {
    // What it owed that day, as the borrower's pay form says it: the payoff (a line's with interest to date).
    const owed = (await amountChoices(tdb, tenant, account, date)).payoff;
    if (owed <= 0) errors.amount = `${account.displayId} owed nothing on ${formatDay(date)}.`;
    else if (amount! > owed) errors.amount = `That is more than ${account.displayId} owed on ${formatDay(date)} (${formatCents(owed)}).`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const description = `${method} payment${note ? ` — ${note}` : ''}`;
  let entry: LedgerRow;
  try {
    if (account.type === 'installment' || account.type === 'lease') {
      entry = await postLoanPayment(tdb, tenant, { accountId: account.id, date, amount: amount!, description, ...(reference ? { reference } : {}), postedBy: actorId }, now);
    } else {
      const id = await postLineTransaction(tdb, tenant, { accountId: account.id, kind: 'payment', date, amount: amount!, description, ...(reference ? { reference } : {}), postedBy: actorId }, now);
      entry = (await tdb.ledger.find(id))!;
    }
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'invalid') return { ok: false, errors: { amount: error.message } };
    throw error;
  }
  await tdb.audit.record({ actorType: 'agent', actorId, action: 'payment.logged', entityType: 'account', entityId: account.id, after: { account: account.displayId, ledgerId: entry.id, amount: formatCents(entry.amount), date, method: method!, reference: reference || null, principal: formatCents(entry.principal), interest: formatCents(entry.interest), fees: formatCents(entry.fees) } }, now);
  return { ok: true, data: entry };
}

/**
 * A payment taken by staff with one of the primary borrower's saved methods, through the same
 * service as the borrower's own (the key makes a resend the same payment; the payments queue and
 * the processor move it on; the borrower gets the receipt).
 */
export async function takePayment(
  tdb: TenantDb,
  tenant: Tenant,
  deps: { queue: QueueProducer; portalUrl: (path: string) => string },
  account: Account,
  v: Values,
  actorId: string,
  now: Date,
): Promise<Checked<PaymentRow>> {
  const links = await tdb.accounts.links(account.id);
  const primary = links.find((l) => l.role === 'Primary');
  if (!primary) return { ok: false, errors: { _form: `${account.displayId} has no Primary customer to take a payment from.` } };
  const errors: Errors = {};
  const amount = parseCents(v.amount ?? '');
  if (amount === null || amount <= 0) errors.amount = 'Enter the amount in dollars, such as 125.00.';
  const key = (v.key ?? '').trim();
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(key)) errors._form = 'The payment form was incomplete. Reload the page and try again.';
  const method = await tdb.paymentMethods.find(v.method ?? '');
  if (!method || method.customerId !== primary.customerId || method.removedAt) errors.method = 'Choose one of the customer’s saved payment methods.';
  // A bank debit needs the borrower's authorisation, and how it was given decides its SEC code: TEL by phone, PPD in writing.
  const how = v.authorization === 'phone' || v.authorization === 'written' ? v.authorization : undefined;
  if (method?.kind === 'bank' && !how) errors.authorization = 'Say how the borrower authorised this bank payment: on this phone call, or in writing.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const authorization: StaffAuthorization | undefined = method!.kind === 'bank' && how ? { how, agentId: actorId, at: now.toISOString() } : undefined;
  const date = earliestPaymentDate(paymentSettingsOf(tenant), now, tenant.timeZone, method!.kind);
  let result;
  try {
    // Staff take it on the borrower's word: no repeat warning, the audit row names the staff member (and how a bank debit was authorised).
    result = await submitPayments(tdb, tenant, deps, { customerId: primary.customerId, key, methodId: method!.id, date, items: [{ account, amount: amount! }], source: 'one_time', actor: { type: 'agent', id: actorId }, repeatConfirmed: true, ...(authorization ? { authorization } : {}) }, now);
  } catch (error) {
    if (error instanceof ServiceError && (error.code === 'conflict' || error.code === 'invalid')) return { ok: false, errors: { _form: error.message } };
    throw error;
  }
  if (!result.ok) return { ok: false, errors: result.errors };
  return { ok: true, data: result.payments[0]! };
}

/**
 * Reverses a payment on the account (returned check, posted in error…) with the reason, from today
 * (or the payment's own date when it is later). A payment made through the payment service is
 * marked reversed too, and a card charge is refunded. A payment is reversed once: the second attempt is a conflict.
 */
export async function reversePayment(tdb: TenantDb, tenant: Tenant, processor: PaymentProcessor, account: Account, ledgerId: string, v: Values, actorId: string, now: Date): Promise<Checked<LedgerRow>> {
  const payment = await tdb.ledger.find(ledgerId);
  if (!payment || payment.accountId !== account.id || payment.kind !== 'payment') throw new ServiceError('not_found', 'There is no such payment on this account.');
  const errors: Errors = {};
  const reason = reversalReasons.find((r) => r === v.reason);
  if (!reason) errors.reason = 'Choose the reason for the reversal.';
  const details = (v.details ?? '').trim();
  if (details.length > 200) errors.details = 'Use at most 200 characters.';
  else if (reason === 'Other' && !details) errors.details = 'Say why, when the reason is Other.';
  const entries = await tdb.ledger.entries(account.id);
  if (entries.some((e) => e.reversesId === payment.id)) throw new ServiceError('conflict', 'This payment has already been reversed.');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const why = details ? `${reason}: ${details}` : reason!;
  const row = payment.paymentId ? await tdb.payments.find(payment.paymentId) : undefined;
  // A debit not yet in a sent ACH file would be collected anyway: it is reversed once it has gone.
  if (row?.methodKind === 'bank' && !(await tdb.ach.sentWith(row.id))) {
    throw new ServiceError('conflict', `${row.reference} is a bank payment still to be collected in the ACH file for ${formatDay(row.scheduledFor)}. Reverse it once that file has gone; if the bank returns it, record the return on the ACH page instead.`);
  }
  if (row && row.status === 'reversed') throw new ServiceError('conflict', 'This payment has already been reversed.');
  // The borrower's card was charged: the money goes back to it first (keyed by the payment, so a retry refunds once),
  // with the submission's fee when no other part of it stands.
  let refundId: string | undefined;
  if (row?.methodKind === 'card' && row.processorPaymentId) {
    const others = row.groupId ? (await tdb.payments.forGroup(row.groupId)).filter((p) => p.id !== row.id && (p.status === 'completed' || p.status === 'processing')) : [];
    const fee = others.length === 0 ? row.fee + (row.groupId ? (await tdb.payments.forGroup(row.groupId)).filter((p) => p.id !== row.id).reduce((s, p) => s + p.fee, 0) : 0) : 0;
    ({ refundId } = await processor.refund({ idempotencyKey: `refund-${row.id}`, processorPaymentId: row.processorPaymentId, amount: row.amount + fee }));
  }
  // The payment's status, the reversal, the account's status and the audit row: one transaction.
  let reversal: LedgerRow;
  try {
    reversal = await reverseLoanPayment(tdb, tenant, { paymentId: payment.id, date: [localDate(now, tenant.timeZone), payment.effectiveDate].sort()[1]!, reason: why, postedBy: actorId }, now, (reversalId) => [
      ...(row ? [tdb.payments.transitionOrAbort(row.id, ['processing', 'completed'], { status: 'reversed', failureReason: `Reversed by staff: ${why}` }, now)] : []),
      tdb.audit.entry({ actorType: 'agent', actorId, action: 'payment.reversed', entityType: 'account', entityId: account.id, before: { ledgerId: payment.id, amount: formatCents(payment.amount), date: payment.effectiveDate, reference: payment.reference }, after: { account: account.displayId, reversalId, amount: formatCents(payment.amount), reason: why, date: [localDate(now, tenant.timeZone), payment.effectiveDate].sort()[1]!, ...(refundId ? { refundId } : {}) } }, now),
    ]);
  } catch (error) {
    // Two reversals at once: the ledger's unique index (or the payment's status) lets one through.
    if (staleWriteOf(error) === 'payment' || (!(error instanceof ServiceError) && (await tdb.ledger.entries(account.id)).some((e) => e.reversesId === payment.id))) throw new ServiceError('conflict', 'This payment has already been reversed.');
    throw error;
  }
  return { ok: true, data: reversal };
}
