import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardNotFoundError, luhnValid, type CardVault } from '../../src/integrations/card-vault';
import { marqetaCardVault } from '../../src/integrations/card-vault/marqeta';
import { sandboxCardDetails, sandboxCardToken, sandboxCardVault } from '../../src/integrations/card-vault/sandbox';
import { cardVaultFor } from '../../src/integrations/card-vault/select';
import { PermanentError, TransientError } from '../../src/lib/delivery-errors';
import { createLogger } from '../../src/lib/logger';

const APP_TOKEN = 'app-token-0001';
const ADMIN_TOKEN = 'admin-access-token-0001';
const SECRET = 'sandbox-secret-for-tests-only-0123456789';

/** Marqeta's card resource as "Show card PAN" returns it (abridged to the documented fields we care about). */
const card = (token: string, pan: string, extra: Record<string, unknown> = {}) => ({
  token,
  user_token: 'user_0001',
  card_product_token: 'cp_0001',
  last_four: pan.slice(-4),
  pan,
  expiration: '0629',
  expiration_time: '2029-06-30T23:59:59Z',
  cvv_number: '123',
  barcode: '00000000000000000001',
  pin_is_set: false,
  state: 'ACTIVE',
  state_reason: 'Activated',
  fulfillment_status: 'DIGITALLY_PRESENTED',
  instrument_type: 'VIRTUAL_PAN',
  expedite: false,
  created_time: '2026-01-05T17:00:00Z',
  last_modified_time: '2026-01-05T17:00:00Z',
  ...extra,
});

// PANs the fake holds; tests check none of them leaks into an error.
const PANS = { visa: '4111111111111111', mc: '5555555555554444', amex: '378282246310005', badLuhn: '4111111111111112' };

/**
 * A loopback server speaking Marqeta's documented showpan API. Errors are {error_message,
 * error_code} with the code's first three digits the HTTP status (documented); the exact codes and
 * messages below are illustrative.
 */
function fakeMarqeta() {
  const received: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) => reply(status, { error_message: message, error_code: code }, headers);

    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/v3\/cards\/([^/]+)\/showpan$/.exec(url.pathname);
    if (req.method !== 'GET' || !match) return error(404, '404000', 'Resource not found');
    if (req.headers.authorization !== `Basic ${Buffer.from(`${APP_TOKEN}:${ADMIN_TOKEN}`).toString('base64')}`) return error(401, '401000', 'Invalid credentials');
    if (!String(req.headers.accept).includes('application/json')) return error(406, '406000', 'Not acceptable');
    const token = decodeURIComponent(match[1]!);
    const showCvv = url.searchParams.get('show_cvv_number') === 'true';
    const withCvv = (body: ReturnType<typeof card>) => {
      if (!showCvv) delete (body as Partial<typeof body>).cvv_number;
      return body;
    };
    switch (token) {
      case 'card_visa':
        return reply(200, withCvv(card(token, PANS.visa)));
      case 'card_mc':
        return reply(200, withCvv(card(token, PANS.mc, { expiration: '1231', expiration_time: '2031-12-31T23:59:59Z', cvv_number: '987' })));
      case 'card_amex':
        return reply(200, withCvv(card(token, PANS.amex, { cvv_number: '4321' })));
      case 'card/with space?&x':
        return reply(200, withCvv(card(token, PANS.visa)));
      case 'card_no_program_pci':
        return error(403, '403000', 'Access to the requested resource is denied');
      case 'card_rate_limited':
        return error(429, '429000', 'Too many requests', { 'retry-after': '7' });
      case 'card_platform_error':
        return error(500, '500000', 'An error occurred that could not be handled by the application');
      case 'card_gateway':
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<html><body>Bad Gateway</body></html>');
      case 'card_bad_request':
        return error(400, '400000', `Invalid input near ${PANS.mc}`);
      case 'card_hangs':
        return; // never answers: only the client's timeout ends this
      // Malformed successes, each carrying a PAN that must not leak.
      case 'card_bad_luhn':
        return reply(200, card(token, PANS.badLuhn));
      case 'card_masked':
        return reply(200, card(token, '411111______1111'));
      case 'card_no_pan':
        return reply(200, { ...card(token, PANS.visa), pan: undefined });
      case 'card_wrong_token':
        return reply(200, card('someone_elses_card', PANS.mc));
      case 'card_wrong_last_four':
        return reply(200, card(token, PANS.visa, { last_four: '4444' }));
      case 'card_bad_expiry':
        return reply(200, card(token, PANS.visa, { expiration: '1329' }));
      case 'card_bad_cvv':
        return reply(200, card(token, PANS.visa, { cvv_number: '12' }));
      case 'card_html_200':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(`<html>${PANS.visa}</html>`);
      default:
        return error(404, '404000', 'Cannot find card');
    }
  });
  return { server, received };
}

