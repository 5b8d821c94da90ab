import { formatDay, formatFileSize, formatInstant } from '../lib/format';
import { formatCents } from './money';

/**
 * A recorded change (an audit row's action, before and after) in words for staff: dollars, not
 * cents; dates as people write them; instants in the lender's time zone; no internal ids. The JSON
 * download keeps the stored values; these are only for reading on a page.
 */

/** Integer values under these keys are cents (employer income, payments, fees, terms). */
const MONEY_KEYS = new Set([
  'amount', 'fee', 'fees', 'total', 'income', 'principal', 'interest', 'balance', 'payoff', 'payment', 'creditLimit', 'minimumFloor', 'lateFee', 'capitalizedCost', 'residualValue',
]);
/** Byte counts. */
const SIZE_KEYS = new Set(['size']);
/** Ids of our own rows: they say which note or document, which the other values already show. */
const INTERNAL_ID_KEYS = new Set(['note', 'reference', 'document', 'method', 'ledgerId', 'reversalId', 'accountId', 'policyId', 'proofDocumentId', 'customerId', 'requestId', 'deletionRequest']);
/** Values that are a staff member's id, shown by their name and role. */
export const STAFF_ID_KEYS = new Set(['requestedBy', 'approvedBy', 'withdrawnBy', 'agent']);
/** Values that are a customer's id (on an account's history), shown by their name. */
export const CUSTOMER_ID_KEYS = new Set(['customer']);

