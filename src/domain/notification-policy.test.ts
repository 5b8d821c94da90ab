import { describe, expect, it } from 'vitest';
import { accountMessageDecision, EMAIL_TEMPLATE_PURPOSE } from './notification-policy';

const link = (accountId: string, displayId: string, emailAccess: boolean, smsAccess = false) => ({ accountId, displayId, emailAccess, smsAccess });

describe('accountMessageDecision', () => {
  const links = [link('a1', 'AL-204817', false, true), link('a2', 'PL-118342', true), link('a3', 'LC-550921', false)];

  it('sends only while the channel is on for every account the message is about', () => {
    expect(accountMessageDecision('email', ['a2'], links)).toEqual({ send: true });
    expect(accountMessageDecision('email', ['a1'], links)).toEqual({ send: false, reason: 'email access is off for AL-204817' });
    expect(accountMessageDecision('email', ['a2', 'a1', 'a3', 'a1'], links)).toEqual({ send: false, reason: 'email access is off for AL-204817 and LC-550921' });
    expect(accountMessageDecision('sms', ['a1'], links)).toEqual({ send: true });
    expect(accountMessageDecision('sms', ['a2'], links)).toEqual({ send: false, reason: 'SMS access is off for PL-118342' });
  });

  it('counts an account the customer is no longer linked to as off, and a message about no account as not sendable', () => {
    expect(accountMessageDecision('email', ['a2', 'gone'], links, { gone: 'AL-100001' })).toEqual({ send: false, reason: 'the customer is no longer linked to AL-100001' });
    expect(accountMessageDecision('email', [], links).send).toBe(false);
  });

  it('classes every template: security ones are never held back by an account switch', () => {
    expect(Object.entries(EMAIL_TEMPLATE_PURPOSE).filter(([, p]) => p === 'account').map(([t]) => t)).toEqual(['payment-notice']);
    for (const t of ['password-reset', 'set-password', 'sign-in-code', 'email-change-code', 'security-notice'] as const) expect(EMAIL_TEMPLATE_PURPOSE[t]).toBe('security');
  });
});
