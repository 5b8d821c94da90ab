import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopePrefix } from '../../src/http/hosts';
import { TEST_BASE_DOMAIN, type Fixtures } from '../support/fixtures';
import { startNodeTestHost, type NodeTestHost } from '../support/node-host';

/**
 * Every route on a tenant host, and how to probe it with another tenant's data. A new route
 * without an entry here fails this test, so each route gets its cross-tenant case.
 */
const probes: Record<string, (f: Fixtures) => { path: string; method?: string; body?: string }> = {
  'GET /': () => ({ path: '/' }),
  'GET /dev/outbox': () => ({ path: '/dev/outbox' }),
  'POST /dev/outbox': () => ({ path: '/dev/outbox', method: 'POST', body: 'to=probe%40example.com' }),
  'GET /dev/outbox/:id': (f) => ({ path: `/dev/outbox/${f.bravo.emailId}` }),
  'GET /dev/outbox/:id/html': (f) => ({ path: `/dev/outbox/${f.bravo.emailId}/html` }),
  'GET /login': () => ({ path: '/login' }),
  'POST /login': () => ({ path: '/login', method: 'POST', body: 'email=pat%40bravo.example&password=whatever' }),
  'POST /logout': () => ({ path: '/logout', method: 'POST' }),
  'GET /signup': () => ({ path: '/signup' }),
  'POST /signup': () => ({ path: '/signup', method: 'POST', body: 'email=pat%40bravo.example' }),
  'GET /forgot': () => ({ path: '/forgot' }),
  'POST /forgot': () => ({ path: '/forgot', method: 'POST', body: 'email=pat%40bravo.example' }),
  'GET /reset': () => ({ path: '/reset?token=x' }),
  'POST /reset': () => ({ path: '/reset', method: 'POST', body: 'token=x&password=a&confirm=a' }),
  'GET /security': () => ({ path: '/security' }),
  'POST /security/sessions/:id/revoke': () => ({ path: '/security/sessions/x/revoke', method: 'POST' }),
  'POST /security/password': () => ({ path: '/security/password', method: 'POST', body: 'current=a' }),
  'GET /login/verify': () => ({ path: '/login/verify' }),
  'POST /login/verify/totp': () => ({ path: '/login/verify/totp', method: 'POST', body: 'code=123456' }),
  'POST /login/verify/email': () => ({ path: '/login/verify/email', method: 'POST' }),
  'POST /login/verify/email-code': () => ({ path: '/login/verify/email-code', method: 'POST', body: 'code=123456' }),
  'POST /login/verify/recovery': () => ({ path: '/login/verify/recovery', method: 'POST', body: 'code=x' }),
  'POST /security/confirm': () => ({ path: '/security/confirm', method: 'POST', body: 'password=x' }),
  'POST /security/totp/start': () => ({ path: '/security/totp/start', method: 'POST' }),
  'GET /security/totp': () => ({ path: '/security/totp' }),
  'POST /security/totp': () => ({ path: '/security/totp', method: 'POST', body: 'code=123456' }),
  'POST /security/totp/remove': () => ({ path: '/security/totp/remove', method: 'POST' }),
  'POST /security/recovery-codes': () => ({ path: '/security/recovery-codes', method: 'POST' }),
  'POST /security/email': () => ({ path: '/security/email', method: 'POST', body: 'email=a%40b.example&password=x' }),
  'POST /security/email/confirm': () => ({ path: '/security/email/confirm', method: 'POST', body: 'code=123456' }),
  'POST /login/passkey/options': () => ({ path: '/login/passkey/options', method: 'POST' }),
  'POST /login/passkey': () => ({ path: '/login/passkey', method: 'POST', body: '{}' }),
  'POST /security/passkeys/options': () => ({ path: '/security/passkeys/options', method: 'POST' }),
  'POST /security/passkeys': () => ({ path: '/security/passkeys', method: 'POST', body: '{}' }),
  'GET /admin/login': () => ({ path: '/admin/login' }),
  'POST /admin/login': () => ({ path: '/admin/login', method: 'POST', body: 'email=owner%40bravo.example&password=x' }),
  'POST /admin/logout': () => ({ path: '/admin/logout', method: 'POST' }),
  'GET /admin/login/verify': () => ({ path: '/admin/login/verify' }),
  'POST /admin/login/verify/totp': () => ({ path: '/admin/login/verify/totp', method: 'POST', body: 'code=123456' }),
  'POST /admin/login/verify/email': () => ({ path: '/admin/login/verify/email', method: 'POST' }),
  'POST /admin/login/verify/email-code': () => ({ path: '/admin/login/verify/email-code', method: 'POST', body: 'code=123456' }),
  'POST /admin/login/verify/recovery': () => ({ path: '/admin/login/verify/recovery', method: 'POST', body: 'code=x' }),
  'GET /admin': () => ({ path: '/admin' }),
  'GET /admin/ach': () => ({ path: '/admin/ach' }),
  'GET /admin/held/:token': () => ({ path: '/admin/held/0123456789abcdefghijABCDEFGHIJ0123456789abc' }),
  'POST /admin/held/:token/discard': () => ({ path: '/admin/held/0123456789abcdefghijABCDEFGHIJ0123456789abc/discard', method: 'POST' }),
  'GET /admin/settings': () => ({ path: '/admin/settings' }),
  'GET /admin/customers': () => ({ path: '/admin/customers?q=pat' }),
  'GET /admin/customers/results': () => ({ path: '/admin/customers/results?q=pat' }),
  'GET /admin/customers/:id': () => ({ path: '/admin/customers/x' }),
  'GET /admin/customers/:id/edit': () => ({ path: '/admin/customers/x/edit' }),
  'POST /admin/customers/:id/edit': () => ({ path: '/admin/customers/x/edit', method: 'POST', body: 'firstName=a&lastName=b' }),
  'GET /admin/customers/:id/history.json': () => ({ path: '/admin/customers/x/history.json' }),
  'GET /admin/customers/:id/history': () => ({ path: '/admin/customers/x/history?tab=record&page=2' }),
  'GET /admin/customers/:id/export.json': () => ({ path: '/admin/customers/x/export.json' }),
  'POST /admin/customers/:id/links/:displayId': () => ({ path: '/admin/customers/x/links/FX-1', method: 'POST', body: 'role=Primary' }),
  'GET /admin/accounts': () => ({ path: '/admin/accounts?q=pat' }),
  'GET /admin/accounts/new': () => ({ path: '/admin/accounts/new' }),
  'GET /admin/accounts/new/customers': () => ({ path: '/admin/accounts/new/customers?q=pat' }),
  'POST /admin/accounts/new': () => ({ path: '/admin/accounts/new', method: 'POST', body: 'type=installment&productName=x' }),
  'GET /admin/accounts/:displayId': () => ({ path: '/admin/accounts/FX-1' }),
  'GET /admin/accounts/:displayId/payments': () => ({ path: '/admin/accounts/FX-1/payments' }),
  'POST /admin/accounts/:displayId/status': () => ({ path: '/admin/accounts/FX-1/status', method: 'POST', body: 'status=Closed' }),
  'GET /admin/accounts/:displayId/customers': () => ({ path: '/admin/accounts/FX-1/customers?q=pat' }),
  'POST /admin/accounts/:displayId/customers': () => ({ path: '/admin/accounts/FX-1/customers', method: 'POST', body: 'customer=x&role=Other' }),
  'POST /admin/accounts/:displayId/customers/:customerId/role': () => ({ path: '/admin/accounts/FX-1/customers/x/role', method: 'POST', body: 'role=Primary' }),
  'POST /admin/accounts/:displayId/customers/:customerId/remove': () => ({ path: '/admin/accounts/FX-1/customers/x/remove', method: 'POST' }),
  'GET /admin/accounts/:displayId/history.json': () => ({ path: '/admin/accounts/FX-1/history.json' }),
  'POST /admin/accounts/:displayId/payments/log': () => ({ path: '/admin/accounts/FX-1/payments/log', method: 'POST', body: 'amount=10&method=Cash' }),
  'POST /admin/accounts/:displayId/payments/process': () => ({ path: '/admin/accounts/FX-1/payments/process', method: 'POST', body: 'amount=10&method=x' }),
  'POST /admin/accounts/:displayId/payments/:ledgerId/reverse': () => ({ path: '/admin/accounts/FX-1/payments/x/reverse', method: 'POST', body: 'reason=NSF' }),
  'GET /admin/zip/:zip': () => ({ path: '/admin/zip/80202' }),
  'GET /admin/customers/new': () => ({ path: '/admin/customers/new' }),
  'POST /admin/customers/new': () => ({ path: '/admin/customers/new', method: 'POST', body: 'customerType=individual&firstName=a&lastName=b&status=Active' }),
  'GET /admin/customers/:id/photo': () => ({ path: '/admin/customers/x/photo' }),
  'POST /admin/customers/:id/edit/phones': () => ({ path: '/admin/customers/x/edit/phones', method: 'POST', body: 'type=mobile&number=3035550100' }),
  'POST /admin/customers/:id/edit/phones/:phoneId': () => ({ path: '/admin/customers/x/edit/phones/x', method: 'POST', body: 'type=mobile&number=3035550100&isPrimary=on' }),
  'POST /admin/customers/:id/edit/phones/:phoneId/remove': () => ({ path: '/admin/customers/x/edit/phones/x/remove', method: 'POST' }),
  'POST /admin/customers/:id/edit/address': () => ({ path: '/admin/customers/x/edit/address', method: 'POST', body: 'primaryLine1=1+Main&primaryCity=Denver&primaryState=CO&primaryZip=80202' }),
  'POST /admin/customers/:id/edit/mailing': () => ({ path: '/admin/customers/x/edit/mailing', method: 'POST', body: 'mailingSameAsPrimary=on' }),
  'POST /admin/customers/:id/edit/web-access': () => ({ path: '/admin/customers/x/edit/web-access', method: 'POST', body: 'username=someone' }),
  'POST /admin/customers/:id/edit/photo': () => ({ path: '/admin/customers/x/edit/photo', method: 'POST', body: 'photo=x' }),
  'POST /admin/customers/:id/edit/photo/remove': () => ({ path: '/admin/customers/x/edit/photo/remove', method: 'POST' }),
  'POST /admin/customers/:id/edit/additional': () => ({ path: '/admin/customers/x/edit/additional', method: 'POST', body: 'cf-x=1' }),
  'GET /admin/customers/:id/communications': () => ({ path: '/admin/customers/x/communications' }),
  'GET /admin/customers/:id/communications/emails/:emailId': (f) => ({ path: `/admin/customers/x/communications/emails/${f.bravo.emailId}` }),
  'GET /admin/customers/:id/privacy': () => ({ path: '/admin/customers/x/privacy' }),
  'POST /admin/customers/:id/privacy/delete': () => ({ path: '/admin/customers/x/privacy/delete', method: 'POST', body: 'confirm=x&reason=y' }),
  'POST /admin/customers/:id/privacy/delete/:deletionId/approve': () => ({ path: '/admin/customers/x/privacy/delete/x/approve', method: 'POST', body: 'confirm=x' }),
  'POST /admin/customers/:id/privacy/delete/:deletionId/withdraw': () => ({ path: '/admin/customers/x/privacy/delete/x/withdraw', method: 'POST' }),
  'POST /admin/customers/:id/view-as': () => ({ path: '/admin/customers/x/view-as', method: 'POST' }),
  'POST /view-as/end': () => ({ path: '/view-as/end', method: 'POST' }),
  'GET /admin/staff': () => ({ path: '/admin/staff' }),
  'POST /admin/staff/invite': () => ({ path: '/admin/staff/invite', method: 'POST', body: 'name=X&email=x%40bravo.example&role=agent' }),
  'POST /admin/staff/:agentId/invitation': () => ({ path: '/admin/staff/x/invitation', method: 'POST' }),
  'POST /admin/staff/:agentId/role': () => ({ path: '/admin/staff/x/role', method: 'POST', body: 'role=agent' }),
  'POST /admin/staff/:agentId/status': () => ({ path: '/admin/staff/x/status', method: 'POST', body: 'status=disabled' }),
  'GET /admin/invitation': () => ({ path: '/admin/invitation?token=x' }),
  'POST /admin/invitation': () => ({ path: '/admin/invitation', method: 'POST', body: 'token=x&password=a&confirm=a' }),
  'POST /admin/settings/sign-in': () => ({ path: '/admin/settings/sign-in', method: 'POST', body: 'mfa=optional&method-email=on&idleMinutes=15&absoluteHours=12' }),
  'POST /admin/settings/lists/:list': () => ({ path: '/admin/settings/lists/note-categories', method: 'POST', body: 'items=General' }),
  'POST /admin/settings/custom-fields': () => ({ path: '/admin/settings/custom-fields', method: 'POST', body: 'label=x&type=text&appliesTo=customer' }),
  'POST /admin/settings/custom-fields/:id/remove': () => ({ path: '/admin/settings/custom-fields/x/remove', method: 'POST', body: '' }),
  'GET /admin/customers/:id/employer': () => ({ path: '/admin/customers/x/employer' }),
  'POST /admin/customers/:id/employer': () => ({ path: '/admin/customers/x/employer', method: 'POST', body: 'name=a' }),
  'POST /admin/customers/:id/employer/remove': () => ({ path: '/admin/customers/x/employer/remove', method: 'POST' }),
  'GET /admin/customers/:id/references': () => ({ path: '/admin/customers/x/references' }),
  'POST /admin/customers/:id/references': () => ({ path: '/admin/customers/x/references', method: 'POST', body: 'name=a&relationship=b' }),
  'GET /admin/customers/:id/references/:refId/edit': () => ({ path: '/admin/customers/x/references/x/edit' }),
  'POST /admin/customers/:id/references/:refId/edit': () => ({ path: '/admin/customers/x/references/x/edit', method: 'POST', body: 'name=a&relationship=b' }),
  'POST /admin/customers/:id/references/:refId/remove': () => ({ path: '/admin/customers/x/references/x/remove', method: 'POST' }),
  'GET /admin/customers/:id/notes': () => ({ path: '/admin/customers/x/notes' }),
  'POST /admin/customers/:id/notes': () => ({ path: '/admin/customers/x/notes', method: 'POST', body: 'title=a&category=General&body=b' }),
  'GET /admin/customers/:id/notes/:noteId/edit': () => ({ path: '/admin/customers/x/notes/x/edit' }),
  'POST /admin/customers/:id/notes/:noteId/edit': () => ({ path: '/admin/customers/x/notes/x/edit', method: 'POST', body: 'title=a&category=General&body=b' }),
  'POST /admin/customers/:id/notes/:noteId/remove': () => ({ path: '/admin/customers/x/notes/x/remove', method: 'POST' }),
  'GET /admin/customers/:id/documents': () => ({ path: '/admin/customers/x/documents' }),
  'POST /admin/customers/:id/documents': () => ({ path: '/admin/customers/x/documents', method: 'POST', body: 'category=Other' }),
  'GET /admin/customers/:id/documents/:docId/download': () => ({ path: '/admin/customers/x/documents/x/download' }),
  'GET /admin/customers/:id/documents/:docId/edit': () => ({ path: '/admin/customers/x/documents/x/edit' }),
  'POST /admin/customers/:id/documents/:docId/edit': () => ({ path: '/admin/customers/x/documents/x/edit', method: 'POST', body: 'name=a&category=Other' }),
  'POST /admin/customers/:id/documents/:docId/deactivate': () => ({ path: '/admin/customers/x/documents/x/deactivate', method: 'POST' }),
  'POST /admin/customers/:id/documents/:docId/activate': () => ({ path: '/admin/customers/x/documents/x/activate', method: 'POST' }),
  'GET /admin/customers/:id/payment-profiles': () => ({ path: '/admin/customers/x/payment-profiles' }),
  'POST /admin/customers/:id/payment-profiles/:methodId/remove': () => ({ path: '/admin/customers/x/payment-profiles/x/remove', method: 'POST' }),
  'POST /admin/settings/branding': () => ({ path: '/admin/settings/branding', method: 'POST', body: 'portalName=x' }),
  'POST /admin/settings/portal': () => ({ path: '/admin/settings/portal', method: 'POST', body: 'section-documents=on' }),
  'POST /admin/settings/payments': () => ({ path: '/admin/settings/payments', method: 'POST', body: 'enabled=on' }),
  'POST /admin/settings/contact': () => ({ path: '/admin/settings/contact', method: 'POST', body: 'supportPhone=1' }),
  'POST /admin/settings/ach': () => ({ path: '/admin/settings/ach', method: 'POST', body: 'companyId=1234567890' }),
  'GET /admin/settings/preview': () => ({ path: '/admin/settings/preview?primaryColor=%23000000' }),
  'GET /branding/:file{[0-9a-f]{32}\\.(png|jpg|jpeg|webp)}': () => ({ path: '/branding/0123456789abcdef0123456789abcdef.png' }),
  'POST /admin/ach/files': () => ({ path: '/admin/ach/files', method: 'POST', body: 'day=2026-11-22' }),
  'GET /admin/ach/files/:file{[A-Za-z0-9_-]{22}\\.ach}': () => ({ path: '/admin/ach/files/AAAAAAAAAAAAAAAAAAAAAA.ach' }),
  'POST /admin/ach/returns': () => ({ path: '/admin/ach/returns', method: 'POST', body: 'reference=P-00000000&code=R01&date=2026-11-22' }),
  'POST /login/verify/sms': () => ({ path: '/login/verify/sms', method: 'POST' }),
  'POST /login/verify/sms-code': () => ({ path: '/login/verify/sms-code', method: 'POST', body: 'code=123456' }),
  'POST /admin/login/verify/sms': () => ({ path: '/admin/login/verify/sms', method: 'POST' }),
  'POST /admin/login/verify/sms-code': () => ({ path: '/admin/login/verify/sms-code', method: 'POST', body: 'code=123456' }),
  'POST /security/phone': () => ({ path: '/security/phone', method: 'POST', body: 'phone=3035550100' }),
  'POST /security/phone/confirm': () => ({ path: '/security/phone/confirm', method: 'POST', body: 'code=123456' }),
  'POST /security/phone/remove': () => ({ path: '/security/phone/remove', method: 'POST' }),
  'POST /security/passkeys/:id/remove': () => ({ path: '/security/passkeys/x/remove', method: 'POST' }),
  'GET /accounts/:displayId': () => ({ path: '/accounts/FX-1' }),
  'GET /accounts/:displayId/:tab': () => ({ path: '/accounts/FX-1/summary' }),
  'GET /accounts/:displayId/transactions.csv': () => ({ path: '/accounts/FX-1/transactions.csv' }),
  'GET /accounts/:displayId/statements/:file': () => ({ path: '/accounts/FX-1/statements/x.pdf' }),
  'POST /accounts/:displayId/documents': () => ({ path: '/accounts/FX-1/documents', method: 'POST', body: 'category=Other&name=x' }),
  'GET /accounts/:displayId/documents/:documentId': () => ({ path: '/accounts/FX-1/documents/x' }),
  'POST /accounts/:displayId/collateral/:collateralId/insurance': () => ({ path: '/accounts/FX-1/collateral/x/insurance', method: 'POST', body: 'carrier=x' }),
  'POST /accounts/:displayId/cards/:cardId/reveal': () => ({ path: '/accounts/FX-1/cards/x/reveal', method: 'POST', body: 'password=x' }),
  'POST /accounts/:displayId/cards/:cardId/activate': () => ({ path: '/accounts/FX-1/cards/x/activate', method: 'POST', body: 'ssn=123456789' }),
  'GET /accounts/:displayId/pay': () => ({ path: '/accounts/FX-1/pay' }),
  'POST /accounts/:displayId/pay/review': () => ({ path: '/accounts/FX-1/pay/review', method: 'POST', body: 'choice=custom&custom=1' }),
  'POST /accounts/:displayId/pay': () => ({ path: '/accounts/FX-1/pay', method: 'POST', body: 'draft=x' }),
  'GET /accounts/:displayId/pay/review': () => ({ path: '/accounts/FX-1/pay/review?draft=x' }),
  'GET /pay-multiple': () => ({ path: '/pay-multiple' }),
  'POST /pay-multiple': () => ({ path: '/pay-multiple', method: 'POST', body: 'method=x' }),
  'GET /pay-multiple/review': () => ({ path: '/pay-multiple/review?draft=x' }),
  'POST /pay-multiple/confirm': () => ({ path: '/pay-multiple/confirm', method: 'POST', body: 'draft=x&terms=on' }),
  'GET /payments/terms': () => ({ path: '/payments/terms' }),
  'GET /payments': () => ({ path: '/payments' }),
  'GET /payments/:reference{P-[0-9A-Z]{8}}': () => ({ path: '/payments/P-00000000' }),
  'GET /payments/:reference{P-[0-9A-Z]{8}}/status': () => ({ path: '/payments/P-00000000/status' }),
  'POST /payments/:reference{P-[0-9A-Z]{8}}/cancel': () => ({ path: '/payments/P-00000000/cancel', method: 'POST' }),
  'GET /payments/methods': () => ({ path: '/payments/methods' }),
  'GET /payments/methods/card-frame': () => ({ path: '/payments/methods/card-frame' }),
  'POST /payments/methods/card-frame/tokenize': () => ({ path: '/payments/methods/card-frame/tokenize', method: 'POST', body: '{}' }),
  'POST /payments/methods/cards': () => ({ path: '/payments/methods/cards', method: 'POST', body: 'token=x' }),
  'POST /payments/methods/bank': () => ({ path: '/payments/methods/bank', method: 'POST', body: 'routing=x' }),
  'POST /payments/methods/:id/default': () => ({ path: '/payments/methods/x/default', method: 'POST' }),
  'POST /payments/methods/:id/remove': () => ({ path: '/payments/methods/x/remove', method: 'POST' }),
  'GET /accounts/:displayId/autopay': () => ({ path: '/accounts/FX-1/autopay' }),
  'POST /accounts/:displayId/autopay/review': () => ({ path: '/accounts/FX-1/autopay/review', method: 'POST', body: 'frequency=monthly' }),
  'POST /accounts/:displayId/autopay': () => ({ path: '/accounts/FX-1/autopay', method: 'POST', body: 'accept=on' }),
  'GET /accounts/:displayId/autopay/:autopayId/edit': () => ({ path: '/accounts/FX-1/autopay/x/edit' }),
  'POST /accounts/:displayId/autopay/:autopayId/review': () => ({ path: '/accounts/FX-1/autopay/x/review', method: 'POST', body: 'frequency=monthly' }),
  'POST /accounts/:displayId/autopay/:autopayId': () => ({ path: '/accounts/FX-1/autopay/x', method: 'POST', body: 'accept=on' }),
  'POST /accounts/:displayId/autopay/:autopayId/switch': () => ({ path: '/accounts/FX-1/autopay/x/switch', method: 'POST', body: 'on=off' }),
};

