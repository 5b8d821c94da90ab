import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { MiddlewareHandler } from 'hono';
import { getPath } from 'hono/utils/url';
import type { AppDeps, AppEnv } from './env';
import { AppError, describeError } from './http/errors';
import { classifyHost, requestHost, scopePrefix, visiblePath } from './http/hosts';
import { requestContext } from './http/middleware/context';
import { sameOrigin } from './http/middleware/same-origin';
import { resolveTenant } from './http/middleware/tenant';
import { respondError } from './http/respond-error';
import { devRoutes } from './routes/dev/outbox';
import { platformRoutes } from './routes/platform';
import { webhookRoutes } from './routes/platform/webhooks';
import { handlePaymentWebhook } from './services/payment-webhooks';
import { handleTwilioInbound } from './services/sms-inbound';
import { pingDb } from './db/platform';
import { throttleStore } from './db/throttles';
import { loadSession } from './http/middleware/session';
import { viewAsMode } from './http/middleware/view-as';
import { viewAsRoutes } from './routes/portal/view-as';
import { authRoutes, signInRoutes } from './routes/portal/auth';
import { adminRoutes } from './routes/admin';
import { brandingFileRoutes, settingsRoutes } from './routes/admin/settings';
import { customerRoutes } from './routes/admin/customers';
import { customerTabRoutes } from './routes/admin/customer-tabs';
import { communicationRoutes } from './routes/admin/communications';
import { accountAdminRoutes } from './routes/admin/accounts';
import { staffRoutes } from './routes/admin/staff';
import { zipRoutes } from './routes/admin/zip';
import { tenantsRepo } from './db/platform';
import { securityRoutes } from './routes/portal/security';
import { accountRoutes } from './routes/portal/accounts';
import { paymentRoutes } from './routes/portal/payments';
import { autopayRoutes } from './routes/portal/autopay';
import { verifyRoutes } from './routes/portal/verify';
import { passkeyLoginRoutes, passkeyRegistrationRoutes } from './routes/portal/passkeys';
import { forTenant } from './db/tenant';
import { tenantDirectory } from './services/tenant-directory';
import { portalRoutes } from './routes/portal';

export interface CreateAppOptions {
  /** Static files for hosts that do not serve them in front of the app (Node). */
  assets?: MiddlewareHandler;
}

/**
 * The whole product as one Hono app; hosts (Workers, Node) only build its dependencies.
 * Requests are routed on "<host scope><path>" so each kind of host has its own routes.
 */
/** The routes that take a file upload (multipart), and so a larger body. */
const UPLOAD_PATH = /^\/(accounts\/[^/]+\/(documents|collateral\/[^/]+\/insurance)|admin\/customers\/[^/]+\/(documents|edit\/photo))$/;

