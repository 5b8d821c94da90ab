import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { fixedClock } from '../../src/lib/clock';
import { loanSummary } from '../../src/services/servicing';
import { allocationOrderOf } from '../../src/services/servicing';
import { tenantClient } from '../support/http-client';
import { useDemoHost } from '../support/demo-host';
import { outboxEmails } from '../support/outbox';

/** The owner's payment waterfall and contact details: what borrowers are shown follows them. */
describe('payment waterfall and the lender’s contact (owner settings)', () => {
  const clock = fixedClock('2026-12-07T17:00:00Z');
  const env = useDemoHost({ clock });
  let owner: string;
  beforeAll(async () => {
    owner = await env.staffSession('owner');
  });
  // A fresh app per step: the tenant directory caches settings for a few seconds.
  const fresh = () => tenantClient(createApp(env.host.deps), 'demo');
  const rules = { enabled: 'on', 'method-card': 'on', 'method-bank': 'on', autopay: 'on', minAmount: '1.00', maxAmount: '50000.00', maxDaysAhead: '60', cutoffTime: '17:00', feeCard: '0', feeBank: '0', returnWindowDays: '3' };

  it('offers the waterfalls, refuses one that is not on the list, and moves every figure with the one chosen', async () => {
    const page = await (await fresh()('/admin/settings', { cookie: owner })).text();
    expect(page).toContain('Fees, then interest, then principal (the default)');
    const bad = await fresh()('/admin/settings/payments', { cookie: owner, form: { ...rules, waterfall: 'principal,principal,fees' } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Choose how payments are applied from the list.');

    const borrower = await env.signInBorrower();
    const before = await (await fresh()('/accounts/PL-118342', { cookie: borrower })).text();
    expect(before).toContain('$556.36 is past due');
    const saved = await fresh()('/admin/settings/payments', { cookie: owner, form: { ...rules, waterfall: 'interest,principal,fees' } });
    expect(saved.status).toBe(303);
    const tenant = (await env.host.deps.db.query.tenants.findFirst({ where: (t, { eq }) => eq(t.id, env.demo.tenant.id) }))!;
    expect(allocationOrderOf(tenant)).toEqual(['interest', 'principal', 'fees']);
    // Fees last: the fee is no longer part of what makes the loan current.
    const after = await (await fresh()('/accounts/PL-118342', { cookie: borrower })).text();
    expect(after).toContain('$531.36 is past due');
    expect(after).not.toContain('including $25.00 in fees');
    const position = await loanSummary(env.tdb(), (await env.tdb().accounts.findByDisplayId('PL-118342'))!, '2026-12-07', allocationOrderOf(tenant));
    expect(position.feesOutstanding).toBe(2_500);
    const history = await env.tdb().audit.history('tenant', env.demo.tenant.id);
    expect(history.at(-1)).toMatchObject({ action: 'tenant.payments-changed', after: { allocationOrder: ['interest', 'principal', 'fees'] } });
  });

  it('keeps the lender’s contact, checked, and puts it on every payment notice', async () => {
    const bad = await fresh()('/admin/settings/contact', { cookie: owner, form: { supportPhone: 'call us', supportEmail: 'help@\u0000x', supportHours: '' } });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Enter a phone number borrowers can call');
    expect(html).toContain('control characters');
    expect(html).toContain('value="call us"');
    const ok = await fresh()('/admin/settings/contact', { cookie: owner, form: { supportPhone: '(303) 555-0199', supportEmail: 'loans@sunrise-lending.example', supportHours: 'Weekdays 9 to 5' } });
    expect(ok.status).toBe(303);
    const borrower = await env.signInBorrower();
    const c = fresh();
    const card = await env.addSandboxCard(borrower, '4242424242424242');
    const posted = await c('/accounts/AL-204817/pay/review', { cookie: borrower, form: { method: card, choice: 'custom', custom: '21.00' } });
    const review = await (await c(posted.headers.get('location')!, { cookie: borrower })).text();
    const res = await c('/accounts/AL-204817/pay', { cookie: borrower, form: { draft: /name="draft" value="([^"]+)"/.exec(review)![1]! } });
    const reference = decodeURIComponent(res.headers.get('location')!.split('/').pop()!);
    await env.deliver();
    const receipt = (await outboxEmails(env.tdb(), 500)).find((m) => m.text.includes(reference))!;
    expect(receipt.text).toContain('Questions? Call (303) 555-0199 (Weekdays 9 to 5) or email loans@sunrise-lending.example');
  });
});
