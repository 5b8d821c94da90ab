/**
 * Dates as people read them. Intl formatters are costly to create, so each is made once (per time
 * zone for instants) and reused: pages format hundreds of dates.
 */
const dayFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const instantFormats = new Map<string, Intl.DateTimeFormat>();

/** "2026-11-21" → "Nov 21, 2026" (a calendar date: no time zone shift). */
export function formatDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return dayFormat.format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant in the tenant's time zone, with the zone named. */
export function formatInstant(at: Date, timeZone: string): string {
  let f = instantFormats.get(timeZone);
  if (!f) instantFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'long', timeZone })));
  return f.format(at);
}

/** A stored file's size for people: KB below a megabyte (at least 1), else MB to one decimal. */
export function formatFileSize(bytes: number): string {
  return bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
