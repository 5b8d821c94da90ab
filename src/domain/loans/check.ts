/** Throws a RangeError unless `value` is a safe integer ≥ min (amounts, counts, rates are all whole numbers). */
export function checkWhole(value: number, what: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${what} must be a whole number ≥ ${min}, got ${value}`);
}
