/**
 * A lender's ACH origination details, as its bank (the ODFI) gives them, read from the owner's
 * form. Values are refused rather than cut or transliterated: a bank file with a wrong identifier
 * is rejected or, worse, credited to someone else. Messages never echo the numbers typed.
 */
import { abaCheckDigitValid, abaPrefixAssigned } from './aba';
import type { NachaFileConfig } from './nacha';

/** The origination details a lender's bank (the ODFI) gives it: the file and batch header fields of NachaFileConfig. */
export type AchOrigination = Pick<NachaFileConfig, 'immediateDestination' | 'immediateDestinationName' | 'immediateOrigin' | 'immediateOriginName' | 'companyName' | 'companyId' | 'odfiRouting' | 'companyEntryDescription'>;

export type OriginationField = keyof AchOrigination;

/** The form's fields in order, with their NACHA lengths and what each is for. */
export const originationFields: readonly { name: OriginationField; label: string; hint: string; maxLength: number }[] = [
  { name: 'immediateDestination', label: 'Immediate destination (routing number)', hint: 'The 9-digit routing number your bank gave for the file header: usually its own, sometimes the Federal Reserve’s.', maxLength: 9 },
  { name: 'immediateDestinationName', label: 'Immediate destination name', hint: 'Your bank’s name as it asks for it, up to 23 characters.', maxLength: 23 },
  { name: 'immediateOrigin', label: 'Immediate origin', hint: 'As your bank specifies: 10 digits (usually 1 followed by your EIN) or a 9-digit routing number.', maxLength: 10 },
  { name: 'immediateOriginName', label: 'Immediate origin name', hint: 'Your company’s name for the file header, up to 23 characters.', maxLength: 23 },
  { name: 'companyName', label: 'Company name', hint: 'The name borrowers see on their bank statement, up to 16 characters.', maxLength: 16 },
  { name: 'companyId', label: 'Company ID', hint: 'Exactly 10 letters or digits, as your bank assigned it: usually 1 followed by your 9-digit EIN.', maxLength: 10 },
  { name: 'odfiRouting', label: 'Your bank’s routing number (ODFI)', hint: 'The 9-digit routing number of the bank that sends your files. Its first 8 digits start every trace number.', maxLength: 9 },
  { name: 'companyEntryDescription', label: 'Entry description', hint: 'Shown on borrowers’ statements next to the company name, up to 10 characters, such as LOAN PMT.', maxLength: 10 },
];

/**
 * Descriptions the Nacha Rules give a fixed meaning (PURCHASE for consumer goods bought online,
 * PAYROLL for wages, REVERSAL, RETRY PMT, RETURN FEE…): a loan payment must not carry them.
 */
const RESERVED_DESCRIPTIONS = new Set(['PURCHASE', 'PAYROLL', 'REVERSAL', 'RETRY PMT', 'RETURN FEE', 'NONSETTLED', 'AUTOENROLL', 'REDEPCHECK', 'HCCLAIMPMT']);

/** The ACH character set for names: printable ASCII (NACHA alphameric fields), kept upper case. */
const ACH_TEXT = /^[\x20-\x7E]*$/;

function routingProblem(value: string, what: string): string | null {
  if (!/^\d{9}$/.test(value)) return `Enter ${what}: 9 digits.`;
  if (!abaCheckDigitValid(value) || !abaPrefixAssigned(value)) return `That is not a valid routing number (its check digit or first digits are wrong): check ${what}.`;
  return null;
}

function textProblem(value: string, label: string, max: number): string | null {
  if (value === '') return `Enter the ${label.toLowerCase()}.`;
  if (!ACH_TEXT.test(value)) return `Use letters A–Z, digits, spaces and common punctuation only: accented letters and other symbols are not in the ACH character set.`;
  if (value.length > max) return `Keep the ${label.toLowerCase()} to ${max} characters (it has ${value.length}).`;
  return null;
}

/** The origination details from the owner's form, upper-cased, or a message per field. */
export function readOrigination(v: Record<string, string | undefined>): { ok: true; origination: AchOrigination } | { ok: false; errors: Partial<Record<OriginationField, string>> } {
  const errors: Partial<Record<OriginationField, string>> = {};
  const text = (name: OriginationField) => (v[name] ?? '').replace(/\s+/g, ' ').trim().toUpperCase();
  const digits = (name: OriginationField) => (v[name] ?? '').replace(/[\s-]/g, '');

  const immediateDestination = digits('immediateDestination');
  const destinationProblem = routingProblem(immediateDestination, 'the immediate destination');
  if (destinationProblem) errors.immediateDestination = destinationProblem;

  const odfiRouting = digits('odfiRouting');
  const odfiProblem = routingProblem(odfiRouting, 'your bank’s routing number');
  if (odfiProblem) errors.odfiRouting = odfiProblem;

  // Ten digits ('1' + EIN, or as the bank assigns), or a routing number, which the header holds as ' ' + 9 digits.
  const originTyped = digits('immediateOrigin');
  let immediateOrigin = originTyped;
  if (/^\d{9}$/.test(originTyped)) {
    const problem = routingProblem(originTyped, 'the immediate origin');
    if (problem) errors.immediateOrigin = problem;
    immediateOrigin = ` ${originTyped}`;
  } else if (!/^\d{10}$/.test(originTyped)) errors.immediateOrigin = 'Enter the immediate origin your bank gave you: 10 digits (such as 1 and your EIN) or a 9-digit routing number.';

  const companyId = (v.companyId ?? '').trim().toUpperCase();
  if (!/^[0-9A-Z]{10}$/.test(companyId)) errors.companyId = companyId.length !== 10 ? `The company ID has exactly 10 characters (this has ${companyId.length}): usually 1 followed by your 9-digit EIN.` : 'Use only letters and digits in the company ID.';

  const values = {} as Record<'immediateDestinationName' | 'immediateOriginName' | 'companyName' | 'companyEntryDescription', string>;
  for (const f of originationFields) {
    if (f.name !== 'immediateDestinationName' && f.name !== 'immediateOriginName' && f.name !== 'companyName' && f.name !== 'companyEntryDescription') continue;
    const value = text(f.name);
    const problem = textProblem(value, f.label, f.maxLength);
    if (problem) errors[f.name] = problem;
    values[f.name] = value;
  }
  if (!errors.companyEntryDescription && RESERVED_DESCRIPTIONS.has(values.companyEntryDescription)) {
    errors.companyEntryDescription = `${values.companyEntryDescription} has a set meaning in the Nacha rules and does not describe a loan payment: use a description such as LOAN PMT.`;
  }

  // Messages in the order of the form's fields, for the summary above it.
  if (Object.keys(errors).length > 0) return { ok: false, errors: Object.fromEntries(originationFields.filter((f) => errors[f.name]).map((f) => [f.name, errors[f.name]])) };
  return { ok: true, origination: { immediateDestination, immediateOrigin, companyId, odfiRouting, ...values } };
}

/** The form's values for stored origination details (the origin without the header's leading space). */
export function originationFormValues(o: AchOrigination): Record<OriginationField, string> {
  return { ...o, immediateOrigin: o.immediateOrigin.trim() };
}
