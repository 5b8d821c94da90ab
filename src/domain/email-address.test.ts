import { describe, expect, it } from 'vitest';
import { emailAddressProblem, isEmailAddress, normalizeEmailAddress } from './email-address';
import { usernameProblem } from './customer-record';

describe('emailAddressProblem', () => {
  it('takes ordinary addresses, trimmed at the ends', () => {
    for (const ok of ['jordan.rivera@example.com', 'a+tag@sub.example.co.uk', "sean.o'brien@example.ie", 'x_y-z@xn--bcher-kva.example', '  pat@example.com  ', 'A@B.CO']) {
      expect(emailAddressProblem(ok), ok).toBeNull();
    }
  });

  it('refuses control characters, spaces, too long, and a missing or invalid domain', () => {
    expect(emailAddressProblem('a\u0000b@example.com')).toBe('An email address cannot contain control characters.');
    expect(emailAddressProblem('a@example.com\r\nBcc: x@example.com')).toBe('An email address cannot contain control characters.');
    expect(emailAddressProblem('a\u0085b@example.com')).toBe('An email address cannot contain control characters.');
    expect(emailAddressProblem('a b@example.com')).toBe('An email address cannot contain spaces.');
    expect(emailAddressProblem('a\u00a0b@example.com')).toBe('An email address cannot contain spaces.');
    expect(emailAddressProblem('ab\u200b@example.com')).toBe('An email address cannot contain spaces.');
    expect(emailAddressProblem(`${'a'.repeat(60)}@${'b'.repeat(190)}.com`)).toBe('Use at most 254 characters for an email address.');
    expect(emailAddressProblem(`${'a'.repeat(65)}@example.com`)).toBe('Use at most 64 characters before the @.');
    for (const bad of ['', 'jordan', '@example.com', 'a@@example.com', 'a@b@example.com']) expect(emailAddressProblem(bad), bad).toBe('Enter an email address such as name@example.com.');
    for (const bad of ['a@', 'a@example', 'a@.example.com', 'a@example..com', 'a@-x.com', 'a@x-.com', 'a@example.c', 'a@example.123', 'a@exa_mple.com', 'a@exämple.com']) {
      expect(emailAddressProblem(bad), bad).toBe('After the @, enter a domain name such as example.com.');
    }
    for (const bad of ['.a@example.com', 'a.@example.com', 'a..b@example.com', 'a"b@example.com', 'a<b>@example.com', 'ä@example.com', 'a,b@example.com']) {
      expect(emailAddressProblem(bad), bad).toMatch(/^Before the @/);
    }
  });

  it('every address it takes is a valid username once normalised', () => {
    for (const ok of ['jordan.rivera@example.com', "Sean.O'Brien@Example.ie", 'a+tag@sub.example.co.uk']) {
      expect(isEmailAddress(ok)).toBe(true);
      expect(usernameProblem(normalizeEmailAddress(ok))).toBeNull();
    }
  });
});
