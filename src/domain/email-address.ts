/**
 * The one email-address rule, for every form and message that takes an address (sign-up, email
 * change, staff customer records, staff invitations, queue messages). An address is also a
 * borrower's sign-in username, so it must satisfy the username rules too: no control characters,
 * no spaces, at most 254 characters (RFC 5321's path limit), a local part of letters, digits and
 * . _ + - ' (no leading, trailing or doubled dot, at most 64), and a real domain name after the @
 * (letters, digits and hyphens in dot-separated labels, a top-level domain of letters or an
 * xn-- IDN label). Pure: no I/O.
 */

export const EMAIL_MAX_LENGTH = 254;

const EXAMPLE = 'Enter an email address such as name@example.com.';
const LOCAL = /^[a-z0-9_+'-]+(?:\.[a-z0-9_+'-]+)*$/i;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i;

/** What is wrong with an address (after trimming the ends), or null when it is one. */
export function emailAddressProblem(input: string): string | null {
  const value = input.trim();
  if (value === '') return EXAMPLE;
  // Control characters (NUL, line breaks…) anywhere: never part of an address, and dangerous in headers and usernames.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return 'An email address cannot contain control characters.';
  if (/[\s\u200b-\u200d\u2028\u2029\ufeff]/u.test(value)) return 'An email address cannot contain spaces.';
  if (value.length > EMAIL_MAX_LENGTH) return `Use at most ${EMAIL_MAX_LENGTH} characters for an email address.`;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at !== value.indexOf('@')) return EXAMPLE;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64) return 'Use at most 64 characters before the @.';
  if (!LOCAL.test(local)) return 'Before the @, use only letters, digits and . _ + - \' (no dot at either end or two in a row).';
  const labels = domain.split('.');
  if (domain.length === 0 || domain.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !TOP_LEVEL.test(labels.at(-1)!)) {
    return 'After the @, enter a domain name such as example.com.';
  }
  return null;
}

export const isEmailAddress = (input: string): boolean => emailAddressProblem(input) === null;

/** The form we store and compare: trimmed, lower case. */
export const normalizeEmailAddress = (input: string): string => input.trim().toLowerCase();
