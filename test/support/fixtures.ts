import type { Db } from '../../src/db/client';
import { tenantsRepo } from '../../src/db/platform';
import { forTenant } from '../../src/db/tenant';
import { openLoan } from '../../src/services/servicing';

export const TEST_BASE_DOMAIN = 'portal.test';

/** Every fixture borrower (pat@<slug>.example) and owner (owner@<slug>.example) signs in with this password. */
export const FIXTURE_PASSWORD = 'Fixture-Password-2026';
// PBKDF2 at 1,000 iterations of FIXTURE_PASSWORD: a valid stored hash, quick to verify in tests.
const FIXTURE_PASSWORD_HASH = '$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA$f_9NTYoT5H5CkeApySV9ekWPV0s0i1e36Ha77YaMvbg';

/** What production configuration must add (tests that build a production config use these). */
export const PROD_SECRETS = {
  TOKEN_SECRET: 'test-production-token-secret-0123456789abcdef',
  DATA_ENCRYPTION_KEY: 'dGVzdC1wcm9kdWN0aW9uLWRhdGEta2V5LTMyYnl0ZXM=',
  CARD_VAULT: 'marqeta',
  MARQETA_BASE_URL: 'http://127.0.0.1:9',
  MARQETA_APPLICATION_TOKEN: 'test-application-token',
  MARQETA_ADMIN_ACCESS_TOKEN: 'test-admin-access-token',
  PAYMENT_PROCESSOR: 'stripe',
  STRIPE_SECRET_KEY: 'sk_test_production_config_only',
  STRIPE_WEBHOOK_SECRET: 'whsec_test_production_config_only',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_production_config_only',
};

export interface TenantFixture {
  id: string;
  slug: string;
  portalName: string;
  primaryColor: string;
  emailId: string;
  emailSubject: string;
}

export interface Fixtures {
  alpha: TenantFixture;
  bravo: TenantFixture;
  suspendedSlug: string;
}

/** Two active tenants that each own a row of every tenant-owned kind, and a suspended one. */
export async function seedFixtures(db: Db, now = new Date('2026-11-01T12:00:00Z')): Promise<Fixtures> {
  const make = async (slug: string, portalName: string, primaryColor: string): Promise<TenantFixture> => {
    const tenant = await tenantsRepo(db).create(
      { slug, name: `${portalName} Lending`, status: 'active', timeZone: 'America/Chicago', branding: { portalName, primaryColor, accentColor: '#b45309' }, settings: { supportPhone: '(555) 010-0000' } },
      now,
    );
    const tdb = forTenant(db, tenant.id);
    const agent = await tdb.agents.create({ email: `owner@${slug}.example`, name: `${portalName} Owner`, role: 'owner', passwordHash: FIXTURE_PASSWORD_HASH }, now);
    const pat = await tdb.customers.create({ firstName: 'Pat', lastName: `${portalName}son`, email: `pat@${slug}.example`, ownerAgentId: agent.id, passwordHash: FIXTURE_PASSWORD_HASH }, now);
    await openLoan(tdb, tenant, { displayId: 'FX-1', productName: 'Fixture loan', principal: 100_000, annualRate: '5', frequency: 'monthly', termPayments: 12, startDate: '2026-01-01', firstDueDate: '2026-02-01', dayCount: 'periodic', holders: [{ customerId: pat.id, role: 'Primary' }] }, now);
    const emailSubject = `Private notice for ${portalName}`;
    await tdb.emails.record({
      messageId: `seed-${slug}`,
      template: 'test',
      toAddress: `pat@${slug}.example`,
      fromAddress: 'no-reply@onlineaccess.io',
      subject: emailSubject,
      html: `<!doctype html><html><head><title>x</title></head><body><p>${emailSubject}</p></body></html>`,
      text: emailSubject,
      provider: 'outbox',
      providerMessageId: null,
      sentAt: now,
    });
    const email = await tdb.emails.findByMessageId(`seed-${slug}`);
    return { id: tenant.id, slug, portalName, primaryColor, emailId: email!.id, emailSubject };
  };
  const alpha = await make('alpha', 'Alpha Portal', '#0b5394');
  const bravo = await make('bravo', 'Bravo Portal', '#7c2d12');
  await tenantsRepo(db).create(
    { slug: 'closed', name: 'Closed Lending', status: 'suspended', timeZone: 'UTC', branding: { portalName: 'Closed', primaryColor: '#000000', accentColor: '#ffffff' }, settings: {} },
    now,
  );
  return { alpha, bravo, suspendedSlug: 'closed' };
}
