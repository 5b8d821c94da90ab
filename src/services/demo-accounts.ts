import type { Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { addDays, addMonths, type IsoDate } from '../domain/dates';
import { vinCheckDigit } from '../domain/vin';
import { letterPdf } from '../documents/letter-pdf';
import type { FileStore } from '../files';
import { sandboxCardDetails, sandboxCardToken } from '../integrations/card-vault/sandbox';
import { addInsurancePolicy, addVehicle } from './collateral';
import { storeDocument } from './documents';
import { chargeFee, issueCard, issueStatements, lineSummary, loadLoan, openLease, openLine, openLoan, postLineTransaction, postLoanPayment } from './servicing';

/** A VIN with its check digit filled in (position 9), so demo data passes validation. */
function demoVin(body17: string): string {
  return body17.slice(0, 8) + vinCheckDigit(body17) + body17.slice(9);
}

async function payScheduleUpTo(tdb: TenantDb, tenant: Tenant, accountId: string, lastNumber: number, now: Date, refPrefix: string) {
  const loan = await loadLoan(tdb, accountId);
  for (const row of loan.accrual.schedule.filter((r) => r.number <= lastNumber)) {
    await postLoanPayment(tdb, tenant, { accountId, date: row.dueDate, amount: row.payment, reference: `${refPrefix}-${String(row.number).padStart(3, '0')}`, description: 'Payment — thank you' }, now);
  }
}

/** A letter from the lender, shared with the borrower on one account. */
async function shareLetter(ctx: { tdb: TenantDb; tenant: Tenant; files: FileStore; ownerId: string }, customerId: string, accountId: string, category: string, title: string, paragraphs: string[], now: Date) {
  const bytes = await letterPdf({ portalName: ctx.tenant.branding.portalName, lenderName: ctx.tenant.name, brandColor: ctx.tenant.branding.primaryColor, title, paragraphs });
  await storeDocument(ctx.tdb, ctx.files, { customerId, accountId, category, name: title, description: '', fileName: `${title}.pdf`, bytes, uploadedBy: { type: 'agent', id: ctx.ownerId }, sharedWithBorrower: true }, { maxBytes: bytes.length }, now);
}

/**
 * The demo borrower's accounts, dated relative to `today` so the story holds whenever the demo
 * starts: an auto loan paid on time with its vehicle and insurance, a personal loan two payments
 * behind, a line of credit with statements, a card waiting to be activated, a vehicle lease, and a
 * paid-off loan.
 */
export async function seedDemoAccounts(ctx: { tdb: TenantDb; tenant: Tenant; files: FileStore; tokenSecret: string; ownerId: string }, customerId: string, today: IsoDate, now: Date): Promise<void> {
  const { tdb, tenant } = ctx;
  const holders = [{ customerId, role: 'Primary' as const }];

  // Auto loan: 14 months in, every payment on time.
  const autoStart = addMonths(today, -14);
  const auto = await openLoan(tdb, tenant, { displayId: 'AL-204817', productName: 'Auto Loan — 60 months', principal: 2_850_000, annualRate: '5.9', frequency: 'monthly', termPayments: 60, startDate: autoStart, firstDueDate: addMonths(autoStart, 1), dayCount: 'periodic', holders }, now);
  await payScheduleUpTo(tdb, tenant, auto, 14, now, 'AL');
  const vehicle = await addVehicle(tdb, auto, { vin: demoVin('4S4BTANC0N3215467'), year: 2022, make: 'Subaru', model: 'Outback', trim: 'Premium', color: 'Autumn Green', mileage: 18_420, value: 2_690_000 }, now);
  await shareLetter(ctx, customerId, auto, 'Correspondence', 'Welcome to Sunrise Lending', [
    'Thank you for financing your vehicle with Sunrise Lending. Your first payment is due one month after your loan started, and every month after that on the same day.',
    'You can see your balance, your payment history and your schedule in Sunrise Online Access at any time, make a payment, or set up AutoPay.',
    'Please keep your vehicle insured for the life of the loan and send us proof of insurance whenever your policy renews: you can upload it on the Collateral tab.',
  ], now);
  await addInsurancePolicy(tdb, auto, vehicle, { carrier: 'Granite State Mutual', policyNumber: 'GSM-4471-2290', coverageStart: addMonths(today, -5), coverageEnd: addMonths(today, 7), agentName: 'Dana Whitfield', agentPhone: '(303) 555-0177', agentEmail: 'dana.whitfield@gsmutual.example' }, now);

  // Personal loan: 8 months in, the last two payments missed, a late fee charged.
  const personalStart = addMonths(today, -8);
  const personal = await openLoan(tdb, tenant, { displayId: 'PL-118342', productName: 'Personal Loan — 36 months', principal: 800_000, annualRate: '11.99', frequency: 'monthly', termPayments: 36, startDate: personalStart, firstDueDate: addMonths(personalStart, 1), dayCount: 'actual/365', status: 'Past Due', holders }, now);
  await payScheduleUpTo(tdb, tenant, personal, 5, now, 'PL');
  await chargeFee(tdb, tenant, { accountId: personal, date: addDays(addMonths(personalStart, 6), 10), amount: 2_500, description: 'Late fee' }, now);

  // Line of credit: opened 4 months ago, two draws, monthly payments, statements issued.
  const lineOpen = addMonths(today, -4);
  const line = await openLine(tdb, tenant, { type: 'line_of_credit', displayId: 'LC-550921', productName: 'Personal Line of Credit', creditLimit: 500_000, annualRate: '17.5', openDate: lineOpen, statementDay: 25, paymentDueDays: 21, minimumPercent: '2', minimumFloor: 2_500, lateFee: 2_900, holders }, now);
  await postLineTransaction(tdb, tenant, { accountId: line, kind: 'draw', date: addDays(lineOpen, 3), amount: 120_000, description: 'Draw — transfer to checking' }, now);
  await postLineTransaction(tdb, tenant, { accountId: line, kind: 'draw', date: addDays(lineOpen, 47), amount: 65_000, description: 'Draw — transfer to checking' }, now);
  // Each statement paid a little over its minimum a few days before it is due, except one paid
  // three days late (a late fee), and the latest statement's minimum already paid: a met minimum.
  for (let k = 0; ; k++) {
    const statement = (await lineSummary(tdb, line, addDays(today, -1))).statements[k];
    if (!statement) break;
    const late = k === 1;
    const onTime = addDays(statement.dueDate, -4);
    const date = late ? addDays(statement.dueDate, 3) : onTime <= today ? onTime : [today, addDays(statement.periodEnd, 5)].sort()[0]!;
    if (date > today) break;
    await postLineTransaction(tdb, tenant, { accountId: line, kind: 'payment', date, amount: statement.minimumPayment + 5_000, description: 'Payment — thank you' }, now);
  }
  await issueStatements(tdb, line, today, now);
  await shareLetter(ctx, customerId, line, 'Correspondence', 'Your line of credit agreement summary', [
    'Credit limit: $5,000.00. Annual percentage rate: 17.5%. Your statement closes on the 25th of each month and payment is due 21 days later.',
    'The minimum payment is 2% of the balance plus the interest and fees charged on that statement, at least $25.00 (or the whole balance when it is less). A late fee of $29.00 applies when the minimum payment is not received by the due date.',
  ], now);

  // Credit card on its own line: issued last month, waiting for activation.
  const cardOpen = addMonths(today, -1);
  const cardLine = await openLine(tdb, tenant, { type: 'credit_card', displayId: 'CC-907355', productName: 'Sunrise Rewards Visa', creditLimit: 300_000, annualRate: '22.9', openDate: cardOpen, statementDay: 20, paymentDueDays: 25, minimumPercent: '1', minimumFloor: 3_500, lateFee: 3_000, holders }, now);
  // The card's number lives in the (sandbox) vault; we keep its token and what the vault says of it.
  const vaultToken = sandboxCardToken();
  const card = await sandboxCardDetails(ctx.tokenSecret, vaultToken);
  await issueCard(tdb, { accountId: cardLine, vaultToken, last4: card.last4, expiryMonth: card.expiryMonth, expiryYear: card.expiryYear, nameOnCard: 'JORDAN RIVERA', status: 'Pending Activation' }, now);
  await issueStatements(tdb, cardLine, today, now);

  // Vehicle lease: 10 months into 36, paid on time, with its vehicle.
  const leaseStart = addMonths(today, -10);
  const lease = await openLease(tdb, tenant, { displayId: 'LS-330415', productName: 'Vehicle Lease — 36 months', capitalizedCost: 3_450_000, residualValue: 1_950_000, termMonths: 36, moneyFactorE7: 12_500, startDate: leaseStart, firstDueDate: addMonths(leaseStart, 1), holders }, now);
  await payScheduleUpTo(tdb, tenant, lease, 10, now, 'LS');
  await addVehicle(tdb, lease, { vin: demoVin('5YJ3E1EA7PF412345'), year: 2023, make: 'Tesla', model: 'Model 3', trim: 'Long Range', color: 'Pearl White', mileage: 9_870, value: 3_300_000 }, now);

  // Paid-off loan: 12 payments, all made, two years ago.
  const oldStart = addMonths(today, -26);
  const paid = await openLoan(tdb, tenant, { displayId: 'PL-100577', productName: 'Personal Loan — 12 months', principal: 450_000, annualRate: '7', frequency: 'monthly', termPayments: 12, startDate: oldStart, firstDueDate: addMonths(oldStart, 1), dayCount: 'periodic', status: 'Paid Off', holders }, now);
  await payScheduleUpTo(tdb, tenant, paid, 12, now, 'PO');
}
