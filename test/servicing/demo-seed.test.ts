import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantsRepo } from '../../src/db/platform';
import { forTenant, type TenantDb } from '../../src/db/tenant';
import { memoryFileStore } from '../../src/files/memory';
import { sandboxCardVault } from '../../src/integrations/card-vault/sandbox';
import { parseConfig, secretsOf } from '../../src/env';
import { fixedClock } from '../../src/lib/clock';
import { createJobQueue } from '../../src/queues/job-table';
import { seedDemo } from '../../src/services/seed';
import { lineSummary, loanSummary } from '../../src/services/servicing';
import { tempDb } from '../support/node-host';

describe('demo data', () => {
  let env: Awaited<ReturnType<typeof tempDb>>;
  let tdb: TenantDb;
  let accountsByDisplay: Map<string, string>;
  const clock = fixedClock('2026-11-22T15:00:00Z'); // 08:00 in Denver
  const today = '2026-11-22';

  beforeAll(async () => {
    env = await tempDb();
    const queue = createJobQueue(env.db, { clock, visibilityTimeoutMs: 60_000 }).producer;
    const seeded = await seedDemo({ db: env.db, clock, queue, config: parseConfig({ APP_ENV: 'test' }), files: memoryFileStore() });
    tdb = forTenant(env.db, seeded!.tenant.id);
    const linked = await tdb.accounts.forCustomer(seeded!.borrower.id);
    accountsByDisplay = new Map(linked.map((l) => [l.account.displayId, l.account.id]));
  });
  afterAll(() => env.cleanup());

  it('gives the demo borrower one account of each kind', () => {
    expect([...accountsByDisplay.keys()].sort()).toEqual(['AL-204817', 'CC-907355', 'LC-550921', 'LS-330415', 'PL-100577', 'PL-118342']);
  });

  it('a vehicle lease paid on time, with its vehicle', async () => {
    const id = accountsByDisplay.get('LS-330415')!;
    const pos = await loanSummary(tdb, id, today);
    expect(pos).toMatchObject({ status: 'current', daysPastDue: 0 });
    expect(pos.paid.total).toBe(10 * (await tdb.accounts.schedule(id))[0]!.payment);
    const [vehicle] = await tdb.collateral.forAccount(id);
    expect(vehicle?.item).toMatchObject({ kind: 'vehicle', make: 'Tesla' });
  });

  it('an auto loan paid on time, with its vehicle and insurance', async () => {
    const id = accountsByDisplay.get('AL-204817')!;
    const pos = await loanSummary(tdb, id, today);
    expect(pos).toMatchObject({ status: 'current', daysPastDue: 0, pastDueAmount: 0 });
    expect(pos.paid.total).toBe(14 * (await tdb.accounts.schedule(id))[0]!.payment);
    const [vehicle] = await tdb.collateral.forAccount(id);
    expect(vehicle?.item).toMatchObject({ kind: 'vehicle', year: 2022, make: 'Subaru', model: 'Outback' });
    expect(vehicle?.policies[0]).toMatchObject({ carrier: 'Granite State Mutual' });
  });

  it('a personal loan two payments behind, with a late fee', async () => {
    const pos = await loanSummary(tdb, accountsByDisplay.get('PL-118342')!, today);
    expect(pos.status).toBe('past_due');
    expect(pos.daysPastDue).toBeGreaterThanOrEqual(28);
    expect(pos.feesOutstanding).toBe(2_500);
    expect(pos.amountDue).toBeGreaterThan(pos.pastDueAmount);
  });

  it('a line of credit with issued statements, and a card pending activation', async () => {
    const id = accountsByDisplay.get('LC-550921')!;
    const { balance } = await lineSummary(tdb, id, today);
    expect((await tdb.ledger.statements(id)).length).toBeGreaterThanOrEqual(3);
    expect(balance.balance).toBeGreaterThan(0);
    expect(balance.availableCredit).toBe(500_000 - balance.balance);
    const [card] = await tdb.cards.forAccount(accountsByDisplay.get('CC-907355')!);
    expect(card).toMatchObject({ status: 'Pending Activation' });
    // We keep the vault's token and last four; the vault's number ends in them.
    const revealed = await sandboxCardVault(secretsOf(parseConfig({ APP_ENV: 'test' })).tokenSecret).reveal(card!.vaultToken);
    expect(revealed.pan.slice(-4)).toBe(card!.last4);
  });

  it('a paid-off loan', async () => {
    const id = accountsByDisplay.get('PL-100577')!;
    expect((await loanSummary(tdb, id, today)).status).toBe('paid_off');
    expect((await tdb.accounts.find(id))?.status).toBe('Paid Off');
  });

  it('is not created twice', async () => {
    const tenant = await tenantsRepo(env.db).findBySlug('demo');
    const queue = createJobQueue(env.db, { clock, visibilityTimeoutMs: 60_000 }).producer;
    expect(await seedDemo({ db: env.db, clock, queue, config: parseConfig({ APP_ENV: 'test' }), files: memoryFileStore() })).toBeNull();
    expect(tenant?.slug).toBe('demo');
  });
});
