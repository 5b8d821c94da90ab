import { Hono, type Context } from 'hono';
import type { Account } from '../../db/schema';
import { addDays, localDate } from '../../domain/dates';
import { parseCents, centsToDecimal } from '../../domain/money';
import { autopayFrequencies, nextRunDate, type AutopayPlan } from '../../domain/payments/autopay';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { requireBorrower } from '../../http/middleware/session';
import { renderPage } from '../../http/render';
import { parseForm } from '../../http/validate';
import { z } from 'zod';
import { authorizationText, checkPlan, dueDatesOf, finalWarningFor, saveAutopay, switchAutopay } from '../../services/autopay';
import { borrowerAccount } from '../../services/borrower-accounts';
import { ServiceError } from '../../services/errors';
import { paymentSettingsOf } from '../../services/payment-settings';
import { tenantUrl } from '../../services/tenant-url';
import { AutopayForm, AutopayPage, AutopayReview, amountNote } from '../../../templates/pages/portal/autopay';

/** The form's fields as a plan (whatever is missing or malformed is left for checkPlan to name). */
function planFrom(v: Record<string, string>): Partial<AutopayPlan> {
  const fixed = parseCents(v.fixedAmount ?? '');
  const frequency = (autopayFrequencies as readonly string[]).includes(v.frequency ?? '') ? (v.frequency as AutopayPlan['frequency']) : undefined;
  return {
    ...(frequency ? { frequency } : {}),
    ...(v.startDate ? { startDate: v.startDate } : {}),
    ...(v.amountType ? { amountType: v.amountType as AutopayPlan['amountType'] } : {}),
    ...(v.amountType === 'fixed' && fixed !== null ? { fixedAmount: fixed } : {}),
    ...(v.amountType === 'fixed' && fixed === null ? { fixedAmount: Number.NaN } : {}),
    ...(frequency === 'semimonthly' ? { semimonthlyDays: [Number(v.day1), Number(v.day2)] as [number, number] } : {}),
  };
}

const planForm = z.record(z.string(), z.string());

