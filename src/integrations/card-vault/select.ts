import type { CardVault } from './index';
import { marqetaCardVault } from './marqeta';
import { sandboxCardVault } from './sandbox';

/** The settings cardVaultFor reads; a structural slice of Config so either host can pass its own. */
export interface CardVaultConfig {
  CARD_VAULT?: 'sandbox' | 'marqeta';
  MARQETA_BASE_URL?: string;
  MARQETA_APPLICATION_TOKEN?: string;
  MARQETA_ADMIN_ACCESS_TOKEN?: string;
  /** Keys the sandbox's derived card numbers. */
  TOKEN_SECRET: string;
}

/** The configured card vault; both hosts choose through here. Sandbox unless CARD_VAULT says marqeta. */
export function cardVaultFor(config: CardVaultConfig, doFetch: typeof fetch = fetch): CardVault {
  if (config.CARD_VAULT === 'marqeta') {
    const { MARQETA_BASE_URL: baseUrl, MARQETA_APPLICATION_TOKEN: applicationToken, MARQETA_ADMIN_ACCESS_TOKEN: adminAccessToken } = config;
    // Fail at startup, not on a borrower's first reveal.
    if (!baseUrl || !applicationToken || !adminAccessToken) {
      throw new Error('MARQETA_BASE_URL, MARQETA_APPLICATION_TOKEN and MARQETA_ADMIN_ACCESS_TOKEN: required when CARD_VAULT is marqeta');
    }
    return marqetaCardVault({ baseUrl, applicationToken, adminAccessToken, fetch: doFetch });
  }
  return sandboxCardVault(config.TOKEN_SECRET);
}