/** Every rendering of an error a log could hold (the logger's line includes the stack), for leak checks. */
function renderings(err: unknown): string {
  const lines: string[] = [];
  createLogger({ write: (line) => lines.push(line) }).error('card reveal failed', { err });
  return [String(err), (err as Error).stack ?? '', JSON.stringify(err), ...lines].join('\n');
}

const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e);

describe('CardVault contract', () => {
  const fake = fakeMarqeta();
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/v3`;
  });
  afterAll(() => {
    fake.server.closeAllConnections();
    return new Promise<void>((r) => fake.server.close(() => r()));
  });

  const sandboxToken = sandboxCardToken();
  const implementations: [string, () => CardVault, string][] = [
    ['marqeta', () => marqetaCardVault({ baseUrl, applicationToken: APP_TOKEN, adminAccessToken: ADMIN_TOKEN }), 'card_visa'],
    ['sandbox', () => sandboxCardVault(SECRET), sandboxToken],
  ];
  for (const [name, make, known] of implementations) {
    it(`${name}: reveals a Luhn-valid PAN with expiry and CVV, and names its provider`, async () => {
      const vault = make();
      expect(vault.provider).toBe(name);
      const revealed = await vault.reveal(known);
      expect(revealed.pan).toMatch(/^\d{12,19}$/);
      expect(luhnValid(revealed.pan)).toBe(true);
      expect(revealed.expiryMonth).toBeGreaterThanOrEqual(1);
      expect(revealed.expiryMonth).toBeLessThanOrEqual(12);
      expect(revealed.expiryYear).toBeGreaterThanOrEqual(2000);
      expect(revealed.cvv).toMatch(/^\d{3,4}$/);
    });

    it(`${name}: an unknown card is CardNotFoundError`, async () => {
      const err = await failure(make().reveal('no_such_card'));
      expect(err).toBeInstanceOf(CardNotFoundError);
      expect((err as Error).name).toBe('CardNotFoundError');
    });
  }

  describe('Marqeta over HTTP', () => {
    const vault = (extra: Partial<Parameters<typeof marqetaCardVault>[0]> = {}) =>
      marqetaCardVault({ baseUrl, applicationToken: APP_TOKEN, adminAccessToken: ADMIN_TOKEN, ...extra });

    it('sends the documented GET with Basic auth and asks for the CVV', async () => {
      await vault().reveal('card_visa');
      const last = fake.received.at(-1)!;
      expect(last.method).toBe('GET');
      expect(last.url).toBe('/v3/cards/card_visa/showpan?show_cvv_number=true');
      expect(last.headers.authorization).toBe(`Basic ${btoa(`${APP_TOKEN}:${ADMIN_TOKEN}`)}`);
      expect(last.headers.accept).toBe('application/json');
    });

    it('parses pan, cvv_number and the MMyy expiration', async () => {
      expect(await vault().reveal('card_visa')).toEqual({ pan: PANS.visa, expiryMonth: 6, expiryYear: 2029, cvv: '123' });
      expect(await vault().reveal('card_mc')).toEqual({ pan: PANS.mc, expiryMonth: 12, expiryYear: 2031, cvv: '987' });
      expect(await vault().reveal('card_amex')).toEqual({ pan: PANS.amex, expiryMonth: 6, expiryYear: 2029, cvv: '4321' });
    });

    it('URL-encodes the token in the path and tolerates a trailing slash on the base URL', async () => {
      expect((await vault({ baseUrl: `${baseUrl}/` }).reveal('card/with space?&x')).pan).toBe(PANS.visa);
      expect(fake.received.at(-1)!.url).toBe('/v3/cards/card%2Fwith%20space%3F%26x/showpan?show_cvv_number=true');
    });

    it('maps 404 to CardNotFoundError, carrying Marqeta\'s code and message', async () => {
      await expect(vault().reveal('card_gone')).rejects.toThrow(new CardNotFoundError('Marqeta 404 404000: Cannot find card'));
    });

    it('maps rejected credentials and a forbidden program to PermanentError naming the settings', async () => {
      const bad = await failure(vault({ adminAccessToken: 'wrong' }).reveal('card_visa'));
      expect(bad).toBeInstanceOf(PermanentError);
      expect((bad as Error).message).toMatch(/^Marqeta 401 401000: Invalid credentials \(check MARQETA_APPLICATION_TOKEN, MARQETA_ADMIN_ACCESS_TOKEN/);
      await expect(vault().reveal('card_no_program_pci')).rejects.toThrow(PermanentError);
      await expect(vault().reveal('card_no_program_pci')).rejects.toThrow(/^Marqeta 403 403000: Access to the requested resource is denied/);
    });

    it('maps 429 to TransientError honouring Retry-After, and 5xx to TransientError', async () => {
      const limited = await failure(vault().reveal('card_rate_limited'));
      expect(limited).toBeInstanceOf(TransientError);
      expect((limited as TransientError).message).toBe('Marqeta 429 429000: Too many requests');
      expect((limited as TransientError).retryAfterSeconds).toBe(7);
      await expect(vault().reveal('card_platform_error')).rejects.toThrow(new TransientError('Marqeta 500 500000: An error occurred that could not be handled by the application'));
      const gateway = await failure(vault().reveal('card_gateway'));
      expect(gateway).toBeInstanceOf(TransientError);
      expect((gateway as Error).message).toBe('Marqeta 502: Bad Gateway');
    });

    it('maps other 4xx to PermanentError, cutting card-number-like runs out of Marqeta\'s text', async () => {
      const err = await failure(vault().reveal('card_bad_request'));
      expect(err).toBeInstanceOf(PermanentError);
      expect((err as Error).message).toBe('Marqeta 400 400000: Invalid input near [redacted]');
    });

    it('treats an unreachable host and a timeout as transient', async () => {
      await expect(vault({ baseUrl: 'http://127.0.0.1:9/v3' }).reveal('card_visa')).rejects.toBeInstanceOf(TransientError);
      const started = Date.now();
      await expect(vault({ timeoutMs: 100 }).reveal('card_hangs')).rejects.toThrow(/Marqeta unreachable: .*(timeout|aborted)/i);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('refuses a success it cannot trust with PermanentError', async () => {
      const cases: [string, RegExp][] = [
        ['card_bad_luhn', /Luhn/],
        ['card_masked', /no full PAN/],
        ['card_no_pan', /no full PAN/],
        ['card_wrong_token', /different card token/],
        ['card_wrong_last_four', /last_four/],
        ['card_bad_expiry', /expiration/],
        ['card_bad_cvv', /cvv_number/],
        ['card_html_200', /not a JSON object/],
      ];
      for (const [token, message] of cases) {
        const err = await failure(vault().reveal(token));
        expect(err, token).toBeInstanceOf(PermanentError);
        expect((err as Error).message, token).toMatch(message);
      }
    });

    it('never puts a PAN or CVV in an error, its stack or its log line', async () => {
      const tokens = ['card_bad_luhn', 'card_masked', 'card_wrong_token', 'card_wrong_last_four', 'card_bad_expiry', 'card_bad_cvv', 'card_html_200', 'card_bad_request', 'card_gone', 'card_platform_error'];
      for (const token of tokens) {
        const err = await failure(vault().reveal(token));
        const text = renderings(err);
        for (const pan of Object.values(PANS)) expect(text, token).not.toContain(pan);
        // CVVs only in the message: a stack's line numbers could be any three digits.
        expect((err as Error).message, token).not.toMatch(/\b(123|987|4321)\b/);
      }
    });

    it('omits the CVV when Marqeta returns none', async () => {
      const noCvv = marqetaCardVault({
        baseUrl,
        applicationToken: APP_TOKEN,
        adminAccessToken: ADMIN_TOKEN,
        fetch: (input, init) => fetch(String(input).replace('show_cvv_number=true', 'show_cvv_number=false'), init),
      });
      expect(await noCvv.reveal('card_visa')).toEqual({ pan: PANS.visa, expiryMonth: 6, expiryYear: 2029, cvv: null });
    });
  });

  describe('sandbox', () => {
    it('makes sbx_ tokens of 24 hex characters, all different', () => {
      const tokens = new Set(Array.from({ length: 200 }, () => sandboxCardToken()));
      expect(tokens.size).toBe(200);
      for (const t of tokens) expect(t).toMatch(/^sbx_[0-9a-f]{24}$/);
    });

    it('reveals the same card for the same token and secret, on every call and every instance', async () => {
      const token = sandboxCardToken();
      const first = await sandboxCardVault(SECRET).reveal(token);
      expect(await sandboxCardVault(SECRET).reveal(token)).toEqual(first);
      expect(await sandboxCardVault(SECRET).reveal(token)).toEqual(first);
    });

    it('derives 16-digit Luhn-valid test PANs under BIN 400000, a 3-digit CVV and an expiry in 2030–2035', async () => {
      for (let i = 0; i < 100; i++) {
        const c = await sandboxCardVault(SECRET).reveal(sandboxCardToken());
        expect(c.pan).toMatch(/^400000\d{10}$/);
        expect(luhnValid(c.pan)).toBe(true);
        expect(c.cvv).toMatch(/^\d{3}$/);
        expect(c.expiryMonth).toBeGreaterThanOrEqual(1);
        expect(c.expiryMonth).toBeLessThanOrEqual(12);
        expect(c.expiryYear).toBeGreaterThanOrEqual(2030);
        expect(c.expiryYear).toBeLessThanOrEqual(2035);
      }
    });

    it('gives the seeder the last four and expiry that reveal will show', async () => {
      for (let i = 0; i < 20; i++) {
        const token = sandboxCardToken();
        const { last4, ...details } = await sandboxCardDetails(SECRET, token);
        const revealed = await sandboxCardVault(SECRET).reveal(token);
        expect(last4).toBe(revealed.pan.slice(-4));
        expect(details).toEqual(revealed);
      }
    });

    it('differs between tokens and between secrets', async () => {
      const pans = await Promise.all(Array.from({ length: 50 }, async () => (await sandboxCardVault(SECRET).reveal(sandboxCardToken())).pan));
      expect(new Set(pans).size).toBe(50);
      const token = sandboxCardToken();
      expect((await sandboxCardVault(SECRET).reveal(token)).pan).not.toBe((await sandboxCardVault(`${SECRET}-other`).reveal(token)).pan);
    });

    it('knows only sbx_ tokens', async () => {
      for (const token of ['card_visa', '', 'sbx_', 'SBX_0123456789abcdef01234567', 'sbx']) {
        await expect(sandboxCardVault(SECRET).reveal(token), token).rejects.toBeInstanceOf(CardNotFoundError);
      }
      expect(() => sandboxCardVault('')).toThrow(/secret/);
    });
  });

  describe('cardVaultFor', () => {
    it('is the sandbox unless configured for Marqeta', () => {
      expect(cardVaultFor({ TOKEN_SECRET: SECRET }).provider).toBe('sandbox');
      expect(cardVaultFor({ CARD_VAULT: 'sandbox', TOKEN_SECRET: SECRET }).provider).toBe('sandbox');
    });

    it('builds the Marqeta vault from its settings, with the given fetch', async () => {
      const calls: string[] = [];
      const vault = cardVaultFor(
        { CARD_VAULT: 'marqeta', MARQETA_BASE_URL: baseUrl, MARQETA_APPLICATION_TOKEN: APP_TOKEN, MARQETA_ADMIN_ACCESS_TOKEN: ADMIN_TOKEN, TOKEN_SECRET: SECRET },
        (input, init) => {
          calls.push(String(input));
          return fetch(input, init);
        },
      );
      expect(vault.provider).toBe('marqeta');
      expect((await vault.reveal('card_mc')).pan).toBe(PANS.mc);
      expect(calls).toEqual([`${baseUrl}/cards/card_mc/showpan?show_cvv_number=true`]);
    });

    it('refuses Marqeta without all three settings', () => {
      expect(() => cardVaultFor({ CARD_VAULT: 'marqeta', MARQETA_BASE_URL: baseUrl, MARQETA_APPLICATION_TOKEN: APP_TOKEN, TOKEN_SECRET: SECRET })).toThrow(
        /MARQETA_ADMIN_ACCESS_TOKEN: required when CARD_VAULT is marqeta/,
      );
    });
  });
});
