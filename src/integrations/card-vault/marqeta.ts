import { PermanentError, TransientError } from '../../lib/delivery-errors';
import { parseRetryAfter } from '../../lib/retry-after';
import { fetchJson } from '../fetch-json';
import { CardNotFoundError, luhnValid, type CardVault, type RevealedCard } from './index';

export interface MarqetaOptions {
  /** Including the version, e.g. https://sandbox-api.marqeta.com/v3; a loopback server in tests. */
  baseUrl: string;
  applicationToken: string;
  adminAccessToken: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** The fields of Marqeta's card resource that we read; everything else is ignored. */
interface MarqetaCard {
  token?: unknown;
  pan?: unknown;
  last_four?: unknown;
  cvv_number?: unknown;
  expiration?: unknown;
}

/**
 * Marqeta Core API "Show card PAN": GET /cards/{token}/showpan?show_cvv_number=true, HTTP Basic
 * applicationToken:adminAccessToken, returning the card resource with `pan`, `cvv_number`,
 * `expiration` ("MMyy"), `expiration_time`, `token`, `last_four`; errors are
 * {error_message, error_code}, the code's first three digits being the HTTP status.
 * Verified against marqeta.com/docs/core-api/cards and /errors, the OpenAPI-generated clients'
 * CardsAPI.md (GetCardsTokenShowpan, CardResponse: "Expiration date in MMyy format") and
 * marqeta/marqeta-python (cards.find_show_pan, errors.MarqetaError). Raw fetch: runs on Workers.
 *
 * The PAN and CVV never reach an error message: bodies of successful responses are never quoted,
 * and long digit runs are cut out of Marqeta's own error text.
 */
export function marqetaCardVault(opts: MarqetaOptions): CardVault {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const authorization = `Basic ${btoa(`${opts.applicationToken}:${opts.adminAccessToken}`)}`;
  const doFetch = opts.fetch ?? fetch;
  return {
    provider: 'marqeta',
    async reveal(token: string): Promise<RevealedCard> {
      const url = `${baseUrl}/cards/${encodeURIComponent(token)}/showpan?show_cvv_number=true`;
      const { res, body } = await fetchJson(doFetch, 'Marqeta', url, {
        method: 'GET',
        headers: { authorization, accept: 'application/json' },
        // The borrower is waiting on this page.
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      if (res.ok) return parseCard(token, body, res.status);

      const { error_code: code, error_message: message } = (isObject(body) ? body : {}) as { error_code?: unknown; error_message?: unknown };
      const detail = `Marqeta ${res.status}${typeof code === 'string' || typeof code === 'number' ? ` ${code}` : ''}: ${
        typeof message === 'string' ? redact(message) : res.statusText || 'no error message'
      }`;
      if (res.status === 404) throw new CardNotFoundError(detail);
      // An interactive reveal queues nothing, so there is nothing to keep retrying for: fail now.
      if (res.status === 401 || res.status === 403) throw new PermanentError(`${detail} (check MARQETA_APPLICATION_TOKEN, MARQETA_ADMIN_ACCESS_TOKEN and the program's PCI access)`);
      if (res.status === 429 || res.status >= 500) throw new TransientError(detail, parseRetryAfter(res.headers.get('retry-after')));
      throw new PermanentError(detail);
    },
  };
}

function parseCard(requested: string, body: unknown, status: number): RevealedCard {
  // Every message here is fixed text: the body holds the PAN.
  const fail = (what: string) => new PermanentError(`Marqeta ${status}: ${what}`);
  if (!isObject(body)) throw fail('response was not a JSON object');
  const card = body as MarqetaCard;
  // Someone else's card must never be shown, however it came about.
  if (card.token !== undefined && card.token !== requested) throw fail('response is for a different card token');
  if (typeof card.pan !== 'string' || !/^\d{12,19}$/.test(card.pan)) throw fail('response had no full PAN (is show PAN enabled for this program?)');
  if (!luhnValid(card.pan)) throw fail('PAN in response failed the Luhn check');
  if (card.last_four !== undefined && card.last_four !== card.pan.slice(-4)) throw fail('PAN in response does not match its last_four');
  const expiry = typeof card.expiration === 'string' ? /^(0[1-9]|1[0-2])(\d{2})$/.exec(card.expiration) : null;
  if (!expiry) throw fail('response had no expiration in MMyy form');
  let cvv: string | null = null;
  if (card.cvv_number !== undefined && card.cvv_number !== null) {
    if (typeof card.cvv_number !== 'string' || !/^\d{3,4}$/.test(card.cvv_number)) throw fail('response had a malformed cvv_number');
    cvv = card.cvv_number;
  }
  // Two-digit years: a card is issued for a few years at most, so 20yy holds until 2100.
  return { pan: card.pan, expiryMonth: Number(expiry[1]), expiryYear: 2000 + Number(expiry[2]), cvv };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Marqeta's error text is logged; cut any run that could be a card number and keep it short. */
function redact(message: string): string {
  return message.replace(/\d(?:[ -]?\d){11,}/g, '[redacted]').slice(0, 200);
}
