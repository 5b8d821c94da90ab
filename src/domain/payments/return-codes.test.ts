import { describe, expect, it } from 'vitest';
import { achReturnCodes, checkAchReturn, returnCode, returnCodesForOurDebits, returnDeadline } from './return-codes';

const fmt = (d: string) => d;
const base = { reference: 'P-7K3M9Q2X', settlement: '2026-11-23', today: '2026-12-31' };

describe('Nacha return codes', () => {
  it('lists the codes Nacha defines, from R01 to R85, once each, and no made-up ones', () => {
    const codes = achReturnCodes.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes[0]).toBe('R01');
    expect(codes.at(-1)).toBe('R85');
    for (const made of ['R00', 'R48', 'R49', 'R54', 'R60', 'R63', 'R66', 'R78', 'R79', 'R86', 'R99']) expect(returnCode(made), made).toBeUndefined();
    expect(returnCode(' r10 ')?.name).toMatch(/not authorized/);
  });

  it('offers only codes that can come back on a WEB, TEL or PPD consumer debit', () => {
    const offered = returnCodesForOurDebits.map((c) => c.code);
    expect(offered).toEqual(expect.arrayContaining(['R01', 'R02', 'R03', 'R04', 'R06', 'R07', 'R08', 'R09', 'R10', 'R11', 'R16', 'R20', 'R29', 'R85']));
    // Credits, corporate, enrollment, check-conversion, IAT and bank-to-bank dishonour codes.
    for (const no of ['R05', 'R23', 'R31', 'R37', 'R40', 'R51', 'R61', 'R68', 'R77', 'R80']) expect(offered, no).not.toContain(no);
  });

  it('gives most codes 2 banking days after settlement and the unauthorised-debit codes 60 days', () => {
    // Monday Nov 23, 2026: Tuesday, then Wednesday; Thanksgiving (Thursday 26th) is skipped from a Wednesday.
    expect(returnDeadline('two-banking-days', '2026-11-23')).toBe('2026-11-25');
    expect(returnDeadline('two-banking-days', '2026-11-25')).toBe('2026-11-30');
    // 60 calendar days after Nov 23 is Jan 22, 2027 (a Friday): the next banking day is Monday the 25th.
    expect(returnDeadline('sixty-days', '2026-11-23')).toBe('2027-01-25');
    for (const code of ['R07', 'R10', 'R11', 'R05', 'R51']) expect(returnCode(code)?.window, code).toBe('sixty-days');
    for (const code of ['R01', 'R02', 'R03', 'R04', 'R08', 'R09', 'R16', 'R29']) expect(returnCode(code)?.window, code).toBe('two-banking-days');
    expect(returnDeadline('agreed', '2026-11-23')).toBeNull();
  });
});

describe('checkAchReturn', () => {
  it('accepts a real code within its time limit', () => {
    expect(checkAchReturn({ ...base, code: 'R01', date: '2026-11-25' }, fmt)).toMatchObject({ ok: true, code: { code: 'R01' } });
    expect(checkAchReturn({ ...base, code: 'R10', date: '2026-12-30' }, fmt)).toMatchObject({ ok: true, code: { code: 'R10' } });
    expect(checkAchReturn({ ...base, code: 'R06', date: '2026-12-31' }, fmt).ok).toBe(true);
  });

  it('refuses an unknown code, by the code field', () => {
    expect(checkAchReturn({ ...base, code: 'R99', date: '2026-11-24' }, fmt)).toEqual({ ok: false, errors: { code: 'R99 is not a Nacha return code. Choose the code on the bank’s return notice.' } });
    expect(checkAchReturn({ ...base, code: '', date: '2026-11-24' }, fmt)).toEqual({ ok: false, errors: { code: 'Choose the return code on the bank’s return notice.' } });
  });

  it('refuses a real code that cannot apply to these debits, naming why', () => {
    const r = checkAchReturn({ ...base, code: 'R80', date: '2026-11-24' }, fmt);
    expect(r).toEqual({ ok: false, errors: { code: expect.stringContaining('R80 (IAT entry coding error) cannot come back on this payment: it is used only for international (IAT) entries') } });
  });

  it('refuses a date in the future or before settlement, by the date field', () => {
    expect(checkAchReturn({ ...base, code: 'R01', date: '2027-01-01' }, fmt)).toEqual({ ok: false, errors: { date: 'A return cannot be dated in the future: today is 2026-12-31.' } });
    expect(checkAchReturn({ ...base, code: 'R01', date: '2026-11-22' }, fmt)).toEqual({ ok: false, errors: { date: 'P-7K3M9Q2X settled on 2026-11-23: a return cannot be dated before that.' } });
  });

  it('refuses a code past its time limit', () => {
    const late = checkAchReturn({ ...base, code: 'R01', date: '2026-11-26' }, fmt);
    expect(late).toEqual({ ok: false, errors: { code: expect.stringContaining('R01 must come back within 2 banking days of settlement (by 2026-11-25') } });
    expect(checkAchReturn({ ...base, code: 'R10', date: '2027-01-26', today: '2027-02-01' }, fmt)).toEqual({ ok: false, errors: { code: expect.stringContaining('R10 must come back within 60 days of settlement (by 2027-01-25') } });
    expect(checkAchReturn({ ...base, code: 'R10', date: '2027-01-25', today: '2027-02-01' }, fmt).ok).toBe(true);
  });
});
