/**
 * Calendar dates as ISO "YYYY-MM-DD" strings (the tenant's local dates), with arithmetic on a
 * day number so nothing depends on the machine's time zone.
 */
export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parse(value: string): { y: number; m: number; d: number } | null {
  const m = ISO.exec(value);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) ? { y, m: mo, d } : null;
}

export function isIsoDate(value: string): boolean {
  return parse(value) !== null;
}

export function parts(date: IsoDate): { y: number; m: number; d: number } {
  const p = parse(date);
  if (!p) throw new RangeError(`not an ISO date: ${date}`);
  return p;
}

export function fromParts(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

// Schedules and accruals convert the same few hundred dates over and over: remember them.
// (A pure function's results; bounded so it cannot grow without limit.)
const dayNumbers = new Map<string, number>();

/** Days since 1970-01-01 (UTC calendar arithmetic, no time of day). */
export function dayNumber(date: IsoDate): number {
  const known = dayNumbers.get(date);
  if (known !== undefined) return known;
  const { y, m, d } = parts(date);
  const n = Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
  if (dayNumbers.size >= 50_000) dayNumbers.clear();
  dayNumbers.set(date, n);
  return n;
}

export function fromDayNumber(n: number): IsoDate {
  const dt = new Date(n * 86_400_000);
  return fromParts(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Actual days from a to b (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** Same day-of-month `months` later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: IsoDate, months: number, anchorDay?: number): IsoDate {
  const { y, m, d } = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return fromParts(ny, nm, Math.min(anchorDay ?? d, daysInMonth(ny, nm)));
}

/** 30/360 (US, NASD) day count between two dates. */
export function days360(a: IsoDate, b: IsoDate): number {
  const p = parts(a);
  const q = parts(b);
  let d1 = p.d;
  let d2 = q.d;
  if (d1 === 31) d1 = 30;
  if (d2 === 31 && d1 === 30) d2 = 30;
  return (q.y - p.y) * 360 + (q.m - p.m) * 30 + (d2 - d1);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

const localDateFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's date in a time zone (IANA name), for an instant. */
export function localDate(instant: Date, timeZone: string): IsoDate {
  let f = localDateFormats.get(timeZone);
  if (!f) localDateFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(instant);
}
