import { PermanentError, TransientError } from '../../lib/delivery-errors';
import { parseRetryAfter } from '../../lib/retry-after';
import { fetchJson } from '../fetch-json';
import { USPS_STATES, cityCase, isZip, uspsCityStateResponse, uspsErrorMessage, uspsTokenResponse, type CityState, type ZipLookup } from './index';

export interface UspsZipOptions {
  /** https://apis.usps.com (production) or https://apis-tem.usps.com (test); a loopback server in tests. */
  baseUrl?: string;
  /** The app's Consumer Key and Consumer Secret from the USPS developer portal (Addresses product). */
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; tests move it to expire tokens. */
  now?: () => number;
  /** A person is waiting on the form: give up quickly and let them type. */
  timeoutMs?: number;
}

export const USPS_BASE_URL = 'https://apis.usps.com';

/** Without a Retry-After, a 429 still stops calls for this long: USPS quotas are per hour. */
const DEFAULT_BACKOFF_SECONDS = 60;

/**
 * USPS Addresses v3 City/State lookup: `GET /addresses/v3/city-state?ZIPCode=…` with a bearer token
 * from `POST /oauth2/v3/token` (client credentials, JSON body). The token (about 8 hours) is
 * cached and shared by concurrent lookups, renewed a little before it expires, and renewed once
 * when USPS answers 401. A 429 stops every call until its Retry-After has passed, so a busy form
 * cannot turn a rate limit into a retry storm. Errors use USPS's ErrorMessage envelope
 * (Addresses 3.0.2 OpenAPI). Raw fetch: runs on Workers.
 */
export function uspsZipLookup(opts: UspsZipOptions): ZipLookup {
  const baseUrl = (opts.baseUrl ?? USPS_BASE_URL).replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  let token: { value: string; renewAt: number } | null = null;
  let pending: Promise<string> | null = null;
  let blockedUntil = 0;

  const send = (url: string, init: RequestInit): Promise<{ res: Response; body: unknown }> => fetchJson(doFetch, 'USPS', url, { ...init, signal: AbortSignal.timeout(timeoutMs) });

  const rateLimited = (what: string, res: Response, body: unknown): TransientError => {
    const seconds = parseRetryAfter(res.headers.get('retry-after'), now()) ?? DEFAULT_BACKOFF_SECONDS;
    blockedUntil = Math.max(blockedUntil, now() + seconds * 1000);
    return new TransientError(`${what} 429: ${describe(body, res)}`, seconds);
  };

  const fetchToken = async (): Promise<string> => {
    const { res, body } = await send(`${baseUrl}/oauth2/v3/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ client_id: opts.clientId, client_secret: opts.clientSecret, grant_type: 'client_credentials', scope: 'addresses' }),
    });
    if (res.ok) {
      const parsed = uspsTokenResponse.safeParse(body);
      if (!parsed.success) throw new PermanentError(`USPS token ${res.status}: response had no access_token and expires_in`);
      const lifetimeMs = parsed.data.expires_in * 1000;
      // Renew early (a tenth of its life, at most five minutes) so no lookup carries a token that expires on the way.
      token = { value: parsed.data.access_token, renewAt: now() + lifetimeMs - Math.min(lifetimeMs / 10, 300_000) };
      return parsed.data.access_token;
    }
    if (res.status === 429) throw rateLimited('USPS token', res, body);
    if (res.status >= 500) throw new TransientError(`USPS token ${res.status}: ${describe(body, res)}`, parseRetryAfter(res.headers.get('retry-after'), now()));
    throw new PermanentError(`USPS token ${res.status}: ${describe(body, res)} (check USPS_CLIENT_ID and USPS_CLIENT_SECRET, and that the app has the Addresses product)`);
  };

  const accessToken = (): Promise<string> => {
    if (token && now() < token.renewAt) return Promise.resolve(token.value);
    // One token request however many lookups are waiting for it.
    pending ??= fetchToken().finally(() => {
      pending = null;
    });
    return pending;
  };

  const cityState = (zip: string, bearer: string) =>
    send(`${baseUrl}/addresses/v3/city-state?ZIPCode=${zip}`, { method: 'GET', headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' } });

  return {
    provider: 'usps',
    async lookup(zip: string): Promise<CityState | null> {
      if (!isZip(zip)) return null;
      const wait = Math.ceil((blockedUntil - now()) / 1000);
      if (wait > 0) throw new TransientError(`USPS rate limit: not calling again for ${wait} s`, wait);

      let bearer = await accessToken();
      let { res, body } = await cityState(zip, bearer);
      if (res.status === 401) {
        // Revoked or expired early: one new token, one more try.
        if (token?.value === bearer) token = null;
        bearer = await accessToken();
        ({ res, body } = await cityState(zip, bearer));
        if (res.status === 401) throw new PermanentError(`USPS 401: ${describe(body, res)} (a new token was refused too: check USPS_CLIENT_ID and USPS_CLIENT_SECRET)`);
      }
      if (res.ok) {
        const parsed = uspsCityStateResponse.safeParse(body);
        if (!parsed.success) throw new PermanentError(`USPS ${res.status}: response was not a city and state`);
        const { city, state, ZIPCode } = parsed.data;
        if (ZIPCode !== undefined && ZIPCode !== zip) throw new PermanentError(`USPS ${res.status}: answer is for ZIP ${ZIPCode}, not ${zip}`);
        if (!USPS_STATES.has(state)) throw new PermanentError(`USPS ${res.status}: unknown state code ${state}`);
        return { city: cityCase(city, state), state };
      }
      // 400: not a ZIP code USPS knows (the format was checked above); 404 likewise.
      if (res.status === 400 || res.status === 404) return null;
      if (res.status === 429) throw rateLimited('USPS', res, body);
      if (res.status >= 500) throw new TransientError(`USPS ${res.status}: ${describe(body, res)}`, parseRetryAfter(res.headers.get('retry-after'), now()));
      if (res.status === 403) throw new PermanentError(`USPS 403: ${describe(body, res)} (does the app have the Addresses product?)`);
      throw new PermanentError(`USPS ${res.status}: ${describe(body, res)}`);
    },
  };
}

/** USPS's own words for a failure: the ErrorMessage envelope, or OAuth's {error, error_description}. */
function describe(body: unknown, res: Response): string {
  const envelope = uspsErrorMessage.safeParse(body);
  if (envelope.success && envelope.data.error) {
    const { code, message, errors } = envelope.data.error;
    const detail = errors?.[0]?.detail ?? errors?.[0]?.title;
    const text = [code, message, detail && detail !== message ? `(${detail})` : ''].filter(Boolean).join(' ');
    if (text) return clip(text);
  }
  if (typeof body === 'object' && body !== null) {
    const { error, error_description: description } = body as { error?: unknown; error_description?: unknown };
    if (typeof error === 'string') return clip(typeof description === 'string' ? `${error}: ${description}` : error);
  }
  return res.statusText || 'no error message';
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
