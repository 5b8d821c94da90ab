import { describe, expect, it } from 'vitest';
import { passwordProblem, passwordRules } from './password-policy';
import { sha256Hex } from '../lib/hash';
import { signLinkToken, verifyLinkToken } from './tokens';

const secret = 'a-test-secret-that-is-long-enough-0123456789';

describe('link tokens', () => {
  it('verify only for their tenant, purpose and lifetime', async () => {
    const now = new Date('2026-11-22T10:00:00Z');
    const jwt = await signLinkToken(secret, { tenantId: 't1', tokenId: 'tok1', purpose: 'password-reset' }, new Date(now.getTime() + 30 * 60_000));
    expect(await verifyLinkToken(secret, jwt, { tenantId: 't1', purposes: ['password-reset'], now })).toEqual({ tokenId: 'tok1', purpose: 'password-reset' });
    expect(await verifyLinkToken(secret, jwt, { tenantId: 't2', purposes: ['password-reset'], now })).toBeNull();
    expect(await verifyLinkToken(secret, jwt, { tenantId: 't1', purposes: ['set-password'], now })).toBeNull();
    expect(await verifyLinkToken(secret, jwt, { tenantId: 't1', purposes: ['password-reset'], now: new Date(now.getTime() + 31 * 60_000) })).toBeNull();
    expect(await verifyLinkToken('another-secret-that-is-long-enough-012345', jwt, { tenantId: 't1', purposes: ['password-reset'], now })).toBeNull();
    expect(await verifyLinkToken(secret, `${jwt}x`, { tenantId: 't1', purposes: ['password-reset'], now })).toBeNull();
    expect(await verifyLinkToken(secret, 'not a jwt', { tenantId: 't1', purposes: ['password-reset'], now })).toBeNull();
  });

  it('hashes session tokens with SHA-256', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('password policy', () => {
  it('accepts long, uncommon passwords of any characters', () => {
    expect(passwordProblem('correct horse battery staple')).toBeNull();
    expect(passwordProblem('ünïcødé-pässwörd')).toBeNull();
  });
  it('explains what is wrong', () => {
    expect(passwordProblem('short')).toMatch(/at least 8/);
    expect(passwordProblem('x'.repeat(129))).toMatch(/at most 128/);
    expect(passwordProblem('Password123')).toMatch(/too common/);
    expect(passwordProblem('aaaaaaaaaa')).toMatch(/too common/);
    expect(passwordProblem('jordan.rivera-2026', 'jordan.rivera@example.com')).toMatch(/email/);
  });
  it('reports each rule for the live checklist', () => {
    expect(passwordRules('abc').map((r) => [r.id, r.met])).toEqual([['length', false], ['max', true], ['common', true], ['email', true]]);
  });
});
