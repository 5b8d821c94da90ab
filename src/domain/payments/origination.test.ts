import { describe, expect, it } from 'vitest';
import { readOrigination } from './origination';

const good = {
  immediateDestination: '081000032',
  immediateDestinationName: 'First Bank of Denver',
  immediateOrigin: '1841234567',
  immediateOriginName: 'Sunrise Lending',
  companyName: 'Sunrise Lending',
  companyId: '1841234567',
  odfiRouting: '102000021',
  companyEntryDescription: 'Loan pmt',
};

const errorsOf = (patch: Record<string, string>) => {
  const r = readOrigination({ ...good, ...patch });
  if (r.ok) throw new Error('expected the form to be refused');
  return r.errors;
};

describe('readOrigination', () => {
  it('reads valid details, upper-cased, the origin kept as the bank gave it', () => {
    expect(readOrigination(good)).toEqual({
      ok: true,
      origination: { ...good, immediateDestinationName: 'FIRST BANK OF DENVER', immediateOriginName: 'SUNRISE LENDING', companyName: 'SUNRISE LENDING', companyEntryDescription: 'LOAN PMT' },
    });
    // A routing number as the origin is held as a space and its 9 digits (the header's 10 positions).
    const routed = readOrigination({ ...good, immediateOrigin: '102000021', companyId: '1abc234567' });
    expect(routed).toMatchObject({ ok: true, origination: { immediateOrigin: ' 102000021', companyId: '1ABC234567' } });
  });

  it('checks routing numbers: 9 digits, ABA check digit, an assigned prefix', () => {
    expect(errorsOf({ immediateDestination: '08100003' })).toEqual({ immediateDestination: 'Enter the immediate destination: 9 digits.' });
    expect(errorsOf({ immediateDestination: '081000033' }).immediateDestination).toMatch(/not a valid routing number/);
    expect(errorsOf({ odfiRouting: '123456789' }).odfiRouting).toMatch(/not a valid routing number/);
    // 000000000 passes the check digit but no bank has it.
    expect(errorsOf({ odfiRouting: '000000000' }).odfiRouting).toMatch(/not a valid routing number/);
    expect(errorsOf({ immediateOrigin: '123456789' }).immediateOrigin).toMatch(/not a valid routing number/);
    expect(errorsOf({ immediateOrigin: '12345' }).immediateOrigin).toMatch(/10 digits/);
  });

  it('wants a company ID of exactly 10 letters or digits', () => {
    expect(errorsOf({ companyId: '123456789' })).toEqual({ companyId: 'The company ID has exactly 10 characters (this has 9): usually 1 followed by your 9-digit EIN.' });
    expect(errorsOf({ companyId: '12345678901' }).companyId).toMatch(/this has 11/);
    expect(errorsOf({ companyId: '12-4567890' })).toEqual({ companyId: 'Use only letters and digits in the company ID.' });
  });

  it('keeps names within NACHA lengths and the ACH character set', () => {
    expect(errorsOf({ companyName: 'Sunrise Lending Group' })).toEqual({ companyName: 'Keep the company name to 16 characters (it has 21).' });
    expect(errorsOf({ immediateDestinationName: 'The First National Bank of Denver' }).immediateDestinationName).toMatch(/23 characters/);
    expect(errorsOf({ immediateOriginName: 'Crédit Lending' }).immediateOriginName).toMatch(/ACH character set/);
    expect(errorsOf({ companyEntryDescription: 'LOAN PAYMENT' }).companyEntryDescription).toMatch(/10 characters/);
    expect(errorsOf({ companyName: '  ' })).toEqual({ companyName: 'Enter the company name.' });
  });

  it('refuses entry descriptions the Nacha rules reserve for something else', () => {
    expect(errorsOf({ companyEntryDescription: 'purchase' }).companyEntryDescription).toMatch(/PURCHASE has a set meaning/);
    expect(errorsOf({ companyEntryDescription: 'PAYROLL' }).companyEntryDescription).toMatch(/LOAN PMT/);
  });

  it('reports every bad field at once', () => {
    expect(Object.keys(readOrigination({}).ok ? {} : (readOrigination({}) as { errors: object }).errors).sort()).toEqual(
      ['companyEntryDescription', 'companyId', 'companyName', 'immediateDestination', 'immediateDestinationName', 'immediateOrigin', 'immediateOriginName', 'odfiRouting'],
    );
  });
});
