/**
 * US Social Security numbers: nine digits, written with or without dashes or spaces. The SSA never
 * issues area 000, 666 or 900–999, group 00 or serial 0000, so those are typing mistakes.
 */
export function normalizeSsn(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function ssnProblem(input: string): string | null {
  const digits = normalizeSsn(input);
  if (!/^\d{9}$/.test(digits)) return 'Enter the nine digits of the Social Security number.';
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area >= '900' || digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return 'That is not a valid Social Security number.';
  return null;
}
