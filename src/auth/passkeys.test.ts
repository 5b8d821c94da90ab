import { describe, expect, it } from 'vitest';
import { b64url, FLAG_AT, FLAG_UP, softAuthenticator, utf8 } from '../../test/support/soft-authenticator';
import { authenticationOptions, credentialIdOf, originFor, registrationOptions, rpIdFor, verifyAuthentication, verifyRegistration, type StoredPasskey } from './passkeys';

const site = new URL('http://demo.localhost:8787/security/passkeys');
const rp = { expectedOrigin: originFor(site), expectedRpId: rpIdFor(site) };

describe('rpIdFor / originFor', () => {
  it('uses the host name (no port) as RP ID and the full origin', () => {
    expect(rpIdFor(site)).toBe('demo.localhost');
    expect(originFor(site)).toBe('http://demo.localhost:8787');
    const prod = new URL('https://Sunrise.Portal.Example/login?next=/x');
    expect(rpIdFor(prod)).toBe('sunrise.portal.example');
    expect(originFor(prod)).toBe('https://sunrise.portal.example');
  });
});

describe('registrationOptions', () => {
  it('asks for a discoverable, user-verified passkey on the tenant host, excluding existing ones', async () => {
    const options = await registrationOptions({
      rpName: 'Sunrise Online Access',
      rpId: 'demo.localhost',
      user: { id: 'cus_123', name: 'jordan.rivera@example.com', displayName: 'Jordan Rivera' },
      existing: [{ id: 'AAEC', transports: ['internal', 'hybrid', 'bogus'] }, { id: 'AwQF' }],
    });
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(options.rp).toEqual({ name: 'Sunrise Online Access', id: 'demo.localhost' });
    expect(options.user).toEqual({ id: b64url(utf8('cus_123')), name: 'jordan.rivera@example.com', displayName: 'Jordan Rivera' });
    expect(options.attestation).toBe('none');
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'preferred', userVerification: 'preferred' });
    expect(options.excludeCredentials).toEqual([
      { id: 'AAEC', type: 'public-key', transports: ['internal', 'hybrid'] },
      { id: 'AwQF', type: 'public-key' },
    ]);
    expect(options.pubKeyCredParams.map((p) => p.alg)).toContain(-7);
  });

  it('gives a fresh challenge every time and refuses an over-long user handle', async () => {
    const opts = { rpName: 'X', rpId: 'demo.localhost', user: { id: 'u', name: 'u', displayName: 'u' }, existing: [] };
    const [a, b] = await Promise.all([registrationOptions(opts), registrationOptions(opts)]);
    expect(a.challenge).not.toBe(b.challenge);
    expect(a.excludeCredentials).toEqual([]);
    await expect(registrationOptions({ ...opts, user: { ...opts.user, id: 'x'.repeat(65) } })).rejects.toThrow(/64 bytes/);
  });
});

describe('authenticationOptions', () => {
  it('with no allow list asks for a discoverable passkey (usernameless)', async () => {
    const options = await authenticationOptions({ rpId: 'demo.localhost' });
    expect(options.rpId).toBe('demo.localhost');
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(options.userVerification).toBe('preferred');
    expect(options.allowCredentials ?? []).toEqual([]);
    expect((await authenticationOptions({ rpId: 'demo.localhost', allow: [] })).allowCredentials ?? []).toEqual([]);
  });

  it('maps an allow list to credential descriptors', async () => {
    const options = await authenticationOptions({ rpId: 'demo.localhost', allow: [{ id: 'AAEC', transports: ['usb'] }] });
    expect(options.allowCredentials).toEqual([{ id: 'AAEC', type: 'public-key', transports: ['usb'] }]);
  });
});

