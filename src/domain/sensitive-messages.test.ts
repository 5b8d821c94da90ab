import { describe, expect, it } from 'vitest';
import { emailTemplates } from '../../templates/emails';
import { CODE_HIDDEN, EMAIL_TEMPLATE_CARRIES_SECRET, LINK_HIDDEN, carriesSecret, staffSafeEmail, staffSafeSms } from './sensitive-messages';
import { themeFor } from './theme';

const theme = themeFor({ portalName: 'Sunrise Online Access', primaryColor: '#1f4e79', accentColor: '#c2410c' });
const resetLink = 'https://demo.portal.test/reset?token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('messages as staff may read them', () => {
  it('hides the link of password reset, set-password and staff invitation emails, keeping what the email was', async () => {
    for (const template of ['password-reset', 'set-password'] as const) {
      const mail = await emailTemplates[template]({ name: 'Jordan', link: resetLink, minutes: 30 }, theme);
      const safe = staffSafeEmail({ template, ...mail });
      expect(safe.text).not.toContain('token=');
      expect(safe.text).not.toContain('eyJhbGci');
      expect(safe.text).toContain(LINK_HIDDEN);
      expect(safe.text).toContain('expires in 30 minutes');
      expect(safe.subject).toBe(mail.subject);
      expect(safe.hidden).toBe(true);
    }
    const invite = await emailTemplates['staff-invitation']({ name: 'Ann', inviterName: 'Owner', role: 'Manager', link: 'https://demo.portal.test/admin/invitation?token=abc.def', days: 7 }, theme);
    const safe = staffSafeEmail({ template: 'staff-invitation', ...invite });
    expect(safe.text).toBe(`Hello Ann,\n\nOwner invited you to join the Sunrise Online Access staff area with the role Manager. Choose your password to accept:\n${LINK_HIDDEN}\n\n${invite.text.split('\n').at(-1)}`);
  });

  it('hides the code in the subject and text of sign-in and email-change code emails', async () => {
    for (const template of ['sign-in-code', 'email-change-code'] as const) {
      const mail = await emailTemplates[template]({ name: 'Jordan', code: '042917', minutes: 10 }, theme);
      expect(mail.subject).toContain('042917');
      const safe = staffSafeEmail({ template, ...mail });
      expect(safe.subject).not.toContain('042917');
      expect(safe.subject).toContain(CODE_HIDDEN);
      expect(safe.text).not.toContain('042917');
      expect(safe.text).toContain(CODE_HIDDEN);
      expect(safe.text).toContain('expires in 10 minutes');
    }
    const signIn = await emailTemplates['sign-in-code']({ name: 'Jordan', code: '042917', minutes: 10 }, theme);
    expect(staffSafeEmail({ template: 'sign-in-code', ...signIn }).subject).toBe(`Your Sunrise Online Access sign-in code: ${CODE_HIDDEN}`);
  });

  it('reads the HTML-free text, and leaves the other templates whole: account numbers and links without a token stay', async () => {
    const notice = await emailTemplates['payment-notice']({ name: 'Jordan', subject: 'Payment received: $50.00', paragraphs: ['We received your payment on AL-204817, reference P-123456.'], facts: [['Account', 'AL-204817']], link: 'https://demo.portal.test/payments' }, theme);
    const safe = staffSafeEmail({ template: 'payment-notice', ...notice });
    expect(safe).toEqual({ subject: 'Payment received: $50.00', text: notice.text, hidden: false });
    // A token link is hidden whatever the template (even one sent by hand or imported), markup and entities first removed.
    const odd = staffSafeEmail({ template: 'test', subject: 'Hi', text: '<p>Open <a href="x">https://x.example/a?b=1&amp;token=secret</a> now</p>' });
    expect(odd.text).toBe(`Open ${LINK_HIDDEN} now`);
    expect(odd.hidden).toBe(true);
    // Unknown templates are not taken for secret ones, and every template is decided.
    expect(carriesSecret('nope')).toBe(false);
    expect(carriesSecret('toString')).toBe(false);
    expect(Object.keys(EMAIL_TEMPLATE_CARRIES_SECRET).sort()).toEqual(Object.keys(emailTemplates).sort());
  });

  it('masks the code of sign-in and verification texts (as services/mfa.ts writes them), not the digits of other texts', () => {
    expect(staffSafeSms('042917 is your Sunrise Online Access sign-in code. It expires in 10 minutes.')).toEqual({ body: `${CODE_HIDDEN} is your Sunrise Online Access sign-in code. It expires in 10 minutes.`, hidden: true });
    expect(staffSafeSms('314159 is your Sunrise Online Access verification code. It expires in 10 minutes.').body).toBe(`${CODE_HIDDEN} is your Sunrise Online Access verification code. It expires in 10 minutes.`);
    expect(staffSafeSms('Sunrise Lending: a reminder that AL-204817 has $312.40 due on Dec 1.')).toEqual({ body: 'Sunrise Lending: a reminder that AL-204817 has $312.40 due on Dec 1.', hidden: false });
    expect(staffSafeSms('Set your password: https://demo.portal.test/reset?token=abc').body).toBe(`Set your password: ${LINK_HIDDEN}`);
  });
});
