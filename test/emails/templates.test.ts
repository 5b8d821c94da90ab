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
    expect(emailMessage.safeParse({ ...base, template: 'staff-invitation', data: { name: 'C', inviterName: 'M', role: 'Agent', link: 'https://x.example/admin/invitation?token=t', days: 7 } }).success).toBe(true);
    expect(emailMessage.safeParse({ ...base, template: 'staff-invitation', data: { name: 'C', inviterName: 'M', role: 'Agent', link: 'not a link', days: 7 } }).success).toBe(false);
    expect(emailMessage.safeParse({ ...base, template: 'nope', data: {} }).success).toBe(false);
    expect(emailMessage.safeParse({ ...base, to: 'not-an-address', template: 'test', data: { note: '' } }).success).toBe(false);
  });
});
