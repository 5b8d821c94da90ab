/**
 * Vehicle Identification Numbers (ISO 3779, North American check digit per 49 CFR 565):
 * 17 characters, no I, O or Q; position 9 is a check digit over the weighted transliteration.
 */
const VALUES: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

export function normalizeVin(input: string): string {
  return input.trim().toUpperCase().replace(/[\s-]/g, '');
}

export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const ch = vin[i]!;
    const value = /\d/.test(ch) ? Number(ch) : VALUES[ch];
    if (value === undefined) throw new RangeError(`invalid VIN character ${ch}`);
    sum += value * WEIGHTS[i]!;
  }
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

/** Null when valid, else a message a person can act on. */
export function vinProblem(input: string): string | null {
  const vin = normalizeVin(input);
  if (vin.length !== 17) return 'A VIN has 17 characters.';
  if (/[IOQ]/.test(vin)) return 'A VIN never contains the letters I, O or Q.';
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return 'A VIN has only letters and digits.';
  if (vinCheckDigit(vin) !== vin[8]) return 'This VIN’s check digit (9th character) does not match; please check it.';
  return null;
}
