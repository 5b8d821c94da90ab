/**
 * Password rules (ASVS 6.2): 8 to 128 characters, any characters, no truncation, not a common
 * password and not the email address. The same rules drive the live checklist beside the field.
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

// The most common passwords in public breach corpora (a short list: the service has no network
// lookup; a breached-password API can be added behind the same function).
const COMMON = new Set(
  `123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder taylor matrix welcome welcome1 password1 password123 passw0rd p@ssw0rd p@ssword qwerty123 qwerty1 abc12345 abcd1234 iloveyou1 admin admin123 letmein1 changeme secret login 123abc 11223344 q1w2e3r4 q1w2e3r4t5 1q2w3e4r 1q2w3e4r5t zaq12wsx asdfghjkl 88888888 87654321 12341234 00000000 qwertyui`.split(/\s+/),
);

export interface RuleResult {
  id: 'length' | 'max' | 'common' | 'email';
  label: string;
  met: boolean;
}

export function passwordRules(password: string, email?: string | null): RuleResult[] {
  const lower = password.toLowerCase();
  const local = email?.split('@')[0]?.toLowerCase() ?? '';
  return [
    { id: 'length', label: `At least ${PASSWORD_MIN} characters`, met: [...password].length >= PASSWORD_MIN },
    { id: 'max', label: `At most ${PASSWORD_MAX} characters`, met: [...password].length <= PASSWORD_MAX },
    { id: 'common', label: 'Not a common password', met: password.length > 0 && !COMMON.has(lower) && !/^(.)\1*$/.test(password) },
    { id: 'email', label: 'Not your email address', met: password.length > 0 && (!email || (lower !== email.toLowerCase() && (local.length < 4 || !lower.includes(local)))) },
  ];
}

/** The first unmet rule as a sentence, or null when the password is acceptable. */
export function passwordProblem(password: string, email?: string | null): string | null {
  const unmet = passwordRules(password, email).find((r) => !r.met);
  if (!unmet) return null;
  switch (unmet.id) {
    case 'length':
      return `Use at least ${PASSWORD_MIN} characters.`;
    case 'max':
      return `Use at most ${PASSWORD_MAX} characters.`;
    case 'common':
      return 'That password is too common; choose one that is harder to guess.';
    case 'email':
      return 'Do not use your email address in your password.';
  }
}
