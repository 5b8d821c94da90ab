import type { TaxIdKind } from './record-choices';
import { luhnValid } from './luhn';

/** Digits only (typed with or without dashes or spaces): what is encrypted, hashed with its kind, and shown by its last four. */
export function normalizeTaxId(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/**
 * US Social Security numbers: nine digits. The SSA never issues area 000, 666 or 900–999, group 00
 * or serial 0000, so those are typing mistakes.
 */
export function ssnProblem(input: string): string | null {
  const digits = normalizeTaxId(input);
  if (!/^\d{9}$/.test(digits)) return 'Enter the nine digits of the Social Security number.';
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area >= '900' || digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return 'That is not a valid Social Security number.';
  return null;
}

export const taxKindLabels: Record<TaxIdKind, string> = { ssn: 'SSN', sin: 'SIN', ein: 'EIN' };

/**
 * Canadian Social Insurance Numbers: nine digits with a Luhn check digit. Numbers starting with 0
 * are never issued and 8 is used for business numbers, not people.
 */
export function sinProblem(input: string): string | null {
  const digits = normalizeTaxId(input);
  if (!/^\d{9}$/.test(digits)) return 'Enter the nine digits of the Social Insurance Number.';
  if (digits[0] === '0' || digits[0] === '8' || !luhnValid(digits)) return 'That is not a valid Social Insurance Number.';
  return null;
}

// The two-digit prefixes the IRS assigns EINs from (by campus, online and SBA); any other prefix is a typing mistake.
const EIN_PREFIXES = new Set(
  ['01-06', '10-16', '20-27', '30-48', '50-68', '71-77', '80-88', '90-95', '98-99'].flatMap((r) => {
    const [from, to] = r.split('-').map(Number) as [number, number];
    return Array.from({ length: to - from + 1 }, (_, i) => String(from + i).padStart(2, '0'));
  }),
);

/** US Employer Identification Numbers: nine digits (written 12-3456789) with an IRS prefix. */
export function einProblem(input: string): string | null {
  const digits = normalizeTaxId(input);
  if (!/^\d{9}$/.test(digits)) return 'Enter the nine digits of the Employer Identification Number.';
  if (!EIN_PREFIXES.has(digits.slice(0, 2))) return 'That is not a valid Employer Identification Number.';
  return null;
}

export function taxIdProblem(kind: TaxIdKind, input: string): string | null {
  if (kind === 'ssn') return ssnProblem(input);
  return kind === 'sin' ? sinProblem(input) : einProblem(input);
}

/** Which numbers a customer of this type may have: people SSN or SIN, companies EIN or SSN. */
export function taxKindsFor(customerType: 'individual' | 'company' | 'flooring'): TaxIdKind[] {
  return customerType === 'individual' ? ['ssn', 'sin'] : ['ein', 'ssn'];
}

/** The number on file as staff see it: its last four only, in the shape of its kind. */
export function maskTaxId(kind: TaxIdKind, last4: string): string {
  if (kind === 'ein') return `••-•••${last4}`;
  if (kind === 'sin') return `•••-••${last4.slice(0, 1)}-${last4.slice(1)}`;
  return `•••-••-${last4}`;
}
