/**
 * US bank routing (ABA) and account numbers as a borrower types them. Messages never echo the input.
 */

/** Nine digits whose weighted sum (weights 3, 7, 1 repeating) is a multiple of 10. */
export function abaCheckDigitValid(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  const weights = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (routing.charCodeAt(i) - 48) * (weights[i % 3] ?? 0);
  return sum % 10 === 0;
}

/**
 * The first two digits the Federal Reserve assigns to institutions that take ACH entries:
 * 01–12 (banks), 21–32 (thrifts), 61–72 (electronic). 00 (government) and 80 (travellers'
 * cheques) never receive consumer debits, and '000000000' would otherwise pass the check digit.
 */
export function abaPrefixAssigned(routing: string): boolean {
  const p = Number(routing.slice(0, 2));
  return /^\d{2}/.test(routing) && ((p >= 1 && p <= 12) || (p >= 21 && p <= 32) || (p >= 61 && p <= 72));
}

/** Null when the routing number is usable; otherwise what to tell the borrower. */
export function routingProblem(routing: string): string | null {
  const r = routing.trim();
  if (!/^\d{9}$/.test(r)) return 'Enter the 9-digit routing number from the bottom of a check.';
  if (!abaCheckDigitValid(r) || !abaPrefixAssigned(r)) return 'That routing number is not valid: check the digits.';
  return null;
}

/** Spaces and dashes are how people group digits when copying from a statement; they are not part of it. */
export function normalizeAccountNumber(account: string): string {
  return account.replace(/[\s-]/g, '');
}

/** Null when the account number is usable; otherwise what to tell the borrower. */
export function accountNumberProblem(account: string): string | null {
  const a = normalizeAccountNumber(account);
  if (a === '') return 'Enter your account number.';
  if (!/^\d+$/.test(a)) return 'Enter the account number using digits only.';
  if (a.length < 4 || a.length > 17) return 'An account number has 4 to 17 digits.';
  if (/^0+$/.test(a)) return 'That account number is not valid: check the digits.';
  return null;
}