const garbage: unknown[] = [
  undefined,
  null,
  '',
  'not json',
  42,
  [],
  {},
  { id: 'AAEC' },
  { id: 'AAEC', rawId: 'AAEC', type: 'public-key', response: {} },
  { id: 'AAEC', rawId: 'AAEC', type: 'public-key', response: { clientDataJSON: 'not base64!', attestationObject: 'AAAA', authenticatorData: 'AAAA' } },
  { id: 'AAEC', rawId: 'AAEC', type: 'public-key', response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' } },
  { id: 'AAEC', rawId: 'AAEC', type: 'public-key', response: { clientDataJSON: b64url(utf8('{"type":"webauthn.create"')), attestationObject: 'oA', authenticatorData: 'oA', signature: 'oA' } },
  { id: 'AAEC', rawId: 'AAEC', type: 'not-public-key', response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA', authenticatorData: 'AAAA' } },
];

describe('verification refuses bad input without throwing', () => {
  const stored: StoredPasskey = { id: 'AAEC', publicKey: 'pQECAyYgASFYIA', counter: 0, transports: [] };
  for (const [i, response] of garbage.entries()) {
    it(`garbage #${i}`, async () => {
      const reg = await verifyRegistration({ response, expectedChallenge: 'abc', ...rp });
      expect(reg.ok).toBe(false);
      if (!reg.ok) expect(reg.reason).toEqual(expect.any(String));
      const auth = await verifyAuthentication({ response, expectedChallenge: 'abc', ...rp, credential: stored });
      expect(auth.ok).toBe(false);
    });
  }

  it('credentialIdOf reads only a well-formed id', () => {
    expect(credentialIdOf({ id: 'AAEC' })).toBe('AAEC');
    expect(credentialIdOf({ id: 'AA/EC' })).toBeNull();
    expect(credentialIdOf({ id: 5 })).toBeNull();
    expect(credentialIdOf(null)).toBeNull();
    expect(credentialIdOf('AAEC')).toBeNull();
  });
});

describe('ceremonies with a software authenticator', () => {
  async function registered() {
    const authr = await softAuthenticator();
    const options = await registrationOptions({ rpName: 'Sunrise', rpId: rp.expectedRpId, user: { id: 'user-1', name: 'j@example.com', displayName: 'J' }, existing: [] });
    const response = authr.register({ challenge: options.challenge, origin: rp.expectedOrigin, rpId: rp.expectedRpId });
    const result = await verifyRegistration({ response, expectedChallenge: options.challenge, ...rp });
    if (!result.ok) throw new Error(result.reason);
    return { authr, credential: result.credential };
  }

  it('registers: the stored form is base64url id and key, counter and transports', async () => {
    const { authr, credential } = await registered();
    expect(credential.id).toBe(authr.id);
    expect(credential.publicKey).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(credential.counter).toBe(0);
    expect(credential.transports).toEqual(['internal']);
  });

  it('refuses a registration for another challenge, origin or RP ID, or without user verification', async () => {
    const authr = await softAuthenticator();
    const ok = { challenge: 'c2VydmVyLWNoYWxsZW5nZQ', origin: rp.expectedOrigin, rpId: rp.expectedRpId };
    const check = (over: Partial<typeof ok> & { flags?: number }) => verifyRegistration({ response: authr.register({ ...ok, ...over }), expectedChallenge: ok.challenge, ...rp });
    expect((await check({})).ok).toBe(true);
    expect(await check({ challenge: 'b3RoZXI' })).toMatchObject({ ok: false, reason: expect.stringMatching(/challenge/) });
    expect(await check({ origin: 'http://evil.localhost:8787' })).toMatchObject({ ok: false, reason: expect.stringMatching(/origin/) });
    expect(await check({ rpId: 'other.localhost' })).toMatchObject({ ok: false, reason: expect.stringMatching(/RP ID/i) });
    expect(await check({ flags: FLAG_UP | FLAG_AT })).toMatchObject({ ok: false, reason: expect.stringMatching(/verif/) });
  });

  it('keeps only known transports from the untrusted response, and accepts a stored row with none', async () => {
    const authr = await softAuthenticator();
    const options = await registrationOptions({ rpName: 'S', rpId: rp.expectedRpId, user: { id: 'u', name: 'u', displayName: 'u' }, existing: [{ id: 'AAEC', transports: null }] });
    expect(options.excludeCredentials).toEqual([{ id: 'AAEC', type: 'public-key' }]);
    const response = authr.register({ challenge: options.challenge, origin: rp.expectedOrigin, rpId: rp.expectedRpId });
    const junk = { ...response, response: { ...response.response, transports: ['usb', '<script>', 7, 'usb'] } };
    expect(await verifyRegistration({ response: junk, expectedChallenge: options.challenge, ...rp })).toMatchObject({ ok: true, credential: { transports: ['usb'] } });
    const notAList = { ...response, response: { ...response.response, transports: 'usb' } };
    const reg = await verifyRegistration({ response: notAList, expectedChallenge: options.challenge, ...rp });
    expect(reg).toMatchObject({ ok: true, credential: { transports: [] } });
    if (!reg.ok) return;
    const assertion = await authr.authenticate({ challenge: 'Y2hhbA', origin: rp.expectedOrigin, rpId: rp.expectedRpId, counter: 0 });
    expect(await verifyAuthentication({ response: assertion, expectedChallenge: 'Y2hhbA', ...rp, credential: { ...reg.credential, transports: null } })).toEqual({ ok: true, newCounter: 0 });
  });

  it('authenticates, and returns the new counter', async () => {
    const { authr, credential } = await registered();
    const options = await authenticationOptions({ rpId: rp.expectedRpId });
    const response = await authr.authenticate({ challenge: options.challenge, origin: rp.expectedOrigin, rpId: rp.expectedRpId, counter: 7 });
    expect(credentialIdOf(response)).toBe(credential.id);
    expect(await verifyAuthentication({ response, expectedChallenge: options.challenge, ...rp, credential })).toEqual({ ok: true, newCounter: 7 });
  });

  it('refuses a replayed or backwards counter as a possible clone; zero counters stay fine', async () => {
    const { authr, credential } = await registered();
    const at = (counter: number, stored: number) =>
      authr
        .authenticate({ challenge: 'Y2hhbA', origin: rp.expectedOrigin, rpId: rp.expectedRpId, counter })
        .then((response) => verifyAuthentication({ response, expectedChallenge: 'Y2hhbA', ...rp, credential: { ...credential, counter: stored } }));
    expect(await at(4, 5)).toEqual({ ok: false, reason: 'possible cloned authenticator' });
    expect(await at(5, 5)).toEqual({ ok: false, reason: 'possible cloned authenticator' });
    expect(await at(6, 5)).toEqual({ ok: true, newCounter: 6 });
    // Synced passkeys always report 0: that is not a clone signal.
    expect(await at(0, 0)).toEqual({ ok: true, newCounter: 0 });
  });

  it('refuses the wrong challenge, origin, RP ID, key, passkey or a missing user verification', async () => {
    const { authr, credential } = await registered();
    const other = await registered();
    const ok = { challenge: 'Y2hhbA', origin: rp.expectedOrigin, rpId: rp.expectedRpId, counter: 1 };
    const check = async (over: Partial<typeof ok> & { flags?: number }, cred: StoredPasskey = credential) =>
      verifyAuthentication({ response: await authr.authenticate({ ...ok, ...over }), expectedChallenge: ok.challenge, ...rp, credential: cred });
    expect((await check({})).ok).toBe(true);
    expect((await check({ challenge: 'b3RoZXI' })).ok).toBe(false);
    const noChallenge = await verifyAuthentication({ response: await authr.authenticate(ok), expectedChallenge: '', ...rp, credential });
    expect(noChallenge).toEqual({ ok: false, reason: 'no challenge was issued' });
    expect((await check({ origin: 'http://evil.localhost:8787' })).ok).toBe(false);
    expect((await check({ rpId: 'other.localhost' })).ok).toBe(false);
    expect((await check({ flags: FLAG_UP })).ok).toBe(false);
    // Another passkey's public key under this id: the signature does not verify.
    expect(await check({}, { ...credential, publicKey: other.credential.publicKey })).toMatchObject({ ok: false });
    // A response for one passkey checked against another stored passkey.
    expect(await check({}, other.credential)).toEqual({ ok: false, reason: 'response is for a different passkey' });
    expect(await check({}, { ...credential, publicKey: '***' })).toMatchObject({ ok: false });
  });
});