/** Stored choices in the words the forms show them in. */
const CHOICE_LABELS: Record<string, Record<string, string>> = {
  gender: { male: 'Male', female: 'Female', other: 'Other', na: 'N/A' },
  customerType: { individual: 'Individual', company: 'Company', flooring: 'Flooring' },
  taxIdKind: { ssn: 'SSN', sin: 'SIN', ein: 'EIN' },
  kind: { card: 'Card', bank: 'Bank account', primary: 'Primary', mailing: 'Mailing' },
  type: { mobile: 'Mobile', home: 'Home', work: 'Work', other: 'Other', installment: 'Installment loan', line_of_credit: 'Line of credit', lease: 'Lease', credit_card: 'Credit card' },
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const fieldLabels: Record<string, string> = {
  webUsername: 'Web username',
  isPrimary: 'Primary',
  doNotCall: 'Do not call',
  doNotSell: 'Do not sell or transfer',
  doNotCaseFormat: 'Do not case format',
  taxIdKind: 'ID number type',
  taxId: 'ID number',
  ssnLast4: 'SSN (last four)',
  driversLicense: 'Driver’s licence',
  driversLicenseState: 'Licence issued by',
  dateOfBirth: 'Date of birth',
  mailingSameAsPrimary: 'Mailing address is the primary address',
  emailAccess: 'Email access',
  webAccess: 'Web access',
  smsAccess: 'SMS access',
  account: 'Account',
  displayId: 'Account',
  otherSessionsEnded: 'Other sessions ended',
  processorCustomerToDelete: 'Card processor’s customer to delete by hand',
  processorCustomerDeleted: 'Card processor’s customer deleted',
  requestedBy: 'Asked by',
  approvedBy: 'Approved by',
  withdrawnBy: 'Withdrawn by',
  sharedWithBorrower: 'Shared with the borrower',
  contentType: 'File type',
  returnCode: 'Return code',
  refundId: 'Refund',
  annualRate: 'Annual rate',
  termPayments: 'Payments',
  termMonths: 'Term (months)',
  firstDueDate: 'First due',
  startDate: 'Start date',
  openDate: 'Opened',
  dayCount: 'Interest counted',
  minimumPercent: 'Minimum payment (%)',
  minimumFloor: 'Smallest minimum payment',
  paymentDueDays: 'Days to pay',
  statementDay: 'Statement day',
  moneyFactor: 'Money factor',
  body: 'Text',
};

/** "lastName" → "Last name", "primaryLine1" → "Primary line 1"; labels people know for the rest. */
export function fieldLabel(key: string): string {
  const known = fieldLabels[key];
  if (known) return known;
  const words = key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

const areaLabels: Record<string, string> = {
  customer: 'Record',
  link: 'Account link',
  'web-access': 'Web access',
  'payment-method': 'Payment method',
  'payment': 'Payment',
  mfa: 'Second step',
  staff: 'Staff',
  account: 'Account',
};

const actionLabels: Record<string, string> = {
  'customer.updated': 'Record changed',
  'customer.created': 'Customer created',
  'customer.photo-changed': 'Photo changed',
  'customer.photo-removed': 'Photo removed',
  'customer.custom-field-changed': 'Additional information changed',
  'customer.email-changed': 'Email changed by the borrower',
  'customer.data-exported': 'Personal data exported',
  'web-access.username-changed': 'Web username changed',
  'borrower.viewed-as': 'Portal viewed as the borrower',
  'borrower.viewed-as-ended': 'Viewing as the borrower ended',
  'privacy.deleted': 'Personal data deleted',
  'privacy.deletion-requested': 'Deletion of personal data asked for',
  'privacy.deletion-withdrawn': 'Deletion request withdrawn',
  'privacy.processor-customer-deleted': 'Card processor’s record deleted',
  'account.created': 'Account opened',
  'account.status-changed': 'Status changed',
  'account.status-followed': 'Status followed the payments',
  'account.customer-added': 'Customer added',
  'account.customer-removed': 'Customer removed',
  'account.role-changed': 'Customer’s role changed',
  'link.added': 'Added to an account',
  'link.removed': 'Removed from an account',
  'link.role-changed': 'Role on an account changed',
  'link.access-changed': 'Access changed',
  'payment.logged': 'Payment received logged',
  'payment.submitted': 'Payment taken',
  'payment.reversed': 'Payment reversed',
};

/** "phone.added" → "Phone added"; the usual ones in words of their own. */
export function actionLabel(action: string): string {
  const known = actionLabels[action];
  if (known) return known;
  const dot = action.indexOf('.');
  const area = dot > 0 ? action.slice(0, dot) : action;
  const verb = dot > 0 ? action.slice(dot + 1).replace(/-/g, ' ') : '';
  const areaText = areaLabels[area] ?? fieldLabel(area);
  return verb ? `${areaText} ${verb}` : areaText;
}

export interface ValueContext {
  timeZone: string;
  /** A staff member's id as "Ana Ortiz (owner)", at the time of the change. */
  staff?: ((agentId: string) => string) | undefined;
  /** A customer's id as their name. */
  customer?: ((customerId: string) => string) | undefined;
}

/** One stored value in words. */
export function valueText(key: string, value: unknown, ctx: ValueContext): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') {
    if (MONEY_KEYS.has(key) && Number.isSafeInteger(value)) return formatCents(value);
    if (SIZE_KEYS.has(key) && value >= 0) return formatFileSize(value);
    return value.toLocaleString('en-US');
  }
  if (typeof value === 'string') {
    if (STAFF_ID_KEYS.has(key) && ctx.staff) return ctx.staff(value);
    if (CUSTOMER_ID_KEYS.has(key) && ctx.customer) return ctx.customer(value);
    const choice = CHOICE_LABELS[key]?.[value];
    if (choice) return choice;
    if (ISO_DAY.test(value)) return formatDay(value);
    if (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return formatInstant(new Date(value), ctx.timeZone);
    return value;
  }
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => valueText(key, v, ctx)).join(', ');
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${fieldLabel(k).toLowerCase()} ${valueText(k, v, ctx)}`);
    return parts.length === 0 ? '—' : parts.join(', ');
  }
  return String(value);
}

/** A before or after record as "Label: value" parts (internal ids left out); empty when there is nothing to show. */
export function changeParts(record: Record<string, unknown> | null | undefined, ctx: ValueContext): { label: string; value: string }[] {
  if (!record) return [];
  return Object.entries(record)
    .filter(([k]) => !INTERNAL_ID_KEYS.has(k))
    .map(([k, v]) => ({ label: fieldLabel(k), value: valueText(k, v, ctx) }));
}
