import { describe, expect, it } from 'vitest';
import { normalizeVin, vinCheckDigit, vinProblem } from './vin';

describe('VIN', () => {
  // 1M8GDM9AXKP042788 is the worked example in 49 CFR 565 / widely reproduced (check digit X).
  it('computes the published check digit example', () => {
    expect(vinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
    expect(vinProblem('1M8GDM9AXKP042788')).toBeNull();
  });
  it('accepts a real-world VIN with separators and lower case', () => {
    expect(normalizeVin(' 1hgcm82633a004352 ')).toBe('1HGCM82633A004352');
    expect(vinProblem('1HGCM82633A004352')).toBeNull();
  });
  it('explains what is wrong', () => {
    expect(vinProblem('1HGCM82633A00435')).toMatch(/17 characters/);
    expect(vinProblem('1HGCM82633A0O4352')).toMatch(/I, O or Q/);
    expect(vinProblem('1HGCM82643A004352')).toMatch(/check digit/);
  });
});
