/**
 * US ZIP code → city and state, to fill address forms. Implementations: USPS Addresses v3
 * `GET /addresses/v3/city-state` (real, fetch, OAuth client credentials) and the offline table
 * `zip_codes` (real USPS ZIP Locale Detail data, no network). docs/decisions/0008-zip-lookup.md.
 */
import { z } from 'zod';

export interface CityState {
  /** Title case ("Beverly Hills"), whichever implementation answers; military post offices stay "APO", "FPO", "DPO". */
  city: string;
  /** Two capital letters: a state, DC, a territory (PR, GU…) or a military region (AA, AE, AP). */
  state: string;
}

export interface ZipLookup {
  /** "offline", "usps", or "offline+usps" (the table first, USPS for what it lacks). */
  readonly provider: string;
  /**
   * The city and state of a 5-digit ZIP code, or null when the ZIP is not one (malformed, or no
   * such ZIP code): nothing to fill. Throws TransientError (the provider is down or rate-limited;
   * retryAfterSeconds when it said) or PermanentError (misconfigured credentials, an answer we
   * cannot trust): the person types the city and state.
   */
  lookup(zip: string): Promise<CityState | null>;
}

/** Five digits, and nothing else: what every lookup accepts (a ZIP+4 is cut to its first five by the caller). */
export function isZip(value: string): boolean {
  return /^\d{5}$/.test(value);
}

/** USPS state codes, from the Addresses 3.0.2 OpenAPI `state` pattern. */
export const USPS_STATES = new Set(
  'AA AE AL AK AP AS AZ AR CA CO CT DE DC FM FL GA GU HI ID IL IN IA KS KY LA ME MH MD MA MI MN MS MO MP MT NE NV NH NJ NM NY NC ND OH OK OR PW PA PR RI SC SD TN TX UT VT VI VA WA WV WI WY'.split(' '),
);

const MILITARY = new Set(['AA', 'AE', 'AP']);

/**
 * One spelling for every source: USPS answers in capitals ("BEVERLY HILLS"), the offline data in
 * title case. Military "cities" (APO, FPO, DPO) are acronyms and stay in capitals.
 */
export function cityCase(city: string, state: string): string {
  const trimmed = city.trim().replace(/\s+/g, ' ');
  if (MILITARY.has(state)) return trimmed.toUpperCase();
  return trimmed.toLowerCase().replace(/(^|[\s-])([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());
}

/** USPS `CityStateResponse` (Addresses 3.0.2 OpenAPI): city 1–28 characters, state 2; newer responses add the ZIPCode asked about. */
export const uspsCityStateResponse = z.looseObject({
  city: z.string().trim().min(1).max(28),
  state: z.string().regex(/^[A-Z]{2}$/),
  ZIPCode: z.string().regex(/^\d{5}$/).optional(),
});

/** USPS `ErrorMessage` envelope: `{apiVersion, error: {code, message, errors: [{status, code, title, detail, source}]}}`. */
export const uspsErrorMessage = z.looseObject({
  apiVersion: z.string().optional(),
  error: z
    .looseObject({
      code: z.string().optional(),
      message: z.string().optional(),
      errors: z.array(z.looseObject({ status: z.string().optional(), code: z.string().optional(), title: z.string().optional(), detail: z.string().optional() })).optional(),
    })
    .optional(),
});

/** USPS `POST /oauth2/v3/token` (client credentials): the fields we use; expires_in is seconds (about 8 hours). */
export const uspsTokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive(),
});
