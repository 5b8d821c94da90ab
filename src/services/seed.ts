import { hashPassword } from '../auth/passwords';
import type { Db } from '../db/client';
import { tenantsRepo } from '../db/platform';
import { forTenant, type TenantDb } from '../db/tenant';
import { secretsOf, type Config } from '../env';
import type { FileStore } from '../files';
import { setCustomerSsn } from './cards';
import { dataKeysOf } from './data-keys';
import type { Clock } from '../lib/clock';
import { newId } from '../lib/ids';
import { localDate } from '../domain/dates';
import { seedDemoAccounts } from './demo-accounts';
import { queueEmail } from './notifications';
import { tenantUrl } from './tenant-url';
import { loanWithHistory } from './load-history';
import type { QueueProducer } from '../queues/messages';

export const DEMO = {
  slug: 'demo',
  owner: { name: 'Morgan Reyes', email: 'owner@sunrise-lending.example', password: 'Sunrise-Owner-2026' },
  /** The rest of the team, to try the staff roles: a manager (a deletion takes two of owner or manager), an agent and a read-only auditor. */
  manager: { name: 'Dana Whitfield', email: 'manager@sunrise-lending.example', password: 'Sunrise-Manager-2026' },
  agent: { name: 'Sam Ortiz', email: 'agent@sunrise-lending.example', password: 'Sunrise-Agent-2026' },
  auditor: { name: 'Lee Park', email: 'auditor@sunrise-lending.example', password: 'Sunrise-Auditor-2026' },
  /** The SSN activates the demo card online ("Activate now"). */
  borrower: { firstName: 'Jordan', lastName: 'Rivera', email: 'jordan.rivera@example.com', password: 'Sunrise-Borrower-2026', ssn: '123-45-6789', phone: '+13035550188' },
} as const;

/**
 * The demo tenant, its owner and one borrower, on an empty database. Returns null when the demo
 * tenant already exists (nothing is changed). The owner's "portal is ready" email goes through the
 * email queue, so a fresh start shows the whole pipeline at /dev/outbox.
 */
export async function seedDemo(deps: { db: Db; clock: Clock; queue: QueueProducer; config: Config; files: FileStore }) {
  const tenants = tenantsRepo(deps.db);
  if (await tenants.findBySlug(DEMO.slug)) return null;
  const now = deps.clock.now();
  const tenant = await tenants.create(
    {
      slug: DEMO.slug,
      name: 'Sunrise Lending',
      status: 'active',
      timeZone: 'America/Denver',
      branding: { portalName: 'Sunrise Online Access', primaryColor: '#0b5394', accentColor: '#b45309', logoUrl: '/img/demo-logo.svg' },
      settings: {
        supportEmail: 'help@sunrise-lending.example',
        supportPhone: '(303) 555-0142',
        supportHours: 'Monday to Friday, 8 am to 6 pm Mountain',
        welcomeMessage: 'See your loans, make a payment or set up AutoPay, any time.',
      },
    },
    now,
  );
  const tdb = forTenant(deps.db, tenant.id);
  const owner = await tdb.agents.create(
    { email: DEMO.owner.email, name: DEMO.owner.name, role: 'owner', passwordHash: await hashPassword(DEMO.owner.password) },
    now,
  );
  await tdb.agents.create({ email: DEMO.manager.email, name: DEMO.manager.name, role: 'manager', invitedBy: owner.id, passwordHash: await hashPassword(DEMO.manager.password) }, now);
  await tdb.agents.create({ email: DEMO.agent.email, name: DEMO.agent.name, role: 'agent', invitedBy: owner.id, passwordHash: await hashPassword(DEMO.agent.password) }, now);
  await tdb.agents.create({ email: DEMO.auditor.email, name: DEMO.auditor.name, role: 'read_only', invitedBy: owner.id, passwordHash: await hashPassword(DEMO.auditor.password) }, now);
  const borrower = await tdb.customers.create(
    {
      dateOfBirth: '1988-06-14',
      firstName: DEMO.borrower.firstName,
      lastName: DEMO.borrower.lastName,
      email: DEMO.borrower.email,
      passwordHash: await hashPassword(DEMO.borrower.password),
      ownerAgentId: owner.id,
    },
    now,
  );
  await setCustomerSsn(tdb, await dataKeysOf(deps.config), borrower.id, DEMO.borrower.ssn, now);
  await tdb.customers.addPhone({ customerId: borrower.id, type: 'mobile', number: DEMO.borrower.phone, isPrimary: true }, now);
  await tdb.profile.saveAddress(borrower.id, 'primary', { line1: '1420 Larimer St', line2: 'Apt 5', city: 'Denver', state: 'CO', zip: '80202', country: 'US' }, now);
  await seedDemoAccounts({ tdb, tenant, files: deps.files, tokenSecret: secretsOf(deps.config).tokenSecret, ownerId: owner.id }, borrower.id, localDate(now, tenant.timeZone), now);
  await seedDemoCommunications(tdb, borrower.id, now);
  await tdb.audit.record({ actorType: 'system', action: 'tenant.created', entityType: 'tenant', entityId: tenant.id, after: { slug: tenant.slug, name: tenant.name } }, now);
  await queueEmail(deps, {
    id: newId(),
    tenantId: tenant.id,
    to: owner.email,
    template: 'portal-ready',
    data: { ownerName: owner.name, portalUrl: tenantUrl(deps.config, tenant.slug) },
  });
  return { tenant, owner, borrower };
}

