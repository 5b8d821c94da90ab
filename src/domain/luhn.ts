/**
 * The Luhn (mod 10) check digit that ends every payment card number (ISO/IEC 7812-1): from the
 * right, every second digit is doubled (less 9 when over 9) and the total is a multiple of 10.
 * Error messages never echo the input: it may be a card number.
 */
function luhnSum(digits: string, doubleRightmost: boolean): number {
  let sum = 0;
  let double = doubleRightmost;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    double = !double;
  }
  return sum;
}

/** Digits only, at least two (a lone check digit validates nothing), and a correct check digit. */
export function luhnValid(pan: string): boolean {
  return /^\d{2,}$/.test(pan) && luhnSum(pan, false) % 10 === 0;
}

/** `partial` with its check digit appended. */
export function luhnComplete(partial: string): string {
  if (!/^\d+$/.test(partial)) throw new RangeError('luhnComplete takes digits only');
  // The digit to be appended takes the rightmost position, so the current rightmost is doubled.
  return partial + String((10 - (luhnSum(partial, true) % 10)) % 10);
}