/** A borrower's AutoPays on one account: set up (with an authorisation), switch on or off, change. */
export function autopayRoutes() {
  const app = new Hono<AppEnv>();
  // Mounted under /accounts beside the account pages: these middlewares cover AutoPay paths only.
  const offered = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const settings = paymentSettingsOf(c.get('tenant'));
    if (!settings.enabled || !settings.autopay) throw new AppError('not_found', 'AutoPay is not offered online.');
    await next();
  };
  for (const path of ['/:displayId/autopay', '/:displayId/autopay/*']) {
    app.use(path, requireBorrower());
    app.use(path, offered);
  }

  const customerId = (c: Context<AppEnv>) => c.get('session')!.subjectId;
  const now = (c: Context<AppEnv>) => c.get('deps').clock.now();
  const today = (c: Context<AppEnv>) => localDate(now(c), c.get('tenant').timeZone);
  const accountOf = async (c: Context<AppEnv>): Promise<Account> => {
    const found = await borrowerAccount(c.get('tdb'), customerId(c), c.req.param('displayId') ?? '');
    if (!found) throw new AppError('not_found', 'There is no such account among yours.');
    return found.account;
  };
  const methodsOf = async (c: Context<AppEnv>) => {
    const allowed = paymentSettingsOf(c.get('tenant')).methods;
    return (await c.get('tdb').paymentMethods.forCustomer(customerId(c))).filter((m) => allowed.includes(m.kind));
  };
  const zoneName = (c: Context<AppEnv>) =>
    new Intl.DateTimeFormat('en-US', { timeZone: c.get('tenant').timeZone, timeZoneName: 'long' }).formatToParts(now(c)).find((p) => p.type === 'timeZoneName')?.value ?? c.get('tenant').timeZone;
  const base = (account: Account) => `/accounts/${encodeURIComponent(account.displayId)}/autopay`;

  const showPage = async (c: Context<AppEnv>, account: Account, extra: { notice?: string; error?: string; values?: Record<string, string>; errors?: Record<string, string> } = {}, status: 200 | 409 | 422 = 200) => {
    // A co-borrower's AutoPays are theirs: each borrower sees and manages only their own.
    const rows = (await c.get('tdb').autopays.forAccount(account.id)).filter((r) => r.customerId === customerId(c));
    const views = await Promise.all(rows.map(async (row) => ({ row, method: await c.get('tdb').paymentMethods.find(row.paymentMethodId), warning: row.status === 'active' ? await finalWarningFor(c.get('tdb'), account, row, today(c)) : null })));
    return renderPage(
      c,
      `AutoPay ${account.displayId}`,
      <AutopayPage account={account} autopays={views} timeZoneName={zoneName(c)} notice={extra.notice} error={extra.error}>
        {/* One AutoPay per account and borrower: a second would pay the same amount due again. */}
        {rows.length === 0 ? <AutopayForm account={account} methods={await methodsOf(c)} action={`${base(account)}/review`} values={extra.values} errors={extra.errors} earliest={addDays(today(c), 1)} heading="Set up AutoPay" /> : null}
      </AutopayPage>,
      status,
    );
  };

  app.get('/:displayId/autopay', async (c) => {
    const account = await accountOf(c);
    return showPage(c, account, c.req.query('saved') ? { notice: 'AutoPay is set up. A copy of your authorisation is on its way by email.' } : {});
  });

  /** Review (with the exact authorisation text) for a new AutoPay, or for a change to `existingId`. */
  const review = async (c: Context<AppEnv>, account: Account, existingId: string | undefined, acceptError?: string) => {
    const form = await parseForm(c, planForm);
    const v = form.values;
    const plan = planFrom(v);
    const { errors, method } = await checkPlan(c.get('tdb'), c.get('tenant'), customerId(c), account, v.method ?? '', plan, now(c));
    if (Object.keys(errors).length > 0 || !method) {
      if (existingId) return renderPage(c, 'Change AutoPay', <AutopayForm account={account} methods={await methodsOf(c)} action={`${base(account)}/${encodeURIComponent(existingId)}/review`} values={v} errors={errors} earliest={addDays(today(c), 1)} heading="Change AutoPay" />, 422);
      return showPage(c, account, { values: v, errors }, 422);
    }
    const full = plan as AutopayPlan;
    const customer = (await c.get('tdb').customers.find(customerId(c)))!;
    const dueDates = await dueDatesOf(c.get('tdb'), account, today(c));
    const hidden = Object.fromEntries(Object.entries(v).filter(([k]) => ['method', 'frequency', 'startDate', 'amountType', 'fixedAmount', 'day1', 'day2'].includes(k)));
    return renderPage(
      c,
      'Authorise AutoPay',
      <AutopayReview
        account={account}
        text={authorizationText(c.get('tenant'), customer, account, method, full)}
        action={existingId ? `${base(account)}/${encodeURIComponent(existingId)}` : base(account)}
        back={base(account)}
        hidden={hidden}
        firstRun={nextRunDate(full, addDays(full.startDate, -1), dueDates)}
        amountNote={amountNote(full)}
        error={acceptError}
      />,
      acceptError ? 422 : 200,
    );
  };

  /** Saves after the borrower accepted the text shown (rebuilt here from the same choices). */
  const save = async (c: Context<AppEnv>, account: Account, existingId: string | undefined) => {
    const form = await parseForm(c, planForm);
    const v = form.values;
    if (v.accept !== 'on') return review(c, account, existingId, 'Tick the box to accept the authorisation.');
    const result = await saveAutopay(c.get('tdb'), c.get('tenant'), { queue: c.get('deps').queue, portalUrl: (path) => tenantUrl(c.get('deps').config, c.get('tenant').slug, path) }, { customerId: customerId(c), account, methodId: v.method ?? '', plan: planFrom(v) as AutopayPlan, ...(existingId ? { existingId } : {}) }, now(c));
    if (!result.ok && existingId) return renderPage(c, 'Change AutoPay', <AutopayForm account={account} methods={await methodsOf(c)} action={`${base(account)}/${encodeURIComponent(existingId)}/review`} values={v} errors={result.errors} earliest={addDays(today(c), 1)} heading="Change AutoPay" />, 422);
    if (!result.ok) return showPage(c, account, { values: v, errors: result.errors }, 422);
    return c.redirect(`${base(account)}?saved=1`, 303);
  };

  app.post('/:displayId/autopay/review', async (c) => review(c, await accountOf(c), undefined));
  app.post('/:displayId/autopay', async (c) => save(c, await accountOf(c), undefined));

  const ownAutopay = async (c: Context<AppEnv>, account: Account) => {
    const row = await c.get('tdb').autopays.find(c.req.param('autopayId') ?? '');
    if (!row || row.customerId !== customerId(c) || row.accountId !== account.id) throw new AppError('not_found', 'There is no such AutoPay on this account.');
    return row;
  };

  app.get('/:displayId/autopay/:autopayId/edit', async (c) => {
    const account = await accountOf(c);
    const row = await ownAutopay(c, account);
    const values: Record<string, string> = {
      method: row.paymentMethodId, frequency: row.frequency, startDate: row.startDate < today(c) ? addDays(today(c), 1) : row.startDate, amountType: row.amountType,
      ...(row.fixedAmount !== null ? { fixedAmount: centsToDecimal(row.fixedAmount) } : {}), ...(row.semimonthlyDays ? { day1: String(row.semimonthlyDays[0]), day2: String(row.semimonthlyDays[1]) } : {}),
    };
    return renderPage(c, 'Change AutoPay', <AutopayForm account={account} methods={await methodsOf(c)} action={`${base(account)}/${encodeURIComponent(row.id)}/review`} values={values} earliest={addDays(today(c), 1)} heading="Change AutoPay" />);
  });

  app.post('/:displayId/autopay/:autopayId/review', async (c) => {
    const account = await accountOf(c);
    return review(c, account, (await ownAutopay(c, account)).id);
  });

  app.post('/:displayId/autopay/:autopayId', async (c) => {
    const account = await accountOf(c);
    return save(c, account, (await ownAutopay(c, account)).id);
  });

  app.post('/:displayId/autopay/:autopayId/switch', async (c) => {
    const account = await accountOf(c);
    const row = await ownAutopay(c, account);
    const form = await parseForm(c, planForm);
    try {
      const after = await switchAutopay(c.get('tdb'), c.get('tenant'), { queue: c.get('deps').queue, portalUrl: (path) => tenantUrl(c.get('deps').config, c.get('tenant').slug, path) }, { customerId: customerId(c), account, autopayId: row.id, on: form.values.on === 'on' }, today(c), now(c));
      return showPage(c, account, { notice: after.status === 'active' ? 'AutoPay is on.' : 'AutoPay is off. No payments will be taken until you switch it back on. We have emailed you a confirmation.' });
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'conflict') return showPage(c, account, { error: error.message }, 409);
      throw error;
    }
  });
  return app;
}
