/**
 * Rules for the fields of a customer record that staff type (tax ids are in tax-id.ts):
 * driver's licences, dates of birth, US and Canadian postal addresses, web usernames and the
 * one-primary-phone rule. Pure: no I/O, no clock (today is passed in).
 */
import { addMonths, isIsoDate, type IsoDate } from './dates';

/** Licence numbers vary by state: 1 to 20 letters and digits once spaces and dashes are gone; kept in capitals. */
export function normalizeLicence(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export function licenceProblem(input: string): string | null {
  const v = normalizeLicence(input);
  if (!/^[A-Z0-9]{4,20}$/.test(v)) return 'Enter the licence number: 4 to 20 letters and digits.';
  return null;
}

/** USPS state, district, territory and military codes. */
export const US_STATES = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI UM FM MH PW AA AE AP'.split(' '),
);
/** Canada Post province and territory codes. */
export const CA_PROVINCES = new Set('AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' '));

export const countries = ['US', 'CA'] as const;
export type Country = (typeof countries)[number];

export function stateProblem(state: string, country: Country): string | null {
  const v = state.trim().toUpperCase();
  if (country === 'CA') return CA_PROVINCES.has(v) ? null : 'Enter the two-letter province code, such as ON or BC.';
  return US_STATES.has(v) ? null : 'Enter the two-letter state code, such as CO or NY.';
}

/** A licence is issued by a US state or a Canadian province. */
export function issuerProblem(state: string): string | null {
  const v = state.trim().toUpperCase();
  return US_STATES.has(v) || CA_PROVINCES.has(v) ? null : 'Enter the two-letter code of the state or province that issued it.';
}

const CA_POSTAL = /^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]) ?(\d[ABCEGHJ-NPRSTV-Z]\d)$/;

/** "80202", "80202-1234"; Canadian "K1A 0B1" (upper case, one space). Null when it is not one. */
export function normalizePostal(input: string, country: Country): string | null {
  const v = input.trim().toUpperCase();
  if (country === 'CA') {
    const m = CA_POSTAL.exec(v);
    return m ? `${m[1]} ${m[2]}` : null;
  }
  const m = /^(\d{5})(?:[ -]?(\d{4}))?$/.exec(v);
  return m ? (m[2] ? `${m[1]}-${m[2]}` : m[1]!) : null;
}

export function postalProblem(input: string, country: Country): string | null {
  if (normalizePostal(input, country)) return null;
  return country === 'CA' ? 'Enter the postal code, such as K1A 0B1.' : 'Enter the ZIP code: five digits, or ZIP+4 such as 80202-1234.';
}

export interface PostalAddress {
  line1: string;
  line2: string;
  city: string;
  state: string;
  zip: string;
  country: Country;
}

const ADDRESS_PARTS = ['Line1', 'Line2', 'City', 'State', 'Zip'] as const;

/**
 * Reads an address typed into inputs named <prefix>Line1, Line2, City, State, Zip and (when the
 * form has one) Country. All empty is no address (null); otherwise it is whole: line 1, city,
 * state and ZIP, checked for the country. Without a Country input, a Canadian province or postal
 * code makes it Canadian. Problems are keyed by input name.
 */
export function readPostalAddress(form: Record<string, string | undefined>, prefix: string): { address: PostalAddress | null; errors: Record<string, string> } {
  const v = (part: string) => (form[`${prefix}${part}`] ?? '').trim().replace(/\s+/g, ' ');
  const errors: Record<string, string> = {};
  const typedCountry = v('Country');
  if (typedCountry && typedCountry !== 'US' && typedCountry !== 'CA') errors[`${prefix}Country`] = 'Choose the United States or Canada.';
  if (ADDRESS_PARTS.every((part) => v(part) === '')) return { address: null, errors };
  const state = v('State').toUpperCase();
  const country: Country = typedCountry === 'CA' || (!typedCountry && (CA_PROVINCES.has(state) || /^[A-Z]\d/i.test(v('Zip')))) ? 'CA' : 'US';
  const tooLong = (part: string, max: number) => {
    if (v(part).length > max) errors[`${prefix}${part}`] = `Use at most ${max} characters.`;
  };
  if (!v('Line1')) errors[`${prefix}Line1`] = 'Enter the street address, or clear the whole address.';
  tooLong('Line1', 120);
  tooLong('Line2', 120);
  if (!v('City')) errors[`${prefix}City`] = 'Enter the city.';
  tooLong('City', 80);
  const stateError = state ? stateProblem(state, country) : 'Enter the state or province.';
  if (stateError) errors[`${prefix}State`] = stateError;
  const zip = normalizePostal(v('Zip'), country);
  if (!zip) errors[`${prefix}Zip`] = v('Zip') ? postalProblem(v('Zip'), country)! : 'Enter the ZIP or postal code.';
  if (Object.keys(errors).length > 0) return { address: null, errors };
  return { address: { line1: v('Line1'), line2: v('Line2'), city: v('City'), state, zip: zip!, country }, errors };
}

/**
 * Dates of birth: a real date, not in the future, at least 16 years ago (younger people do not
 * hold credit in their own name; 16 leaves room for student and co-signed products) and at most
 * 120 years ago (older is a typing mistake).
 */
export const MIN_AGE = 16;
export const MAX_AGE = 120;

export function birthDateProblem(input: string, today: IsoDate): string | null {
  if (!isIsoDate(input)) return 'Enter the date of birth as a date, such as 1985-04-23.';
  if (input > today) return 'The date of birth cannot be in the future.';
  if (input > addMonths(today, -12 * MIN_AGE)) return `The customer must be at least ${MIN_AGE} years old.`;
  if (input < addMonths(today, -12 * MAX_AGE)) return `That is more than ${MAX_AGE} years ago: check the year.`;
  return null;
}

/**
 * The web access username staff see suggested: the email when there is one, otherwise the first
 * and last name as one lower-case word ("Mary-Ann O'Neil" → "maryannoneil").
 */
export function defaultUsername(email: string | null | undefined, firstName: string, lastName: string): string {
  const e = (email ?? '').trim().toLowerCase();
  if (e) return e;
  return `${firstName}${lastName}`
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Usernames are compared in lower case: 3 to 320 letters, digits and . _ @ + - ' (every valid email fits: domain/email-address). */
export function usernameProblem(input: string): string | null {
  const v = input.trim().toLowerCase();
  if (v.length < 3) return 'Use at least 3 characters for the username.';
  if (v.length > 320) return 'Use at most 320 characters for the username.';
  if (!/^[a-z0-9._@+'-]+$/.test(v)) return 'Use only letters, digits and . _ @ + - \' in the username.';
  return null;
}

/**
 * The phones after a change keep exactly one primary when there are any: the one marked primary,
 * or (when the primary was removed) the first remaining. Returns the ids whose primary flag must
 * change to reach that, in order.
 */
export function primaryFixes(phones: { id: string; isPrimary: boolean }[], wanted?: string): { id: string; isPrimary: boolean }[] {
  if (phones.length === 0) return [];
  const primary = wanted && phones.some((p) => p.id === wanted) ? wanted : (phones.find((p) => p.isPrimary)?.id ?? phones[0]!.id);
  return phones.filter((p) => p.isPrimary !== (p.id === primary)).map((p) => ({ id: p.id, isPrimary: p.id === primary }));
}
