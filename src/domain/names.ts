/**
 * Name casing for records typed in capitals or lower case: "o'NEIL" → "O'Neil", "mcdonald" →
 * "McDonald", "smith-JONES" → "Smith-Jones". Staff can switch it off per customer ("Do not case
 * format") for names this rule gets wrong (e.g. "van der Berg", "MacIntyre" vs "Macy").
 */
export function caseName(name: string): string {
  return name
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase())
    .replace(/\bMc(\p{L})/gu, (_, ch: string) => `Mc${ch.toUpperCase()}`);
}
