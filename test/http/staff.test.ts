import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords';
import { auditLog } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { DEMO } from '../../src/services/seed';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { sessionTokenOf, tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import { type NodeTestHost } from '../support/node-host';
import { outboxEmails } from '../support/outbox';

const PASSWORD = 'Harbour-Lights-4417';

describe('staff and roles', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb, deliver } = env;
  let host: NodeTestHost;
  let demo: Demo;
  let owner: string;
  beforeAll(async () => {
    ({ host, demo } = env);
    owner = await env.staffSession('owner');
  });

  const auditOf = (action: string, entityId: string) => host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.action, action), eq(auditLog.entityId, entityId)));

  /** Delivers the queue and returns the invitation tokens emailed to an address (any order). */
  const invitationTokens = async (email: string) => {
    await deliver();
    const mails = (await outboxEmails(tdb())).filter((e) => e.template === 'staff-invitation' && e.toAddress === email);
    return mails.map((m) => {
      const link = /https?:\/\/\S+\/admin\/invitation\?token=(\S+)/.exec(m.text);
      expect(link, m.text).not.toBeNull();
      expect(m.html).toContain('/admin/invitation?token=');
      return decodeURIComponent(link![1]!);
    });
  };

  const invite = (cookie: string, form: Record<string, string>) => client()('/admin/staff/invite', { cookie, form });

  /** A member with a password, active, and a full (second-step passed) session of theirs. */
  const member = async (role: 'owner' | 'manager' | 'agent' | 'read_only') => {
    const email = `${role}-${newId()}@sunrise-lending.example`.toLowerCase();
    const agent = await tdb().agents.create({ email, name: `Member ${role}`, role, passwordHash: await hashPassword(PASSWORD) }, clock.now());
    const session = (await startSession(tdb(), { type: 'agent', id: agent.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    return { agent, email, session };
  };

  it('invites by email; the invitee sets a password through the link, and signing in then takes the second step', async () => {
    const page = await (await client()('/admin/staff', { cookie: owner })).text();
    expect(page).toContain(DEMO.owner.name);
    expect(page).toContain('action="/admin/staff/invite"');
    expect(page).toContain('Code by email');

    const email = `casey-${newId()}@sunrise-lending.example`.toLowerCase();
    const res = await invite(owner, { name: 'Casey Park', email: email.toUpperCase(), role: 'agent' });
    expect(res.status).toBe(303);
    const casey = (await tdb().agents.findByEmail(email))!;
    expect(casey).toMatchObject({ name: 'Casey Park', role: 'agent', status: 'invited', invitedBy: demo.owner.id, passwordHash: null });
    expect(res.headers.get('location')).toBe(`/admin/staff?saved=invited#agent-${casey.id}`);
    const listed = await (await client()('/admin/staff?saved=invited', { cookie: owner })).text();
    expect(listed).toContain('Invitation sent.');
    expect(listed).toMatch(/Casey Park[\s\S]*Invited[\s\S]*by Morgan Reyes/);
    const [invited] = await auditOf('staff.invited', casey.id);
    expect(invited).toMatchObject({ actorId: demo.owner.id, entityType: 'agent', before: null, after: { name: 'Casey Park', email, role: 'agent', status: 'invited' } });

    const [token] = await invitationTokens(email);
    const mail = (await outboxEmails(tdb())).find((e) => e.toAddress === email)!;
    expect(mail.subject).toContain('Morgan Reyes invited you');
    expect(mail.text).toContain('with the role Agent');

    // Not signed up yet: no sign-in, with the same answer as a wrong password.
    const early = await client()('/admin/login', { form: { email, password: PASSWORD } });
    expect(early.status).toBe(401);
    expect(await early.text()).toContain('That email and password do not match our records.');

    // The borrowers' password page does not take a staff invitation, to show or to use.
    expect((await client()(`/reset?token=${encodeURIComponent(token!)}`)).status).toBe(410);
    expect((await client()('/reset', { form: { token: token!, password: PASSWORD, confirm: PASSWORD } })).status).toBe(410);
    expect((await tdb().agents.find(casey.id))!).toMatchObject({ status: 'invited', passwordHash: null });

    const form = await client()(`/admin/invitation?token=${encodeURIComponent(token!)}`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('Welcome, Casey Park');
    expect(formHtml).toContain('data-password-rules="f-password-rules"');
    const weak = await client()('/admin/invitation', { form: { token: token!, password: 'password', confirm: 'password' } });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain('That password is too common');
    const mismatch = await client()('/admin/invitation', { form: { token: token!, password: PASSWORD, confirm: `${PASSWORD}x` } });
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain('The two passwords are not the same.');
    expect((await tdb().agents.find(casey.id))!.status).toBe('invited');

    const accepted = await client()('/admin/invitation', { form: { token: token!, password: PASSWORD, confirm: PASSWORD } });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/admin/login?reset=1&next=%2Fadmin');
    expect((await tdb().agents.find(casey.id))!.status).toBe('active');
    const [acceptance] = await auditOf('staff.invitation-accepted', casey.id);
    expect(acceptance).toMatchObject({ actorId: casey.id, before: { status: 'invited' }, after: { status: 'active' } });
    // The link worked once.
    for (const again of [await client()(`/admin/invitation?token=${encodeURIComponent(token!)}`), await client()('/admin/invitation', { form: { token: token!, password: PASSWORD, confirm: PASSWORD } })]) {
      expect(again.status).toBe(410);
      expect(await again.text()).toContain('This invitation no longer works');
    }

    // Signing in: the password opens only the second step; the staff area needs the emailed code.
    const signIn = await client()('/admin/login', { form: { email, password: PASSWORD, next: '/admin/staff' } });
    expect(signIn.headers.get('location')).toBe('/admin/login/verify?next=%2Fadmin%2Fstaff');
    const partial = sessionTokenOf(signIn);
    expect((await client()('/admin/staff', { cookie: partial })).status).toBe(303);
    expect(await (await client()('/admin/login/verify', { cookie: partial })).text()).toMatch(/Email a code to c•+@sunrise-lending\.example/);
    await client()('/admin/login/verify/email', { cookie: partial, form: { next: '/admin/staff' } });
    await deliver();
    const codeMail = (await outboxEmails(tdb())).find((e) => e.template === 'sign-in-code' && e.toAddress === email)!;
    const code = /sign-in code is: (\d{6})/.exec(codeMail.text)![1]!;
    const verified = await client()('/admin/login/verify/email-code', { cookie: partial, form: { code, next: '/admin/staff' } });
    expect(verified.headers.get('location')).toBe('/admin/staff');
    const staffPage = await client()('/admin/staff', { cookie: sessionTokenOf(verified) });
    expect(staffPage.status).toBe(200);
    const html = await staffPage.text();
    expect(html).toContain('Casey Park<span class="muted"> (you)</span>');
    // An agent sees the team but no invitation form or role controls.
    expect(html).not.toContain('action="/admin/staff/invite"');
    expect(html).not.toContain('/role"');
  });

  it('answers a forged, expired or withdrawn invitation with a clear page, never a 500', async () => {
    expect((await client()('/admin/invitation?token=not-a-token')).status).toBe(410);
    expect((await client()('/admin/invitation')).status).toBe(410);
    expect((await client()('/admin/invitation', { form: { token: 'eyJhbGciOiJIUzI1NiJ9.e30.x', password: PASSWORD, confirm: PASSWORD } })).status).toBe(410);

    const email = `late-${newId()}@sunrise-lending.example`.toLowerCase();
    expect((await invite(owner, { name: 'Late Comer', email, role: 'read_only' })).status).toBe(303);
    const [token] = await invitationTokens(email);
    const url = `/admin/invitation?token=${encodeURIComponent(token!)}`;
    expect((await client()(url)).status).toBe(200);
    // The same link on another lender's portal is not theirs.
    expect((await tenantClient(host.app, 'alpha')(url)).status).toBe(410);
    // A week and a day later it has expired.
    clock.advance(8 * 86_400_000);
    try {
      const expired = await client()(url);
      expect(expired.status).toBe(410);
      expect(await expired.text()).toContain('Ask the owner or manager who invited you to send a new one.');
    } finally {
      clock.advance(-8 * 86_400_000);
    }

    // Withdrawn (disabled) before it was used.
    const late = (await tdb().agents.findByEmail(email))!;
    expect((await client()(`/admin/staff/${late.id}/status`, { cookie: owner, form: { status: 'disabled' } })).status).toBe(303);
    expect((await client()(url)).status).toBe(410);
    expect((await client()('/admin/invitation', { form: { token: token!, password: PASSWORD, confirm: PASSWORD } })).status).toBe(410);
    expect((await tdb().agents.find(late.id))!).toMatchObject({ status: 'disabled', passwordHash: null });
    // Enabled again, they are back to waiting for an invitation, and a fresh one works.
    expect((await client()(`/admin/staff/${late.id}/status`, { cookie: owner, form: { status: 'enabled' } })).status).toBe(303);
    expect((await tdb().agents.find(late.id))!.status).toBe('invited');
    const [enabled] = await auditOf('staff.enabled', late.id);
    expect(enabled).toMatchObject({ before: { status: 'disabled' }, after: { status: 'invited' } });
    expect((await client()(`/admin/staff/${late.id}/invitation`, { cookie: owner, form: {} })).status).toBe(303);
    const fresh = (await invitationTokens(email)).filter((t) => t !== token);
    expect(fresh).toHaveLength(1);
    expect((await client()(`/admin/invitation?token=${encodeURIComponent(fresh[0]!)}`)).status).toBe(200);
  });

  it('re-sends an invitation: a new link, and the earlier one stops working', async () => {
    const email = `resend-${newId()}@sunrise-lending.example`.toLowerCase();
    await invite(owner, { name: 'Robin Lee', email, role: 'manager' });
    const [first] = await invitationTokens(email);
    const robin = (await tdb().agents.findByEmail(email))!;
    const res = await client()(`/admin/staff/${robin.id}/invitation`, { cookie: owner, form: {} });
    expect(res.headers.get('location')).toBe(`/admin/staff?saved=resent#agent-${robin.id}`);
    const tokens = await invitationTokens(email);
    expect(tokens).toHaveLength(2);
    const second = tokens.find((t) => t !== first)!;
    expect((await client()(`/admin/invitation?token=${encodeURIComponent(first!)}`)).status).toBe(410);
    expect((await client()(`/admin/invitation?token=${encodeURIComponent(second)}`)).status).toBe(200);
    expect(await auditOf('staff.invitation-resent', robin.id)).toHaveLength(1);
    // Only the invited can be re-invited.
    expect((await client()(`/admin/staff/${demo.owner.id}/invitation`, { cookie: owner, form: {} })).status).toBe(409);
    // A manager cannot re-invite a manager.
    const manager = await member('manager');
    const refused = await client()(`/admin/staff/${robin.id}/invitation`, { cookie: manager.session, form: {} });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('A manager cannot manage a manager.');
    const active = await member('agent');
    const notInvited = await client()(`/admin/staff/${active.agent.id}/invitation`, { cookie: owner, form: {} });
    expect(notInvited.status).toBe(409);
    expect(await notInvited.text()).toContain('is not waiting for an invitation');
  });

  it('keeps bad input with a message per field (422)', async () => {
    const bad = await invite(owner, { name: '', email: 'not-an-email', role: 'agent' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Enter their name.');
    expect(html).toContain('Enter an email address such as name@example.com.');
    expect(html).toContain('value="not-an-email"');
    expect(html).toContain('aria-describedby="f-email-error"');

    const duplicate = await invite(owner, { name: 'Someone Else', email: DEMO.owner.email.toUpperCase(), role: 'read_only' });
    expect(duplicate.status).toBe(422);
    const dupHtml = await duplicate.text();
    expect(dupHtml).toContain('Someone on the team already has that email address.');
    expect(dupHtml).toContain('value="Someone Else"');
    expect(dupHtml).toMatch(/<option value="read_only" selected="">/);

    const role = await invite(owner, { name: 'Who', email: 'who@example.com', role: 'superuser' });
    expect(role.status).toBe(422);
    expect(await role.text()).toContain('Choose a role from the list.');
    expect(await tdb().agents.findByEmail('who@example.com')).toBeUndefined();

    const target = await member('agent');
    const badRole = await client()(`/admin/staff/${target.agent.id}/role`, { cookie: owner, form: { role: 'boss' } });
    expect(badRole.status).toBe(422);
    expect(await badRole.text()).toContain('Choose a role from the list.');
    expect((await client()(`/admin/staff/${target.agent.id}/status`, { cookie: owner, form: { status: 'gone' } })).status).toBe(422);
    expect((await tdb().agents.find(target.agent.id))!).toMatchObject({ role: 'agent', status: 'active' });
  });

  it('lets managers give and take only agent and read-only', async () => {
    const manager = await member('manager');
    const page = await (await client()('/admin/staff', { cookie: manager.session })).text();
    expect(page).toContain('action="/admin/staff/invite"');
    expect(page).not.toContain('<option value="owner"');
    expect(page).toContain('Only an owner can change an owner.');

    expect((await invite(manager.session, { name: 'Would Be', email: `owner-${newId()}@example.com`, role: 'owner' })).status).toBe(403);
    expect((await invite(manager.session, { name: 'Would Be', email: `mgr-${newId()}@example.com`, role: 'manager' })).status).toBe(403);
    const target = await member('agent');
    expect((await client()(`/admin/staff/${target.agent.id}/role`, { cookie: manager.session, form: { role: 'owner' } })).status).toBe(403);
    expect((await client()(`/admin/staff/${demo.owner.id}/role`, { cookie: manager.session, form: { role: 'agent' } })).status).toBe(403);
    expect((await client()(`/admin/staff/${demo.owner.id}/status`, { cookie: manager.session, form: { status: 'disabled' } })).status).toBe(403);
    const peer = await member('manager');
    expect((await client()(`/admin/staff/${peer.agent.id}/status`, { cookie: manager.session, form: { status: 'disabled' } })).status).toBe(403);
    expect((await tdb().agents.find(demo.owner.id))!).toMatchObject({ role: 'owner', status: 'active' });

    const ok = await client()(`/admin/staff/${target.agent.id}/role`, { cookie: manager.session, form: { role: 'read_only' } });
    expect(ok.status).toBe(303);
    expect((await tdb().agents.find(target.agent.id))!.role).toBe('read_only');
    const [changed] = await auditOf('staff.role-changed', target.agent.id);
    expect(changed).toMatchObject({ actorId: manager.agent.id, entityType: 'agent', before: { role: 'agent' }, after: { role: 'read_only' } });
    // Nobody changes their own role.
    const own = await client()(`/admin/staff/${manager.agent.id}/role`, { cookie: manager.session, form: { role: 'agent' } });
    expect(own.status).toBe(403);
    const invitedByManager = `agent-${newId()}@sunrise-lending.example`.toLowerCase();
    expect((await invite(manager.session, { name: 'New Agent', email: invitedByManager, role: 'agent' })).status).toBe(303);
    expect((await tdb().agents.findByEmail(invitedByManager))!.invitedBy).toBe(manager.agent.id);
    // Once the manager is disabled, the invitation they sent no longer works.
    const [token] = await invitationTokens(invitedByManager);
    expect((await client()(`/admin/invitation?token=${encodeURIComponent(token!)}`)).status).toBe(200);
    expect((await client()(`/admin/staff/${manager.agent.id}/status`, { cookie: owner, form: { status: 'disabled' } })).status).toBe(303);
    expect((await client()(`/admin/invitation?token=${encodeURIComponent(token!)}`)).status).toBe(410);
  });

  it('shows agents and read-only staff the team, with no controls, and refuses their writes (403)', async () => {
    const target = await member('agent');
    for (const role of ['agent', 'read_only'] as const) {
      const who = await member(role);
      const res = await client()('/admin/staff', { cookie: who.session });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(DEMO.owner.email);
      expect(html).not.toContain('action="/admin/staff/invite"');
      expect(html).not.toContain('Invite someone');
      expect(html).not.toContain('method="post" action="/admin/staff/');
      expect((await invite(who.session, { name: 'X', email: `x-${newId()}@example.com`, role: 'agent' })).status).toBe(403);
      expect((await client()(`/admin/staff/${target.agent.id}/role`, { cookie: who.session, form: { role: 'read_only' } })).status).toBe(403);
      expect((await client()(`/admin/staff/${target.agent.id}/status`, { cookie: who.session, form: { status: 'disabled' } })).status).toBe(403);
      expect((await client()(`/admin/staff/${target.agent.id}/invitation`, { cookie: who.session, form: {} })).status).toBe(403);
    }
    expect((await tdb().agents.find(target.agent.id))!).toMatchObject({ role: 'agent', status: 'active' });
    // Signed out, and borrowers: sent to the staff sign-in.
    expect((await client()('/admin/staff')).headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fstaff');
    expect((await client()('/admin/staff', { cookie: await env.signInBorrower() })).status).toBe(303);
  });

  it('disabling ends the sessions and refuses sign-in like a wrong password; enabling lets them back', async () => {
    const agent = await member('agent');
    expect((await client()('/admin/staff', { cookie: agent.session })).status).toBe(200);
    const res = await client()(`/admin/staff/${agent.agent.id}/status`, { cookie: owner, form: { status: 'disabled' } });
    expect(res.status).toBe(303);
    expect(await (await client()('/admin/staff?saved=disabled', { cookie: owner })).text()).toContain('Disabled: their sessions are ended');
    expect((await client()('/admin/staff', { cookie: agent.session })).status).toBe(303);
    expect(await tdb().sessions.listFor({ type: 'agent', id: agent.agent.id })).toHaveLength(0);
    const refused = await client()('/admin/login', { form: { email: agent.email, password: PASSWORD } });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('That email and password do not match our records.');
    const [disabled] = await auditOf('staff.disabled', agent.agent.id);
    expect(disabled).toMatchObject({ actorId: demo.owner.id, entityType: 'agent', before: { status: 'active' }, after: { status: 'disabled' } });
    expect(await (await client()('/admin/staff', { cookie: owner })).text()).toMatch(/Member agent[\s\S]*?Disabled[\s\S]*?Enable/);

    expect((await client()(`/admin/staff/${agent.agent.id}/status`, { cookie: owner, form: { status: 'enabled' } })).status).toBe(303);
    const [enabled] = await auditOf('staff.enabled', agent.agent.id);
    expect(enabled).toMatchObject({ before: { status: 'disabled' }, after: { status: 'active' } });
    expect((await client()('/admin/login', { form: { email: agent.email, password: PASSWORD } })).headers.get('location')).toBe('/admin/login/verify?next=%2Fadmin');
  });

  it('never leaves the team without an active owner', async () => {
    const demote = await client()(`/admin/staff/${demo.owner.id}/role`, { cookie: owner, form: { role: 'manager' } });
    expect(demote.status).toBe(409);
    expect(await demote.text()).toContain('The team must keep at least one active owner.');
    const disable = await client()(`/admin/staff/${demo.owner.id}/status`, { cookie: owner, form: { status: 'disabled' } });
    expect(disable.status).toBe(409);
    expect(await disable.text()).toContain('The team must keep at least one active owner.');
    expect((await tdb().agents.find(demo.owner.id))!).toMatchObject({ role: 'owner', status: 'active' });

    // A second owner: then the first still cannot change themselves, but the other owner can.
    const second = await member('manager');
    expect((await client()(`/admin/staff/${second.agent.id}/role`, { cookie: owner, form: { role: 'owner' } })).status).toBe(303);
    const self = await client()(`/admin/staff/${demo.owner.id}/role`, { cookie: owner, form: { role: 'manager' } });
    expect(self.status).toBe(403);
    expect(await self.text()).toContain('You cannot change your own role');
    expect((await client()(`/admin/staff/${demo.owner.id}/role`, { cookie: second.session, form: { role: 'manager' } })).status).toBe(303);
    const [demoted] = await auditOf('staff.role-changed', demo.owner.id);
    expect(demoted).toMatchObject({ actorId: second.agent.id, before: { role: 'owner' }, after: { role: 'manager' } });
    // Now the second owner is the last one; the demo owner (a manager now) cannot touch them.
    expect((await client()(`/admin/staff/${second.agent.id}/status`, { cookie: owner, form: { status: 'disabled' } })).status).toBe(403);
    expect((await client()(`/admin/staff/${second.agent.id}/role`, { cookie: second.session, form: { role: 'agent' } })).status).toBe(409);
    // Back as it was.
    expect((await client()(`/admin/staff/${demo.owner.id}/role`, { cookie: second.session, form: { role: 'owner' } })).status).toBe(303);
    expect((await client()(`/admin/staff/${second.agent.id}/status`, { cookie: owner, form: { status: 'disabled' } })).status).toBe(303);
    expect((await tdb().agents.find(second.agent.id))!.status).toBe('disabled');
  });

  it("keeps other tenants' staff out of reach (404) and this tenant's sessions out of theirs", async () => {
    const alphaTdb = forTenant(host.db, host.fixtures.alpha.id);
    const alphaAgent = await alphaTdb.agents.create({ email: `a-${newId()}@alpha.example`, name: 'Alpha Agent', role: 'agent' }, clock.now());
    for (const [path, form] of [[`/admin/staff/${alphaAgent.id}/role`, { role: 'read_only' }], [`/admin/staff/${alphaAgent.id}/status`, { status: 'disabled' }], [`/admin/staff/${alphaAgent.id}/invitation`, {}]] as const) {
      expect((await client()(path, { cookie: owner, form })).status, path).toBe(404);
    }
    expect((await alphaTdb.agents.find(alphaAgent.id))!).toMatchObject({ role: 'agent', status: 'active' });
    expect(await (await client()('/admin/staff', { cookie: owner })).text()).not.toContain('Alpha Agent');
    // The demo owner's session means nothing on alpha's host.
    const alpha = tenantClient(host.app, 'alpha');
    expect((await alpha('/admin/staff', { cookie: owner })).status).toBe(303);
    // Alpha's owner cannot reach the demo team either.
    const alphaOwner = await alphaTdb.agents.create({ email: `o-${newId()}@alpha.example`, name: 'Alpha Owner', role: 'owner' }, clock.now());
    const alphaSession = (await startSession(alphaTdb, { type: 'agent', id: alphaOwner.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    expect((await alpha(`/admin/staff/${demo.owner.id}/status`, { cookie: alphaSession, form: { status: 'disabled' } })).status).toBe(404);
    expect((await alpha(`/admin/staff/${demo.owner.id}/role`, { cookie: alphaSession, form: { role: 'agent' } })).status).toBe(404);
    expect((await tdb().agents.find(demo.owner.id))!).toMatchObject({ role: 'owner', status: 'active' });
  });
});
