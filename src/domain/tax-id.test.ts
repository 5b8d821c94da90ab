import { describe, expect, it } from 'vitest';
import { normalizeTaxId, ssnProblem } from './tax-id';

describe('ssnProblem', () => {
  it('accepts nine digits with or without dashes and spaces', () => {
    for (const s of ['123-45-6789', '123456789', '123 45 6789', '078-05-1121']) expect(ssnProblem(s)).toBeNull();
    expect(normalizeTaxId(' 123-45 6789 ')).toBe('123456789');
  });
  it('refuses the wrong length and letters', () => {
    for (const s of ['', '12345678', '1234567890', '12a-45-6789']) expect(ssnProblem(s)).toMatch(/nine digits/);
  });
  it('refuses numbers the SSA never issues', () => {
    for (const s of ['000-12-3456', '666-12-3456', '900-12-3456', '999-12-3456', '123-00-4567', '123-45-0000']) expect(ssnProblem(s)).toMatch(/not a valid/);
  });
});
