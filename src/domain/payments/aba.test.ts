import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abaCheckDigitValid, abaPrefixAssigned, accountNumberProblem, normalizeAccountNumber, routingProblem } from './aba';

/** The 9th digit that makes eight digits a valid routing number. */
function withCheckDigit(eight: string): string {
  const w = [3, 7, 1, 3, 7, 1, 3, 7];
  const sum = [...eight].reduce((s, d, i) => s + Number(d) * (w[i] ?? 0), 0);
  return eight + String((10 - (sum % 10)) % 10);
}

const FORMAT = 'Enter the 9-digit routing number from the bottom of a check.';
const INVALID = 'That routing number is not valid: check the digits.';

describe('ABA routing numbers', () => {
  it('checks the 3-7-1 weighted check digit', () => {
    for (const r of ['231380104', '081000032', '121042882', '031300012', '101000019', '011000015']) expect(abaCheckDigitValid(r), r).toBe(true);
    for (const r of ['123456789', '231380105', '081000023', '23138010', '2313801040', '23138010a', ' 231380104', '']) expect(abaCheckDigitValid(r), r).toBe(false);
  });

  it('catches every single-digit change (the weights are coprime with 10)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (eight, pos, delta) => {
        const good = withCheckDigit(eight);
        expect(abaCheckDigitValid(good)).toBe(true);
        const bad = good.slice(0, pos) + String((Number(good[pos]) + delta) % 10) + good.slice(pos + 1);
        expect(abaCheckDigitValid(bad)).toBe(false);
      }),
    );
  });

  it('tells the borrower what is wrong without echoing the number', () => {
    expect(routingProblem('231380104')).toBeNull();
    expect(routingProblem(' 081000032 ')).toBeNull();
    for (const r of ['', '12345678', '1234567890', '23138010A', '231-380-104']) expect(routingProblem(r), r).toBe(FORMAT);
    expect(routingProblem('123456789')).toBe(INVALID);
    // Passes the check digit but no institution has a 00, 80 or 99 prefix.
    expect(abaCheckDigitValid('000000000')).toBe(true);
    expect(routingProblem('000000000')).toBe(INVALID);
    expect(routingProblem(withCheckDigit('80000000'))).toBe(INVALID);
    expect(routingProblem(withCheckDigit('99000000'))).toBe(INVALID);
    expect(abaPrefixAssigned('211274450')).toBe(true);
    expect(abaPrefixAssigned('131274450')).toBe(false);
  });
});

describe('account numbers', () => {
  it('accepts 4–17 digits, ignoring spaces and dashes', () => {
    for (const a of ['1234', '12345678901234567', '0012 3456-7890', '000123']) expect(accountNumberProblem(a), a).toBeNull();
    expect(normalizeAccountNumber(' 12-34 56 ')).toBe('123456');
  });

  it('refuses everything else with a borrower-facing message', () => {
    expect(accountNumberProblem('')).toBe('Enter your account number.');
    expect(accountNumberProblem(' - ')).toBe('Enter your account number.');
    expect(accountNumberProblem('12345A')).toBe('Enter the account number using digits only.');
    expect(accountNumberProblem('123.456')).toBe('Enter the account number using digits only.');
    expect(accountNumberProblem('123')).toBe('An account number has 4 to 17 digits.');
    expect(accountNumberProblem('123456789012345678')).toBe('An account number has 4 to 17 digits.');
    expect(accountNumberProblem('0000')).toBe('That account number is not valid: check the digits.');
  });
});
