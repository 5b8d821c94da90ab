import { describe, expect, it } from 'vitest';
import { caseName } from './names';

describe('caseName', () => {
  it('cases names typed in capitals or lower case', () => {
    expect(caseName('RIVERA')).toBe('Rivera');
    expect(caseName("o'NEIL")).toBe("O'Neil");
    expect(caseName('mcdonald')).toBe('McDonald');
    expect(caseName('smith-JONES')).toBe('Smith-Jones');
    expect(caseName('  de la   CRUZ ')).toBe('De La Cruz');
    expect(caseName('ÉLODIE')).toBe('Élodie');
  });
});
