import type { Db } from '../../db/client';
import type { CityState, ZipLookup } from './index';
import { offlineZipLookup } from './offline';
import { uspsZipLookup } from './usps';

/** The settings zipLookupFor reads; a structural slice of Config so either host can pass its own. */
export interface ZipLookupConfig {
  ZIP_LOOKUP?: 'offline' | 'usps';
  USPS_CLIENT_ID?: string;
  USPS_CLIENT_SECRET?: string;
  /** https://apis.usps.com unless set (https://apis-tem.usps.com for USPS's test environment; a loopback server in tests). */
  USPS_BASE_URL?: string;
}

/**
 * The configured ZIP lookup; both hosts choose through here. Offline (the zip_codes table) unless
 * ZIP_LOOKUP says usps. With USPS the table still answers first and USPS only what it lacks: the
 * table is USPS's own data, and a new USPS app may make only about 60 calls an hour.
 */
export function zipLookupFor(config: ZipLookupConfig, db: Db, doFetch: typeof fetch = fetch): ZipLookup {
  const offline = offlineZipLookup(db);
  if (config.ZIP_LOOKUP === 'usps') {
    const { USPS_CLIENT_ID: clientId, USPS_CLIENT_SECRET: clientSecret, USPS_BASE_URL: baseUrl } = config;
    // Fail at startup, not when an agent first types a ZIP code.
    if (!clientId || !clientSecret) throw new Error('USPS_CLIENT_ID and USPS_CLIENT_SECRET: required when ZIP_LOOKUP is usps');
    return firstAnswer([offline, uspsZipLookup({ clientId, clientSecret, ...(baseUrl ? { baseUrl } : {}), fetch: doFetch })]);
  }
  return offline;
}

/** Asks each lookup in turn until one knows the ZIP; errors are not skipped over (the caller decides). */
export function firstAnswer(lookups: readonly ZipLookup[]): ZipLookup {
  return {
    provider: lookups.map((l) => l.provider).join('+'),
    async lookup(zip: string): Promise<CityState | null> {
      for (const l of lookups) {
        const answer = await l.lookup(zip);
        if (answer) return answer;
      }
      return null;
    },
  };
}
