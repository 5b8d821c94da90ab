import { describe, expect, it } from 'vitest';
import { maskPhone, toE164 } from './phone';

describe('phone numbers', () => {
  it('reads North American numbers however they are typed', () => {
    expect(toE164('(303) 555-0142')).toBe('+13035550142');
    expect(toE164('1-303-555-0142')).toBe('+13035550142');
    expect(toE164('+1 303 555 0142')).toBe('+13035550142');
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
  });
  it('refuses what cannot be a number', () => {
    expect(toE164('555-0142')).toBeNull();
    expect(toE164('(103) 555-0142')).toBeNull();
    expect(toE164('+0 123')).toBeNull();
    expect(toE164('call me')).toBeNull();
  });
  it('masks all but the last four digits', () => {
    expect(maskPhone('+13035550142')).toBe('•••• 0142');
  });
});
