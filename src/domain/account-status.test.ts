import { describe, expect, it } from 'vitest';
import { statusFor } from './account-status';

describe('statusFor', () => {
  it('follows the money for the automatic statuses', () => {
    expect(statusFor('Active', 'paid_off', 'loan')).toBe('Paid Off');
    expect(statusFor('Past Due', 'current', 'loan')).toBe('Active');
    expect(statusFor('Active', 'past_due', 'loan')).toBe('Past Due');
    expect(statusFor('Paid Off', 'current', 'loan')).toBe('Active');
  });
  it('keeps a status a person set', () => {
    expect(statusFor('Charged Off', 'paid_off', 'loan')).toBe('Charged Off');
    expect(statusFor('Closed', 'past_due', 'line')).toBe('Closed');
  });
  it('a line at zero stays open', () => {
    expect(statusFor('Active', 'paid_off', 'line')).toBe('Active');
  });
});
