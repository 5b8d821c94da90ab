import { describe, expect, it } from 'vitest';
import type { CustomField } from '../db/schema';
import { customFieldFormValues, readCustomFields } from './custom-fields';

const fields: CustomField[] = [
  { id: 'branch', label: 'Branch', type: 'list', appliesTo: 'customer', options: ['North', 'South'] },
  { id: 'score', label: 'Internal score', type: 'number', appliesTo: 'customer' },
  { id: 'since', label: 'Member since', type: 'date', appliesTo: 'customer' },
  { id: 'vip', label: 'VIP', type: 'yes-no', appliesTo: 'customer' },
  { id: 'nick', label: 'Nickname', type: 'text', appliesTo: 'customer' },
];

describe('custom fields', () => {
  it('keeps valid values by field id and drops empty ones', () => {
    const r = readCustomFields(fields, { 'cf-branch': 'North', 'cf-score': '12.5', 'cf-since': '2020-02-29', 'cf-vip': 'on', 'cf-nick': '  ' });
    expect(r).toEqual({ values: { branch: 'North', score: '12.5', since: '2020-02-29', vip: 'yes' }, errors: {} });
  });

  it('says what is wrong with each bad value, by input name', () => {
    const r = readCustomFields(fields, { 'cf-branch': 'East', 'cf-score': 'twelve', 'cf-since': '2021-02-29' });
    expect(Object.keys(r.errors).sort()).toEqual(['cf-branch', 'cf-score', 'cf-since']);
    expect(r.errors['cf-score']).toContain('Internal score');
  });

  it('prefills a form from stored values', () => {
    expect(customFieldFormValues(fields, { vip: 'yes', branch: 'South' })).toMatchObject({ 'cf-vip': 'on', 'cf-branch': 'South', 'cf-score': '' });
  });
});
