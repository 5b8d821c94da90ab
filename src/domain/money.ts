/**
 * Money is an integer number of cents everywhere. These helpers keep it that way:
 * every result is a safe integer, and rounding is half away from zero, done once, on exact values.
 */
export type Cents = number;

export function assertCents(value: number, what = 'amount'): Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a whole number of cents, got ${value}`);
  return value;
}

/** round(numerator / denominator) half away from zero, exactly, for bigint inputs. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const neg = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return neg ? -q : q;
}

/** Parses "1,264.14", "$1264.1", "-3.5", ".5" into cents; null when it is not an amount with at most 2 decimals. */
export function parseCents(input: string): Cents | null {
  const s = input.trim().replace(/^\$/, '').replaceAll(',', '');
  // ".5" is fifty cents, as people type it; a lone "." or "-" is not an amount.
  const m = /^(-)?(\d{1,13})?(?:\.(\d{1,2}))?$/.exec(s);
  if (!m || (m[2] === undefined && m[3] === undefined)) return null;
  const cents = Number(m[2] ?? 0) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** 126414 → "$1,264.14"; negative amounts as "-$5.00". */
export function formatCents(cents: Cents, currency = 'USD'): string {
  assertCents(cents);
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100).toLocaleString('en-US');
  const symbol = currency === 'USD' || currency === 'CAD' ? '$' : `${currency} `;
  return `${cents < 0 ? '-' : ''}${symbol}${units}.${String(abs % 100).padStart(2, '0')}`;
}

/** 126414 → "1264.14": an amount as people type it (form values, CSV), without a symbol or separators. */
export function centsToDecimal(cents: Cents): string {
  assertCents(cents);
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function sumCents(values: readonly Cents[]): Cents {
  let total = 0;
  for (const v of values) total += v;
  return assertCents(total, 'sum');
}