/**
 * Jordan's communication history: a short two-way text thread about a payment date, and two letters
 * with their mail-house tracking (one delivered, one still travelling).
 */
async function seedDemoCommunications(tdb: TenantDb, customerId: string, now: Date) {
  const ago = (days: number, hours = 0) => new Date(now.getTime() - days * 86_400_000 + hours * 3_600_000);
  const lender = '+13035550142';
  const thread: [Date, 'outbound' | 'inbound', string][] = [
    [ago(6), 'outbound', 'Sunrise Lending: a reminder that a payment on your auto loan AL-204817 is due soon. Pay or set up AutoPay in Sunrise Online Access. Reply STOP to opt out.'],
    [ago(6, 2), 'inbound', 'Can I schedule it for Friday? That is payday.'],
    [ago(6, 3), 'outbound', 'Yes: in Sunrise Online Access choose Make a payment and pick Friday as the date. Questions? Call us at (303) 555-0142.'],
    [ago(5), 'inbound', 'Done, scheduled for Friday. Thanks!'],
  ];
  for (const [sentAt, direction, body] of thread) {
    await tdb.sms.record({ customerId, direction, fromNumber: direction === 'outbound' ? lender : DEMO.borrower.phone, toNumber: direction === 'outbound' ? DEMO.borrower.phone : lender, body, provider: 'outbox', sentAt });
  }
  const address = ['Jordan Rivera', '1420 Larimer St Apt 5', 'Denver, CO 80202'];
  const autoLoan = await tdb.accounts.findByDisplayId('AL-204817');
  const at = (d: Date) => d.toISOString();
  await tdb.profile.recordMail(customerId, {
    accountId: autoLoan?.id ?? null,
    description: 'Welcome letter and payment coupon book (AL-204817)',
    address,
    status: 'Delivered',
    tracking: [
      { at: at(ago(30)), status: 'Printed and handed to the post office', location: 'Denver, CO 80216' },
      { at: at(ago(29, 4)), status: 'In transit', location: 'Denver, CO 80266' },
      { at: at(ago(28, 6)), status: 'Out for delivery', location: 'Denver, CO 80202' },
      { at: at(ago(28, 9)), status: 'Delivered', location: 'Denver, CO 80202' },
    ],
    provider: 'demo-mail-house',
    providerPieceId: 'ltr_demo_0001',
    sentAt: ago(30),
  });
  await tdb.profile.recordMail(customerId, {
    accountId: null,
    description: 'Annual privacy notice',
    address,
    status: 'In transit',
    tracking: [
      { at: at(ago(2)), status: 'Printed and handed to the post office', location: 'Denver, CO 80216' },
      { at: at(ago(1, 5)), status: 'In transit', location: 'Denver, CO 80266' },
    ],
    provider: 'demo-mail-house',
    providerPieceId: 'ltr_demo_0002',
    sentAt: ago(2),
  });
}

const FIRST = ['Avery', 'Blake', 'Casey', 'Dana', 'Emery', 'Finley', 'Gray', 'Harper', 'Jamie', 'Kendall', 'Logan', 'Morgan', 'Parker', 'Quinn', 'Riley', 'Sage', 'Taylor'];
const LAST = ['Adams', 'Baker', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Johnson', 'Kim', 'Lopez', 'Martin', 'Nguyen', 'Okafor', 'Patel', 'Reyes', 'Smith'];

/**
 * Load-test data: `tenants` tenants (load-001…) with `borrowers` borrowers each, each with an
 * installment loan and its payment history, all sharing one password hash (hashing each would take
 * minutes and tests nothing). Inserted in batches. Run it on a fresh database: a second run on the
 * same tenants adds nothing (account numbers are taken).
 */
export async function seedLoad(
  deps: { db: Db; clock: Clock },
  opts: { tenants: number; borrowers: number; password: string; onProgress?: (msg: string) => void },
) {
  const tenantsApi = tenantsRepo(deps.db);
  const now = deps.clock.now();
  const passwordHash = await hashPassword(opts.password);
  const created: string[] = [];
  for (let t = 1; t <= opts.tenants; t++) {
    const slug = `load-${String(t).padStart(3, '0')}`;
    const tenant =
      (await tenantsApi.findBySlug(slug)) ??
      (await tenantsApi.create(
        { slug, name: `Load Test Lender ${t}`, status: 'active', timeZone: 'America/Chicago', branding: { portalName: `Load Lender ${t}`, primaryColor: '#334155', accentColor: '#0f766e' }, settings: {} },
        now,
      ));
    const tdb = forTenant(deps.db, tenant.id);
    const today = localDate(now, tenant.timeZone);
    const BATCH = 500;
    for (let start = 0; start < opts.borrowers; start += BATCH) {
      const people = [];
      const bundles = [];
      const ledger = [];
      for (let i = start; i < Math.min(opts.borrowers, start + BATCH); i++) {
        const id = newId();
        people.push({ id, firstName: FIRST[i % FIRST.length]!, lastName: LAST[(i * 7) % LAST.length]!, email: `borrower${i + 1}@${slug}.example`, passwordHash });
        const history = loanWithHistory(i, id, today, now);
        bundles.push(history.bundle);
        ledger.push(...history.ledger);
      }
      await tdb.customers.insertMany(people, now);
      await tdb.accounts.createMany(bundles, now);
      await tdb.ledger.append(ledger);
    }
    created.push(slug);
    opts.onProgress?.(`${slug}: ${opts.borrowers} borrowers`);
  }
  return created;
}
