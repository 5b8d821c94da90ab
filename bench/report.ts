// Shared shape of a benchmark and a plain-text table printer, so every benchmark reports the same way.

export type Cell = string | number;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
  notes?: string[];
}

export interface Benchmark {
  name: string;
  /** One line: what it measures and why. */
  what: string;
  /** Returns figures; throws only on a hard failure (the thing measured is broken or over a project limit). */
  run(): Promise<Table[]>;
}

/** Numeric-looking columns are right-aligned (numbers get thousands separators); text is left-aligned. */
export function formatTable(t: Table): string {
  const text = (c: Cell) => (typeof c === 'number' ? fmtNumber(c) : c);
  const cells = t.rows.map((r) => r.map(text));
  const widths = t.columns.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = t.columns.map((_, i) => cells.length > 0 && cells.every((r) => /^[-+]?[\d,.]+ ?(%|[a-zA-Z]{1,3})?$/.test(r[i] ?? '')));
  const line = (r: string[]) =>
    r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [
    t.title,
    line(t.columns),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map(line),
    ...(t.notes ?? []).map((n) => `  ${n}`),
  ].join('\n');
}

function fmtNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Fixed decimals where an integer would otherwise print bare (e.g. "12.00" ms). */
export function fixed(n: number, digits = 2): string {
  return n.toFixed(digits);
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** A hard failure that still carries the figures measured before it, so they get printed. */
export class BenchFailure extends Error {
  constructor(
    message: string,
    readonly tables: Table[],
  ) {
    super(message);
    this.name = 'BenchFailure';
  }
}
