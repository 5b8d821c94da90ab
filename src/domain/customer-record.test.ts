import { describe, expect, it } from 'vitest';
import { birthDateProblem, defaultUsername, issuerProblem, licenceProblem, normalizeLicence, normalizePostal, postalProblem, primaryFixes, readPostalAddress, stateProblem, usernameProblem } from './customer-record';
import { einProblem, maskTaxId, sinProblem, taxIdProblem, taxKindsFor } from './tax-id';

describe('tax ids', () => {
  it('accepts a SIN with a good check digit and refuses the rest', () => {
    expect(sinProblem('130 692 544')).toBeNull();
    expect(sinProblem('130-692-544')).toBeNull();
    expect(sinProblem('130692545')).toMatch(/not a valid/);
    expect(sinProblem('046454286')).toMatch(/not a valid/); // 0… is never issued
    expect(sinProblem('12345')).toMatch(/nine digits/);
  });
  it('accepts an EIN with an IRS prefix only', () => {
    expect(einProblem('12-3456789')).toBeNull();
    expect(einProblem('123456789')).toBeNull();
    for (const e of ['00-1234567', '07-1234567', '89-1234567', '96-1234567']) expect(einProblem(e)).toMatch(/not a valid/);
    expect(einProblem('12-345')).toMatch(/nine digits/);
  });
  it('checks by kind, and the kinds each customer type may use', () => {
    expect(taxIdProblem('ssn', '123-45-6789')).toBeNull();
    expect(taxIdProblem('ssn', '666-45-6789')).toMatch(/not a valid/);
    expect(taxIdProblem('ein', '12-3456789')).toBeNull();
    expect(taxIdProblem('sin', '130692544')).toBeNull();
    expect(taxKindsFor('individual')).toEqual(['ssn', 'sin']);
    expect(taxKindsFor('company')).toEqual(['ein', 'ssn']);
  });
  it('masks all but the last four', () => {
    expect(maskTaxId('ssn', '6789')).toBe('•••-••-6789');
    expect(maskTaxId('ein', '6789')).toBe('••-•••6789');
    expect(maskTaxId('sin', '2544')).toBe('•••-••2-544');
  });
});

describe('licences and addresses', () => {
  it('normalises licence numbers and checks the issuer', () => {
    expect(normalizeLicence(' d12-345 678 ')).toBe('D12345678');
    expect(licenceProblem('D1234567')).toBeNull();
    expect(licenceProblem('12')).toMatch(/4 to 20/);
    expect(licenceProblem('AB#1234')).toMatch(/4 to 20/);
    expect(issuerProblem('co')).toBeNull();
    expect(issuerProblem('ON')).toBeNull();
    expect(issuerProblem('XX')).toMatch(/state or province/);
  });
  it('reads US ZIP codes and Canadian postal codes', () => {
    expect(normalizePostal('80202', 'US')).toBe('80202');
    expect(normalizePostal('80202-1234', 'US')).toBe('80202-1234');
    expect(normalizePostal('802021234', 'US')).toBe('80202-1234');
    expect(normalizePostal('8020', 'US')).toBeNull();
    expect(normalizePostal('k1a0b1', 'CA')).toBe('K1A 0B1');
    expect(normalizePostal('D1A 0B1', 'CA')).toBeNull(); // D is never a first letter
    expect(postalProblem('ABCDE', 'US')).toMatch(/ZIP/);
    expect(postalProblem('80202', 'CA')).toMatch(/postal code/);
  });
  it('checks state codes for the country', () => {
    expect(stateProblem('co', 'US')).toBeNull();
    expect(stateProblem('ZZ', 'US')).toMatch(/state code/);
    expect(stateProblem('ON', 'US')).toMatch(/state code/);
    expect(stateProblem('on', 'CA')).toBeNull();
    expect(stateProblem('CO', 'CA')).toMatch(/province/);
  });
});

describe('dates of birth', () => {
  const today = '2026-11-22';
  it('takes real dates between 16 and 120 years ago', () => {
    expect(birthDateProblem('1985-04-23', today)).toBeNull();
    expect(birthDateProblem('2010-11-22', today)).toBeNull();
    expect(birthDateProblem('2010-11-23', today)).toMatch(/at least 16/);
    expect(birthDateProblem('2026-11-23', today)).toMatch(/future/);
    expect(birthDateProblem('1906-11-21', today)).toMatch(/120 years/);
    expect(birthDateProblem('1985-02-30', today)).toMatch(/as a date/);
    expect(birthDateProblem('04/23/1985', today)).toMatch(/as a date/);
  });
});

