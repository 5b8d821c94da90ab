import { describe, expect, it } from 'vitest';
import { customFieldId, faviconSizeProblem, readCustomField, readList, readSignInSettings, statusesInUse } from './tenant-settings';

const png = (width: number, height: number) => {
  const be = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...be(width), ...be(height), 8, 6, 0, 0, 0]);
};

describe('sign-in settings from the form', () => {
  const base = { mfa: 'optional', 'method-email': 'on', idleMinutes: '15', absoluteHours: '12' };
  it('takes the bounds inclusively and keeps only the methods ticked', () => {
    expect(readSignInSettings({ ...base, 'method-passkey': 'on', idleMinutes: '5', absoluteHours: '72' })).toEqual({ ok: true, settings: { mfa: 'optional', methods: ['email', 'passkey'], idleMinutes: 5, staffIdleMinutes: 30, absoluteHours: 72 } });
    // Staff have their own limit, within the same bounds; a form without it keeps the current one.
    expect(readSignInSettings({ ...base, staffIdleMinutes: '240', absoluteHours: '4' })).toMatchObject({ ok: true, settings: { idleMinutes: 15, staffIdleMinutes: 240 } });
    expect(readSignInSettings(base, { mfa: 'optional', methods: ['email'], idleMinutes: 15, staffIdleMinutes: 60, absoluteHours: 12 })).toMatchObject({ ok: true, settings: { staffIdleMinutes: 60 } });
    for (const staffIdleMinutes of ['4', '241', '', 'x']) expect(readSignInSettings({ ...base, staffIdleMinutes })).toMatchObject({ ok: false, errors: { staffIdleMinutes: expect.any(String) } });
    expect(readSignInSettings({ ...base, staffIdleMinutes: '90', absoluteHours: '1' })).toMatchObject({ ok: false, errors: { absoluteHours: expect.stringContaining('90 minutes') } });
    expect(readSignInSettings({ ...base, idleMinutes: '60', absoluteHours: '1' })).toMatchObject({ ok: true });
  });
  it('refuses values outside the bounds, a session shorter than the idle limit, and no method at all', () => {
    for (const idleMinutes of ['4', '241', '15.5', '', ' ', '1e2']) expect(readSignInSettings({ ...base, idleMinutes })).toMatchObject({ ok: false, errors: { idleMinutes: expect.any(String) } });
    for (const absoluteHours of ['0', '73', '-1']) expect(readSignInSettings({ ...base, absoluteHours })).toMatchObject({ ok: false, errors: { absoluteHours: expect.any(String) } });
    expect(readSignInSettings({ ...base, idleMinutes: '61', absoluteHours: '1' })).toMatchObject({ ok: false, errors: { absoluteHours: expect.stringContaining('61 minutes') } });
    // Staff use the methods whatever borrowers are asked, so even "off" needs one.
    expect(readSignInSettings({ mfa: 'none', idleMinutes: '15', absoluteHours: '12' })).toMatchObject({ ok: false, errors: { methods: expect.any(String) } });
  });
});

describe('lists from a textarea', () => {
  it('trims, squeezes spaces, drops blanks and repeats in any case, keeping the first spelling', () => {
    expect(readList('note-categories', ' General \r\n\ngeneral\nPayment   arrangement\nGENERAL')).toEqual({ ok: true, items: ['General', 'Payment arrangement'] });
  });
  it('limits the count and the length, customer statuses to 40 characters', () => {
    expect(readList('note-categories', Array.from({ length: 50 }, (_, i) => `C${i}`).join('\n'))).toMatchObject({ ok: true });
    expect(readList('note-categories', Array.from({ length: 51 }, (_, i) => `C${i}`).join('\n'))).toMatchObject({ ok: false });
    expect(readList('customer-statuses', 'x'.repeat(40))).toMatchObject({ ok: true });
    expect(readList('customer-statuses', 'x'.repeat(41))).toMatchObject({ ok: false });
    expect(readList('document-sections', 'y'.repeat(60))).toMatchObject({ ok: true });
    expect(readList('document-sections', '\n\n')).toEqual({ ok: false, error: 'Enter at least one section, one per line.' });
  });
  it('names the statuses being removed that customers still have', () => {
    const counts = new Map([['Active', 3], ['Bankrupt', 0], ['Legacy', 2]]);
    expect(statusesInUse(['Active', 'Bankrupt', 'Inactive'], ['Inactive'], counts)).toEqual([{ status: 'Active', customers: 3 }]);
    // A change of case is a removal: the customers keep the old spelling.
    expect(statusesInUse(['Active'], ['ACTIVE'], counts)).toEqual([{ status: 'Active', customers: 3 }]);
  });
});

