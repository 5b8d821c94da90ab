/**
 * Minimal 5-field cron (minute hour day-of-month month day-of-week), UTC, as Cloudflare Cron
 * Triggers read it, so the Node host can fire the same schedule. Supports *, n, a-b, lists and /step.
 */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

export interface CronSpec {
  sets: Set<number>[];
  domRestricted: boolean;
  dowRestricted: boolean;
}

export function parseCron(expr: string): CronSpec {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new SyntaxError(`cron "${expr}" must have 5 fields`);
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]!));
  // Sunday is 0 or 7.
  if (sets[4]!.has(7)) sets[4]!.add(0);
  return { sets, domRestricted: parts[2] !== '*', dowRestricted: parts[4] !== '*' };
}

function parseField(part: string, f: (typeof FIELDS)[number]): Set<number> {
  const out = new Set<number>();
  for (const item of part.split(',')) {
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw new SyntaxError(`bad ${f.name} "${item}"`);
    const [lo, hi] = m[1] === '*' ? [f.min, f.max] : m[1]!.split('-').map(Number).concat() as [number, number?];
    const from = lo;
    const to = m[1] === '*' ? f.max : (hi ?? (m[2] ? f.max : lo));
    const step = m[2] ? Number(m[2]) : 1;
    if (from < f.min || to > f.max || from > to || step < 1) throw new SyntaxError(`${f.name} "${item}" is out of range`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/** True when the cron fires in the UTC minute containing `at`. */
export function cronMatches(spec: CronSpec | string, at: Date): boolean {
  const s = typeof spec === 'string' ? parseCron(spec) : spec;
  const [min, hour, dom, month, dow] = s.sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (!min.has(at.getUTCMinutes()) || !hour.has(at.getUTCHours()) || !month.has(at.getUTCMonth() + 1)) return false;
  const domOk = dom.has(at.getUTCDate());
  const dowOk = dow.has(at.getUTCDay());
  // Standard cron: when both day fields are restricted, either may match.
  if (s.domRestricted && s.dowRestricted) return domOk || dowOk;
  return domOk && dowOk;
}
