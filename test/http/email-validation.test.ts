import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock';
import { DEMO } from '../../src/services/seed';
import { useDemoHost } from '../support/demo-host';

/**
 * Item 20: one email rule for every form that takes an address. An address with a control
 * character (here NUL) is refused by each with 422 and a message by the field, keeping the input,
 * so it can never become a sign-in username.
 */
describe('one email validator for every form', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb } = env;
  const BAD = 'a\u0000b@example.com';
  const MESSAGE = 'An email address cannot contain control characters.';

  /** The page refuses the address by the field (its error id) and shows the address as typed. */
  const refusedByField = async (res: Response, fieldId: string) => {
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`id="${fieldId}-error">${MESSAGE}`);
    expect(html).toMatch(new RegExp(`id="${fieldId}"[^>]*value="a\u0000b@example.com"`));
    return html;
  };

  it('borrower sign-up and reset', async () => {
    await refusedByField(await client()('/signup', { form: { email: BAD } }), 'f-email');
    await refusedByField(await client()('/forgot', { form: { email: BAD } }), 'f-email');
  });

  it('the borrower’s own email change', async () => {
    const jordan = await env.signInBorrower();
    await refusedByField(await client()('/security/email', { cookie: jordan, form: { email: BAD, password: DEMO.borrower.password } }), 'f-new-email');
    expect((await tdb().customers.find(env.demo.borrower.id))!.email).toBe(DEMO.borrower.email);
  });

  it('the staff customer record (contact & personal) and a new customer: the address never becomes a username', async () => {
    const agent = await env.staffSession('agent');
    const id = env.demo.borrower.id;
    const before = (await tdb().customers.find(id))!;
    const edit = await client()(`/admin/customers/${id}/edit`, { cookie: agent, form: { customerType: 'individual', taxIdKind: 'ssn', firstName: 'Jordan', lastName: 'Rivera', email: BAD, status: before.status } });
    await refusedByField(edit, 'f-email');
    const after = (await tdb().customers.find(id))!;
    expect([after.email, after.webUsername]).toEqual([before.email, before.webUsername]);

    const created = await client()('/admin/customers/new', { cookie: agent, form: { customerType: 'individual', firstName: 'Nul', lastName: 'Byte', email: BAD, username: '', phoneType: 'mobile', phone: '', status: before.status, primaryCountry: 'US' } });
    const html = await refusedByField(created, 'f-email');
    // One message, by the email: the refused address is not offered as the username as well.
    expect(html).not.toContain('f-username-error');
    expect(await tdb().customers.findByUsername(BAD)).toBeUndefined();
  });

  it('staff invitations', async () => {
    const owner = await env.staffSession('owner');
    await refusedByField(await client()('/admin/staff/invite', { cookie: owner, form: { name: 'Nul Byte', email: BAD, role: 'agent' } }), 'f-email');
    expect(await tdb().agents.findByEmail(BAD)).toBeUndefined();
  });

  it('says what else is wrong, by the field, in the same words everywhere', async () => {
    const owner = await env.staffSession('owner');
    const cases: [string, string][] = [
      ['jo rivera@example.com', 'An email address cannot contain spaces.'],
      [`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`, 'Use at most 254 characters for an email address.'],
      ['jordan@', 'After the @, enter a domain name such as example.com.'],
      ['jordan@example', 'After the @, enter a domain name such as example.com.'],
      ['jordan@-example.com', 'After the @, enter a domain name such as example.com.'],
    ];
    for (const [email, message] of cases) {
      for (const res of [await client()('/signup', { form: { email } }), await client()('/admin/staff/invite', { cookie: owner, form: { name: 'Someone', email, role: 'agent' } })]) {
        expect(res.status, email).toBe(422);
        expect(await res.text(), email).toContain(`id="f-email-error">${message}`);
      }
    }
    // A plain address with an apostrophe is one, and it is a username too.
    const agent = await env.staffSession('agent');
    const ok = await client()('/admin/customers/new', { cookie: agent, form: { customerType: 'individual', firstName: 'Sean', lastName: "O'Brien", email: "Sean.O'Brien@Example.com", username: '', phoneType: 'mobile', phone: '', status: (await tdb().customers.find(env.demo.borrower.id))!.status, primaryCountry: 'US' } });
    expect(ok.status).toBe(303);
    expect((await tdb().customers.findByUsername("sean.o'brien@example.com"))!.email).toBe("sean.o'brien@example.com");
  });
});
