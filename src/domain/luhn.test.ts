import { describe, expect, it } from 'vitest';
import { luhnComplete, luhnValid } from './luhn';

describe('Luhn', () => {
  // The card networks' published test numbers (Visa, Mastercard, Amex, Discover, Diners).
  const valid = ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '30569309025904', '79927398713'];

  it('accepts published test card numbers', () => {
    for (const pan of valid) expect(luhnValid(pan), pan).toBe(true);
  });

  it('rejects a changed digit, swapped neighbours, non-digits and too-short input', () => {
    for (const pan of ['4111111111111112', '5555555555554445', '378282246310006', '4111111111111121', '79927398710']) expect(luhnValid(pan), pan).toBe(false);
    for (const bad of ['', '0', '4111 1111 1111 1111', '4111-1111-1111-1111', '411111111111111a', ' 4111111111111111', '٤١١١١١١١١١١١١١١١']) expect(luhnValid(bad), bad).toBe(false);
  });

  it('appends the check digit that makes a number valid', () => {
    for (const pan of valid) expect(luhnComplete(pan.slice(0, -1))).toBe(pan);
    expect(luhnComplete('0')).toBe('00');
    for (let n = 0; n < 2000; n++) expect(luhnValid(luhnComplete(String(n * 7919)))).toBe(true);
  });

  it('refuses non-digits without echoing them', () => {
    expect(() => luhnComplete('')).toThrow(RangeError);
    expect(() => luhnComplete('4111 1111')).toThrow(/^luhnComplete takes digits only$/);
  });
});
