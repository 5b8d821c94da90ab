import { describe, expect, it } from 'vitest';
import { themeFor } from '../../src/domain/theme';
import { emailMessage } from '../../src/queues/messages';
import { emailTemplates } from '../../templates/emails';

const theme = themeFor({ portalName: 'Acme & Sons Access', primaryColor: '#ffd54f', accentColor: '#0b5394' });

describe('email templates', () => {
  it('renders HTML and a readable plain-text part, branded, with the link in both', async () => {
    const email = await emailTemplates['portal-ready']({ ownerName: 'Morgan', portalUrl: 'https://acme.onlineaccess.io/' }, theme);
    expect(email.subject).toBe('Acme & Sons Access is ready');
    expect(email.html).toMatch(/^<!doctype html>/);
    expect(email.html).toContain('href="https://acme.onlineaccess.io/"');
    expect(email.html).toContain('Acme &amp; Sons Access');
    // Readable text on a light brand colour.
    expect(email.html).toContain('background:#ffd54f;color:#111827');
    expect(email.text).toContain('Hello Morgan,');
    expect(email.text).toContain('https://acme.onlineaccess.io/');
    expect(email.text).not.toMatch(/<[a-z]/i);
  });

  it('escapes user-supplied text in the HTML part', async () => {
    const email = await emailTemplates.test({ note: '<img src=x onerror=alert(1)> "quoted"' }, theme);
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(email.text).toContain('<img src=x onerror=alert(1)> "quoted"');
  });

  it('invites staff with the inviter, the role, the link and when it expires, in both parts', async () => {
    const link = 'https://acme.onlineaccess.io/admin/invitation?token=abc.def.ghi';
    const email = await emailTemplates['staff-invitation']({ name: 'Casey <Park>', inviterName: 'Morgan', role: 'Manager', link, days: 7 }, theme);
    expect(email.subject).toBe('Morgan invited you to the Acme & Sons Access staff area');
    expect(email.html).toContain(`href="${link}"`);
    expect(email.html).toContain('Casey &lt;Park&gt;');
    expect(email.html).toContain('with the role Manager');
    expect(email.text).toContain(link);
    expect(email.text).toContain('expires in 7 days');
    expect(email.text).toContain('second step');
    expect(email.text).toContain('Hello Casey <Park>,');
    expect(email.text).not.toMatch(/<(p|a|table)\b/i);
  });

  it('accepts only well-formed messages for each template', () => {
    const base = { id: 'm1', tenantId: 't1', to: 'a@example.com' };
    expect(emailMessage.safeParse({ ...base, template: 'portal-ready', data: { ownerName: 'M', portalUrl: 'https://x.example/' } }).success).toBe(true);
    expect(emailMessage.safeParse({ ...base, template: 'portal-ready', data: { ownerName: 'M' } }).success).toBe(false);
    // A template with a secret travels with it sealed, never in its data.
    expect(emailMessage.safeParse({ ...base, template: 'staff-invitation', data: { name: 'C', inviterName: 'M', role: 'Agent', days: 7 }, sealed: 'v1.aaaa.bbbb' }).success).toBe(true);
    expect(emailMessage.safeParse({ ...base, template: 'staff-invitation', data: { name: 'C', inviterName: 'M', role: 'Agent', link: 'https://x.example/admin/invitation?token=t', days: 7 } }).success).toBe(false);
    expect(emailMessage.safeParse({ ...base, template: 'sign-in-code', data: { name: 'C', code: '123456', minutes: 10 } }).success).toBe(false);
    // An account notice names its accounts (their Email access decides whether it goes).
    const notice = { name: 'C', subject: 'Payment received', paragraphs: [], facts: [], link: 'https://x.example/payments' };
    expect(emailMessage.safeParse({ ...base, template: 'payment-notice', data: notice }).success).toBe(false);
    expect(emailMessage.safeParse({ ...base, template: 'payment-notice', accountIds: ['acc1'], data: notice }).success).toBe(true);
    expect(emailMessage.safeParse({ ...base, to: 'a\u0000b@example.com', template: 'test', data: { note: '' } }).success).toBe(false);
    expect(emailMessage.safeParse({ ...base, template: 'nope', data: {} }).success).toBe(false);
    expect(emailMessage.safeParse({ ...base, to: 'not-an-address', template: 'test', data: { note: '' } }).success).toBe(false);
  });

  it('tells of a security change: what, when, and what to do if it was not them, with no sign-in link', async () => {
    const email = await emailTemplates['security-notice']({ name: 'Jordan Rivera', change: 'email-changed', when: 'Nov 22, 2026, 10:00:00 AM MST', detail: 'new@example.com', audience: 'customer', resetLink: 'https://acme.onlineaccess.io/forgot', supportPhone: '(303) 555-0142' }, theme);
    expect(email.subject).toBe('Your Acme & Sons Access sign-in email was changed');
    expect(email.text).toContain('Your sign-in email is now new@example.com.');
    expect(email.text).toContain('When: Nov 22, 2026, 10:00:00 AM MST');
    expect(email.text).toContain('If it was not you, someone may know your password: reset it now at https://acme.onlineaccess.io/forgot and call us at (303) 555-0142.');
    expect(email.html).toContain('href="https://acme.onlineaccess.io/forgot"');
    expect(email.text).not.toContain('token=');
    const staff = await emailTemplates['security-notice']({ name: 'Casey', change: 'recovery-code-used', when: 'now', detail: '9 codes are left', audience: 'agent' }, theme);
    expect(staff.text).toContain('It cannot be used again; 9 codes are left.');
    expect(staff.text).toContain('tell an owner of your team at once');
    expect(staff.html).not.toContain('/forgot');
  });
});