export function createApp(deps: AppDeps, opts: CreateAppOptions = {}) {
  const tenants = tenantDirectory(deps.db, { ttlMs: 10_000 });
  const app = new Hono<AppEnv>({
    getPath: (req) => {
      const scope = classifyHost(requestHost(req.url), deps.config.BASE_DOMAIN);
      const path = getPath(req);
      // "/" maps to the bare prefix, which is where sub-apps mounted at "/" register it.
      return scopePrefix[scope.kind] + (path === '/' ? '' : path);
    },
  });

  // Our own id on every request; a client-sent X-Request-Id is not trusted (it would forge log ids).
  app.use(requestId({ headerName: '', generator: () => crypto.randomUUID() }));
  app.use(async (c, next) => {
    await next();
    c.header('X-Request-Id', c.get('requestId'));
  });
  app.use(requestContext(deps));
  app.use(
    secureHeaders({
      // Handlers may set stricter headers of their own (e.g. a sandboxed email preview).
      overwrite: false,
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      xFrameOptions: 'DENY',
      referrerPolicy: 'strict-origin-when-cross-origin',
      crossOriginOpenerPolicy: 'same-origin',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", NONCE],
        styleSrc: ["'self'", NONCE],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  if (opts.assets) app.use(opts.assets);
  const limitTo = (maxSize: number, message: string) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError('payload_too_large', message);
      },
    });
  const formLimit = limitTo(deps.config.MAX_BODY_BYTES, `Requests are limited to ${Math.floor(deps.config.MAX_BODY_BYTES / 1024)} KiB.`);
  // Uploads get room for one file plus the form around it; the file's own limit is checked with a clearer message.
  const uploadLimit = limitTo(deps.config.MAX_UPLOAD_BYTES + 65_536, `Files are limited to ${Math.floor(deps.config.MAX_UPLOAD_BYTES / 1_048_576)} MB.`);
  app.use((c, next) => (c.req.method === 'POST' && UPLOAD_PATH.test(visiblePath(c.req.path)) ? uploadLimit : formLimit)(c, next));
  app.use(sameOrigin({ exempt: (path) => path.startsWith(`${scopePrefix.platform}/webhooks/`) }));
  app.use('*', async (c, next) => {
    await next();
    // Pages can be personal; nothing dynamic is cached by browsers or shared caches.
    if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
  });

  // Tenant portals: <slug>.<BASE_DOMAIN>
  const tenant = new Hono<AppEnv>();
  const scoped = (tenantId: string) => forTenant(deps.db, tenantId);
  tenant.use(resolveTenant(tenants, scoped));
  const throttles = throttleStore(deps.db);
  tenant.use(async (c, next) => {
    c.set('throttles', throttles);
    await next();
  });
  tenant.use(loadSession());
  tenant.use(viewAsMode());
  tenant.route('/', signInRoutes('customer'));
  tenant.route('/', authRoutes());
  tenant.route('/login/verify', verifyRoutes('customer'));
  tenant.route('/admin', signInRoutes('agent'));
  tenant.route('/admin/login/verify', verifyRoutes('agent'));
  tenant.route('/admin', adminRoutes());
  tenant.route('/admin', settingsRoutes({
    load: (id) => tenantsRepo(deps.db).findById(id),
    async save(t, values, now) {
      const saved = await tenantsRepo(deps.db).update(t.id, values, now);
      if (!saved) throw new AppError('not_found', 'This portal no longer exists.');
      // This process sees the change at once; others within the directory's few seconds.
      tenants.invalidate(t.slug);
      return saved;
    },
  }));
  tenant.route('/branding', brandingFileRoutes());
  tenant.route('/admin', customerRoutes());
  tenant.route('/admin', customerTabRoutes());
  tenant.route('/admin', communicationRoutes());
  tenant.route('/admin', accountAdminRoutes());
  tenant.route('/admin', staffRoutes());
  tenant.route('/admin', zipRoutes());
  tenant.route('/login/passkey', passkeyLoginRoutes());
  tenant.route('/security/passkeys', passkeyRegistrationRoutes());
  tenant.route('/security', securityRoutes());
  tenant.route('/', paymentRoutes());
  tenant.route('/accounts', autopayRoutes());
  tenant.route('/accounts', accountRoutes());
  tenant.route('/', portalRoutes());
  tenant.route('/view-as', viewAsRoutes());
  if (deps.devRoutes) tenant.route('/dev', devRoutes());
  app.route(scopePrefix.tenant, tenant);

  // The platform's own site: <BASE_DOMAIN>
  app.route(scopePrefix.platform, platformRoutes({ databaseUp: () => pingDb(deps.db) }));
  app.route(`${scopePrefix.platform}/webhooks`, webhookRoutes({ payment: (rawBody, headers) => handlePaymentWebhook(deps, rawBody, headers), twilioSms: (request) => handleTwilioInbound(deps, request) }));

  // Any other host: the same "no portal" answer as an unknown tenant.
  const nohost = new Hono<AppEnv>();
  nohost.use(resolveTenant(tenants, scoped));
  app.route(scopePrefix.unknown, nohost);

  app.notFound((c) => respondError(c, 404, 'not_found', 'Nothing is published at this address. Check the link, or start from the home page.'));
  app.onError((err, c) => {
    const e = describeError(err);
    const log = c.get('logger') ?? deps.logger;
    if (e.expected) log.info('request refused', { status: e.status, code: e.code });
    else log.error('unhandled error', { err });
    return respondError(c, e.status, e.code, e.detail, e.headers);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;