describe('web usernames', () => {
  it('default to the email, else first and last name as one lower-case word', () => {
    expect(defaultUsername('Jordan.Rivera@Example.com', 'Jordan', 'Rivera')).toBe('jordan.rivera@example.com');
    expect(defaultUsername(null, 'Mary-Ann', "O'Néil")).toBe('maryannoneil');
    expect(defaultUsername('  ', 'Sam', 'Lee')).toBe('samlee');
  });
  it('allow letters, digits and a little punctuation', () => {
    expect(usernameProblem('samlee')).toBeNull();
    expect(usernameProblem('sam.lee+1@example.com')).toBeNull();
    expect(usernameProblem('ab')).toMatch(/at least 3/);
    expect(usernameProblem('sam lee')).toMatch(/only letters/);
  });
});

describe('the primary phone', () => {
  it('keeps exactly one primary', () => {
    expect(primaryFixes([])).toEqual([]);
    // Nothing primary (e.g. the primary was removed): the first becomes primary.
    expect(primaryFixes([{ id: 'a', isPrimary: false }, { id: 'b', isPrimary: false }])).toEqual([{ id: 'a', isPrimary: true }]);
    // A new primary demotes the old one.
    expect(primaryFixes([{ id: 'a', isPrimary: true }, { id: 'b', isPrimary: false }], 'b')).toEqual([{ id: 'a', isPrimary: false }, { id: 'b', isPrimary: true }]);
    // Already right: nothing to do.
    expect(primaryFixes([{ id: 'a', isPrimary: true }, { id: 'b', isPrimary: false }])).toEqual([]);
    // Two primaries (never written by us, but repaired): the first stays.
    expect(primaryFixes([{ id: 'a', isPrimary: true }, { id: 'b', isPrimary: true }])).toEqual([{ id: 'b', isPrimary: false }]);
  });
});

describe('postal addresses', () => {
  it('reads nothing as no address, and a whole one with its country', () => {
    expect(readPostalAddress({}, 'primary')).toEqual({ address: null, errors: {} });
    expect(readPostalAddress({ primaryLine1: ' 1420  Larimer St ', primaryCity: 'Denver', primaryState: 'co', primaryZip: '80202 1234' }, 'primary')).toEqual({
      address: { line1: '1420 Larimer St', line2: '', city: 'Denver', state: 'CO', zip: '80202-1234', country: 'US' },
      errors: {},
    });
    // Without a Country input, a province or a postal code makes it Canadian.
    expect(readPostalAddress({ employerLine1: '1 Main St', employerCity: 'Ottawa', employerState: 'ON', employerZip: 'k1a0b1' }, 'employer').address).toMatchObject({ zip: 'K1A 0B1', country: 'CA' });
    // With one, it decides.
    expect(readPostalAddress({ mailingLine1: '1 Main St', mailingCity: 'Ottawa', mailingState: 'ON', mailingZip: 'K1A 0B1', mailingCountry: 'US' }, 'mailing').errors).toMatchObject({ mailingState: expect.stringContaining('state code'), mailingZip: expect.stringContaining('ZIP') });
  });

  it('names every missing or wrong part of a partial address, by input name', () => {
    expect(readPostalAddress({ refLine2: 'Apt 5', refCountry: 'MX' }, 'ref')).toEqual({
      address: null,
      errors: {
        refCountry: 'Choose the United States or Canada.',
        refLine1: 'Enter the street address, or clear the whole address.',
        refCity: 'Enter the city.',
        refState: 'Enter the state or province.',
        refZip: 'Enter the ZIP or postal code.',
      },
    });
    expect(readPostalAddress({ refLine1: 'x'.repeat(121), refCity: 'Denver', refState: 'ZZ', refZip: '802' }, 'ref').errors).toEqual({
      refLine1: 'Use at most 120 characters.',
      refState: 'Enter the two-letter state code, such as CO or NY.',
      refZip: 'Enter the ZIP code: five digits, or ZIP+4 such as 80202-1234.',
    });
  });
});