describe('tenant isolation across every tenant route', () => {
  let host: NodeTestHost;
  beforeAll(async () => {
    host = await startNodeTestHost({ poll: false });
  });
  afterAll(() => host.stop());

  // Handlers, not middleware (middleware is mounted for ALL methods, usually on wildcard paths).
  const tenantRoutes = () =>
    [...new Set(host.app.routes
      .filter((r) => r.path.startsWith(scopePrefix.tenant) && !r.path.endsWith('*') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.slice(scopePrefix.tenant.length) || '/'}`))];

  it('has a cross-tenant probe for every route', () => {
    expect(tenantRoutes().sort()).toEqual(Object.keys(probes).sort());
  });

  it('shows no tenant data on the platform host', async () => {
    const platform = host.app.routes.filter((r) => r.path.startsWith(scopePrefix.platform) && !r.path.endsWith('*'));
    expect(platform.map((r) => `${r.method} ${r.path.slice(scopePrefix.platform.length) || '/'}`).sort()).toEqual(['GET /', 'GET /healthz', 'POST /webhooks/payments', 'POST /webhooks/sms/twilio']);
    for (const r of platform.filter((p) => p.method === 'GET')) {
      const text = await (await host.app.request(`https://${TEST_BASE_DOMAIN}${r.path.slice(scopePrefix.platform.length) || '/'}`)).text();
      for (const t of [host.fixtures.alpha, host.fixtures.bravo]) {
        expect(text).not.toContain(t.portalName);
        expect(text).not.toContain(t.emailSubject);
      }
    }
  });

  it("never shows tenant B's rows through tenant A's host; ids of B answer 404", async () => {
    const f = host.fixtures;
    for (const route of tenantRoutes()) {
      const probe = probes[route]!(f);
      const res = await host.app.request(`https://alpha.${TEST_BASE_DOMAIN}${probe.path}`, {
        method: probe.method ?? 'GET',
        headers: { origin: `https://alpha.${TEST_BASE_DOMAIN}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: probe.body,
        redirect: 'manual',
      });
      const text = await res.text();
      expect(text, route).not.toContain(f.bravo.emailSubject);
      expect(text, route).not.toContain(f.bravo.portalName);
      if (route.includes('/dev/outbox/:id') || route.startsWith('GET /branding/')) expect(res.status, route).toBe(404);
      // Signed-out requests to private pages go to sign-in; a wrong login is 401; a bad link is 410.
      else expect([200, 303, 400, 401, 410, 422], route).toContain(res.status);
    }
  });
});