describe('custom fields', () => {
  it('makes ids from labels, unique against every id used before', () => {
    expect(customFieldId('Préférence de contact!', new Set())).toBe('preference-de-contact');
    expect(customFieldId('年収', new Set())).toBe('field');
    expect(customFieldId('Spouse', new Set(['spouse', 'spouse-2']))).toBe('spouse-3');
    expect(customFieldId('a'.repeat(39) + ' b', new Set())).toBe('a'.repeat(39));
  });
  it('needs at least two choices for a list and a unique label per kind of row', () => {
    const existing = [{ id: 'spouse', label: 'Spouse', type: 'text' as const, appliesTo: 'customer' as const }];
    const none = { taken: new Set<string>(), removed: [] };
    expect(readCustomField({ label: 'spouse', type: 'text', appliesTo: 'customer' }, existing, { taken: new Set(['spouse']), removed: [] })).toMatchObject({ ok: false, errors: { label: expect.any(String) } });
    expect(readCustomField({ label: 'Spouse', type: 'text', appliesTo: 'employer' }, existing, { taken: new Set(['spouse']), removed: [] })).toEqual({ ok: true, field: { id: 'spouse-2', label: 'Spouse', type: 'text', appliesTo: 'employer' } });
    expect(readCustomField({ label: 'Tier', type: 'list', appliesTo: 'customer', options: 'Gold\ngold' }, [], none)).toMatchObject({ ok: false, errors: { options: expect.any(String) } });
    expect(readCustomField({ label: 'Tier', type: 'list', appliesTo: 'customer', options: 'Gold\nSilver' }, [], none)).toMatchObject({ ok: true, field: { options: ['Gold', 'Silver'] } });
  });
  it('gives a removed field its id back when the same field is added again, and only then', () => {
    const history = { taken: new Set(['tier', 'tier-2']), removed: [{ id: 'tier-2', label: 'Tier', type: 'text' as const, appliesTo: 'employer' as const }] };
    expect(readCustomField({ label: 'TIER', type: 'text', appliesTo: 'employer' }, [], history)).toMatchObject({ ok: true, field: { id: 'tier-2', label: 'TIER' } });
    expect(readCustomField({ label: 'Tier', type: 'number', appliesTo: 'employer' }, [], history)).toMatchObject({ ok: true, field: { id: 'tier-3' } });
    expect(readCustomField({ label: 'Tier', type: 'text', appliesTo: 'customer' }, [], history)).toMatchObject({ ok: true, field: { id: 'tier-3' } });
  });
});

describe('favicon size', () => {
  it('wants a square of 16 to 512 pixels', () => {
    expect(faviconSizeProblem(png(16, 16))).toBeNull();
    expect(faviconSizeProblem(png(512, 512))).toBeNull();
    expect(faviconSizeProblem(png(513, 513))).toMatch(/16 to 512/);
    expect(faviconSizeProblem(png(32, 16))).toMatch(/square/);
    expect(faviconSizeProblem(png(32, 32).subarray(0, 20))).toMatch(/could not be read/);
  });
});

describe('saving a settings change', () => {
  it('applies only the keys the change touched, onto the tenant as stored now, and audits them', async () => {
    const { saveTenantChange } = await import('./tenant-settings');
    const stale = { id: 't1', settings: { noteCategories: ['General'] }, branding: { portalName: 'P', primaryColor: '#000000', accentColor: '#111111' } } as unknown as Parameters<typeof saveTenantChange>[2];
    // Another owner saved note categories a moment ago; this request still holds the older copy.
    const stored = { ...stale, settings: { noteCategories: ['General', 'Hardship'] } };
    let written: unknown;
    const store = { load: async () => stored, save: async (_t: unknown, values: { settings?: unknown }) => ((written = values.settings), { ...stored, ...values }) as typeof stale };
    const audits: unknown[] = [];
    const tdb = { audit: { record: async (row: unknown) => void audits.push(row) } } as unknown as Parameters<typeof saveTenantChange>[1];
    const field = { id: 'branch', label: 'Branch', type: 'text' as const, appliesTo: 'customer' as const };
    await saveTenantChange(store, tdb, stale, { settings: { ...stale.settings, customFields: [field] } }, 'a1', 'tenant.custom-field-added', new Date(0));
    expect(written).toEqual({ noteCategories: ['General', 'Hardship'], customFields: [field] });
    expect(audits).toEqual([expect.objectContaining({ before: { customFields: null }, after: { customFields: [field] } })]);
  });
});
