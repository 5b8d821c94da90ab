import { describe, expect, it } from 'vitest';
import { actionLabel, changeParts, fieldLabel, valueText } from './audit-text';

const ctx = { timeZone: 'America/Denver', staff: (id: string) => (id === 'a1' ? 'Ana Ortiz (owner)' : 'a former staff member') };

describe('audit rows in words', () => {
  it('labels fields and actions as people say them', () => {
    expect(fieldLabel('lastName')).toBe('Last name');
    expect(fieldLabel('primaryLine1')).toBe('Primary line 1');
    expect(fieldLabel('webUsername')).toBe('Web username');
    expect(actionLabel('phone.added')).toBe('Phone added');
    expect(actionLabel('link.role-changed')).toBe('Role on an account changed');
    expect(actionLabel('payment-method.removed')).toBe('Payment method removed');
  });

  it('shows cents as dollars, byte counts as sizes, days and instants in words, staff ids as names', () => {
    expect(valueText('income', 520_000, ctx)).toBe('$5,200.00');
    expect(valueText('amount', -1_250, ctx)).toBe('-$12.50');
    expect(valueText('size', 2_097_152, ctx)).toBe('2.0 MB');
    expect(valueText('termPayments', 60, ctx)).toBe('60');
    expect(valueText('hireDate', '2021-03-15', ctx)).toBe('Mar 15, 2021');
    expect(valueText('authorizedAt', '2026-11-22T17:00:00.000Z', ctx)).toBe('Nov 22, 2026, 10:00:00 AM MST');
    expect(valueText('approvedBy', 'a1', ctx)).toBe('Ana Ortiz (owner)');
    expect(valueText('isPrimary', true, ctx)).toBe('Yes');
    expect(valueText('gender', 'female', ctx)).toBe('Female');
    expect(valueText('middleName', null, ctx)).toBe('—');
    expect(valueText('removed', { phones: 1, addresses: 2 }, ctx)).toBe('phones 1, addresses 2');
  });

  it('leaves our own row ids out of what a page shows', () => {
    expect(changeParts({ note: 'n1', title: 'Call back' }, ctx)).toEqual([{ label: 'Title', value: 'Call back' }]);
    expect(changeParts(null, ctx)).toEqual([]);
  });
});
