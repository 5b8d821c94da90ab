/**
 * Interest rates as integers: millionths of 1 (so 6.5% = 65_000, 6.125% = 61_250).
 * Stored as a decimal percent string ("6.125"), never a float column.
 */
export type RateMicros = number;

export const MICROS = 1_000_000;

/** "6.5" or "6.5%" (percent, up to 4 decimals) → 65_000. Null when malformed or outside 0–100%. */
export function parsePercent(input: string): RateMicros | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,4}))?\s*%?\s*$/.exec(input);
  if (!m) return null;
  const micros = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
  return micros > MICROS ? null : micros;
}

/** 65_000 → "6.5" (no trailing zeros). */
export function formatPercent(rate: RateMicros): string {
  const whole = Math.floor(rate / 10_000);
  const frac = String(rate % 10_000).padStart(4, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}
