import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Account, PaymentMethodRow, PaymentRow } from '../../db/schema';
import { isIsoDate, localDate } from '../../domain/dates';
import { centsToDecimal, formatCents, parseCents } from '../../domain/money';
import { accountNumberProblem, routingProblem } from '../../domain/payments/aba';
import { nachaText } from '../../domain/payments/nacha';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { requireBorrower } from '../../http/middleware/session';
import { renderPage } from '../../http/render';
import { parseForm } from '../../http/validate';
import { UnknownCardError } from '../../integrations/payments';
import { isSandboxProcessor, sandboxCardPage, type TokenizeFailure } from '../../integrations/payments/sandbox';
import { newId } from '../../lib/ids';
import { encryptString } from '../../lib/secrets';
import { borrowerAccount, visibleAccounts } from '../../services/borrower-accounts';
import { dataKeysOf } from '../../services/data-keys';
import { ServiceError } from '../../services/errors';
import { amountChoices, payOptions, suggestedAmount, type AmountChoices, type PayOption } from '../../services/payment-amounts';
import { formatDay } from '../../lib/format';
import { openDraft, sealDraft, type PaymentDraft } from '../../services/payment-drafts';
import { paymentHistory } from '../../services/payment-history';
import { earliestPaymentDate, latestPaymentDate, paymentSettingsOf } from '../../services/payment-settings';
import { cancelPayment, checkSubmission, convenienceFee, methodLabel, methodRemovalRefusal, oneTimeDebitAuthorization, recentRepeats, submitPayments, type PaymentItem } from '../../services/payments';
import { tenantUrl } from '../../services/tenant-url';
import { ConfirmationPage, dueNote, HistoryPage, MethodsPage, type CardCapture, NothingToPay, outcomeOf, PayForm, PayMultiplePage, PaymentOutcome, PaymentTermsPage, ReviewPage, type HistoryFilter, type MultiLine } from '../../../templates/pages/portal/payments';

const payForm = z.object({
  choice: z.string().max(20).default(''),
  custom: z.string().max(20).default(''),
  method: z.string().max(64).default(''),
  later: z.string().max(4).optional(),
  date: z.string().max(10).default(''),
});
const confirmForm = z.object({ draft: z.string().max(4000).default(''), again: z.string().max(4).optional(), terms: z.string().max(4).optional() });
const bankForm = z.object({
  holderName: z.string().trim().min(1, 'Enter the name on the account.').max(22, 'Use at most 22 characters (what banks print).'),
  routing: z.string().trim().max(20).default(''),
  account: z.string().trim().max(30).default(''),
  confirmAccount: z.string().trim().max(30).default(''),
  accountType: z.enum(['checking', 'savings']).default('checking'),
});
// The processor's token for a card: the sandbox's, or a Stripe payment method; its details come from the processor.
const cardTokenForm = z.object({ token: z.string().regex(/^(tok_sbx_[a-z0-9_]+|pm_[A-Za-z0-9]{8,64})$/, 'The card form did not finish. Enter the card again.') });

const TOKENIZE_RULE = { limit: 20, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };
const brandNames: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };

/** What a typed amount is, or what is wrong with it, said plainly. */
function amountTyped(typed: string): { amount: number } | { error: string } {
  if (!typed) return { error: 'Enter the amount in dollars, such as 125.00.' };
  const cents = parseCents(typed);
  if (cents === null) return { error: `“${typed}” is not an amount: use dollars and cents, such as 125.00.` };
  if (cents < 0) return { error: 'Enter the amount without a minus sign.' };
  if (cents === 0) return { error: 'The amount must be more than $0.00.' };
  return { amount: cents };
}

/** Dollars typed by a person ("1,250.5", "$80") to cents; null when it is not an amount. */
const typedCents = (text: string) => {
  const cents = parseCents(text);
  return cents === null || cents < 0 ? null : cents;
};

/** The borrower's payments: pay one or several accounts, history, methods. */
export function paymentRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/payments/*', requireBorrower());
  app.use('/payments', requireBorrower());
  app.use('/pay-multiple', requireBorrower());
  app.use('/pay-multiple/*', requireBorrower());
  app.use('/accounts/:displayId/pay/*', requireBorrower());
  app.use('/accounts/:displayId/pay', requireBorrower());
  // A lender that takes no payments online has no payments area.
  const requireEnabled = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    if (!paymentSettingsOf(c.get('tenant')).enabled) throw new AppError('not_found', 'Payments are not available online.');
    await next();
  };
  app.use('/payments/*', requireEnabled);
  app.use('/payments', requireEnabled);
  app.use('/pay-multiple', requireEnabled);
  app.use('/pay-multiple/*', requireEnabled);
  app.use('/accounts/:displayId/pay/*', requireEnabled);
  app.use('/accounts/:displayId/pay', requireEnabled);

  const customerId = (c: Context<AppEnv>) => c.get('session')!.subjectId;
  const now = (c: Context<AppEnv>) => c.get('deps').clock.now();
  const today = (c: Context<AppEnv>) => localDate(now(c), c.get('tenant').timeZone);
  const portalUrl = (c: Context<AppEnv>) => (path: string) => tenantUrl(c.get('deps').config, c.get('tenant').slug, path);

  const accountOf = async (c: Context<AppEnv>): Promise<Account> => {
    const found = await borrowerAccount(c.get('tdb'), customerId(c), c.req.param('displayId') ?? '');
    if (!found) throw new AppError('not_found', 'There is no such account among yours.');
    return found.account;
  };
  const methodsOf = async (c: Context<AppEnv>) => {
    const allowed = paymentSettingsOf(c.get('tenant')).methods;
    return (await c.get('tdb').paymentMethods.forCustomer(customerId(c))).filter((m) => allowed.includes(m.kind));
  };
  const dates = (c: Context<AppEnv>) => {
    const s = paymentSettingsOf(c.get('tenant'));
    return { earliest: earliestPaymentDate(s, now(c), c.get('tenant').timeZone, 'card'), latest: latestPaymentDate(s, now(c), c.get('tenant').timeZone), cutoff: s.cutoffTime };
  };

  /** Today, or for a bank payment after the cut-off, tomorrow. */
  const earliestFor = (c: Context<AppEnv>, kind: 'card' | 'bank' | undefined) => earliestPaymentDate(paymentSettingsOf(c.get('tenant')), now(c), c.get('tenant').timeZone, kind ?? 'card');

  // ---- one account ----

  const choicesFor = (c: Context<AppEnv>, account: Account) => amountChoices(c.get('tdb'), c.get('tenant'), account, today(c));
  const showPayForm = async (c: Context<AppEnv>, account: Account, choices: AmountChoices, values: Record<string, string> = {}, errors: Record<string, string> = {}) =>
    renderPage(c, `Pay ${account.displayId}`, <PayForm account={account} choices={choices} methods={await methodsOf(c)} values={values} errors={errors} {...dates(c)} />, Object.keys(errors).length > 0 ? 422 : 200);

  app.get('/accounts/:displayId/pay', async (c) => {
    const account = await accountOf(c);
    const choices = await choicesFor(c, account);
    if (choices.paidInFull) return renderPage(c, choices.kind === 'loan' ? 'Paid in full' : 'Nothing owed', <NothingToPay account={account} />);
    if (choices.max === 0) return renderPage(c, 'Nothing more to pay', <NothingToPay account={account} onTheWay={choices} />);
    return showPayForm(c, account, choices);
  });

  /**
   * The amount a pay form chose. A typed amount is what the borrower meant: it counts when the
   * "Another amount" choice is picked or no choice is; typed beside another choice that differs,
   * the form asks which one rather than guessing.
   */
  const chosenAmount = (v: Record<string, string>, choices: AmountChoices, account: Account): { amount: number; option?: PayOption['id'] } | { error: string } => {
    const typed = (v.custom ?? '').trim();
    const options = payOptions(choices, account);
    const picked = options.find((o) => o.id === v.choice);
    if (v.choice === 'custom' || (!picked && typed)) return amountTyped(typed);
    if (!picked) return { error: 'Choose an amount, or type another amount.' };
    if (typed) {
      const amount = typedCents(typed);
      if (amount !== picked.amount) return { error: `You typed ${amount === null ? `“${typed}”` : formatCents(amount)} but chose “${picked.label}” (${formatCents(picked.amount)}). Choose “Another amount” to pay what you typed, or clear the box.` };
    }
    return { amount: picked.amount, option: picked.id };
  };

  /** The amount, method and date a pay form chose, checked; or the form again with messages. */
  const readPayForm = async (c: Context<AppEnv>, account: Account, choices: AmountChoices) => {
    const form = await parseForm(c, payForm);
    const v = form.values;
    const errors: Record<string, string> = {};
    const chosen = chosenAmount(v, choices, account);
    if ('error' in chosen) errors.amount = chosen.error;
    const method = await c.get('tdb').paymentMethods.find(v.method ?? '');
    // The date shown starts at today: left so (or empty), it is the earliest the method allows (a bank payment after the cut-off goes tomorrow).
    const typedDate = (v.date ?? '').trim();
    const date = typedDate && typedDate !== today(c) ? typedDate : earliestFor(c, method?.kind);
    if (!isIsoDate(date)) errors.date = 'Choose the payment date.';
    // A listed amount is worked out for the day the payment is made (a bank payment after the
    // cut-off, or one scheduled): it must do on that day what its label promises.
    let amount = 'amount' in chosen ? chosen.amount : 0;
    const option = 'amount' in chosen ? chosen.option : undefined;
    const later = isIsoDate(date) && date > today(c) ? await amountChoices(c.get('tdb'), c.get('tenant'), account, date) : null;
    if (option && later) amount = payOptions(later, account).find((o) => o.id === option)?.amount ?? amount;
    const check = await checkSubmission(c.get('tdb'), c.get('tenant'), { customerId: customerId(c), methodId: v.method ?? '', date, items: [{ account, amount }] }, now(c), new Map([[account.id, later ?? choices]]));
    for (const [k, m] of Object.entries(check.errors)) if (!(k === 'amount' && errors.amount) && !(k === 'date' && errors.date)) errors[k] = m;
    if (Object.keys(errors).length === 0) return { ok: true as const, amount, date, method: check.method!, ...(option ? { option } : {}) };
    return { ok: false as const, response: await showPayForm(c, account, choices, v, errors) };
  };

  const draftUrl = async (c: Context<AppEnv>, path: string, draft: PaymentDraft) => `${path}?draft=${encodeURIComponent(await sealDraft(c.get('deps').config, c.get('tenant'), customerId(c), draft, now(c)))}`;
  const openedDraft = async (c: Context<AppEnv>, token: string | undefined) => {
    const draft = await openDraft(c.get('deps').config, c.get('tenant'), customerId(c), token ?? '', now(c));
    if (!draft) throw new AppError('validation', 'This payment page has expired. Start the payment again.');
    return draft;
  };

  // The form posts here and is redirected to its review (post/redirect/get): Back never re-posts it.
  app.post('/accounts/:displayId/pay/review', async (c) => {
    const account = await accountOf(c);
    const choices = await choicesFor(c, account);
    const read = await readPayForm(c, account, choices);
    if (!read.ok) return read.response;
    const draft: PaymentDraft = { key: newId(), methodId: read.method.id, date: read.date, items: [[account.id, read.amount]], source: 'one_time', fee: convenienceFee(c.get('tenant'), read.method.kind), ...(read.option ? { option: read.option } : {}) };
    return c.redirect(await draftUrl(c, `/accounts/${encodeURIComponent(account.displayId)}/pay/review`, draft), 303);
  });

  /** The review of a draft: what will be paid, the one fee, the total on the button, the authorisation; or what it already made. */
  const showReview = async (c: Context<AppEnv>, token: string, draft: PaymentDraft, extra: { repeatError?: string; status?: 409 | 422 } = {}) => {
    const made = await c.get('tdb').payments.forSubmission(customerId(c), draft.key);
    if (made.length > 0) return c.redirect(`/payments/${encodeURIComponent(made[0]!.reference)}?again=1`, 303);
    const visible = await visibleAccounts(c.get('tdb'), customerId(c));
    const items = draft.items.map(([id, amount]) => ({ account: visible.find((a) => a.id === id), amount }));
    const method = await c.get('tdb').paymentMethods.find(draft.methodId);
    if (items.some((i) => !i.account) || !method || method.customerId !== customerId(c) || method.removedAt) throw new AppError('validation', 'This payment can no longer be made as it was. Start the payment again.');
    const resolved = items as PaymentItem[];
    const repeats = await recentRepeats(c.get('tdb'), customerId(c), resolved, now(c));
    const single = draft.source === 'one_time';
    const back = single ? `/accounts/${encodeURIComponent(resolved[0]!.account.displayId)}/pay` : '/pay-multiple';
    return renderPage(
      c,
      'Review your payment',
      <ReviewPage
        title={single ? 'Review your payment' : 'Review your payments'}
        action={single ? `/accounts/${encodeURIComponent(resolved[0]!.account.displayId)}/pay` : '/pay-multiple/confirm'}
        back={back}
        lines={resolved.map((i) => ({ label: `${i.account.productName} ${i.account.displayId}`, amount: i.amount }))}
        fee={draft.fee}
        method={method}
        date={draft.date}
        note={draft.option && draft.date !== today(c) ? `The amount is worked out for ${formatDay(draft.date)}, the day the payment is made.` : undefined}
        hidden={{ draft: token }}
        authorization={method.kind === 'bank' ? oneTimeDebitAuthorization(c.get('tenant'), method, resolved, draft.date, draft.fee, today(c)) : null}
        terms={!single}
        repeats={repeats}
        timeZone={c.get('tenant').timeZone}
        {...(extra.repeatError ? { error: extra.repeatError } : {})}
      />,
      extra.status ?? 200,
    );
  };

  app.get('/accounts/:displayId/pay/review', async (c) => {
    await accountOf(c);
    const token = c.req.query('draft') ?? '';
    return showReview(c, token, await openedDraft(c, token));
  });

  app.post('/accounts/:displayId/pay', async (c) => {
    const account = await accountOf(c);
    const form = await parseForm(c, confirmForm);
    const token = form.values.draft ?? '';
    const draft = await openedDraft(c, token);
    if (draft.source !== 'one_time' || draft.items[0]![0] !== account.id) throw new AppError('validation', 'This payment page has expired. Start the payment again.');
    return submit(c, token, draft, form.values.again === 'on');
  });

  /** Submits a reviewed draft and shows its page; a refusal goes back to the form or the review with the reasons. */
  const submit = async (c: Context<AppEnv>, token: string, draft: PaymentDraft, again: boolean) => {
    const visible = await visibleAccounts(c.get('tdb'), customerId(c));
    const items: PaymentItem[] = [];
    for (const [id, amount] of draft.items) {
      const account = visible.find((a) => a.id === id);
      if (!account) throw new AppError('not_found', 'There is no such account among yours.');
      items.push({ account, amount });
    }
    const redo = (errors: Record<string, string>) =>
      draft.source === 'one_time'
        ? choicesFor(c, items[0]!.account).then((choices) => showPayForm(c, items[0]!.account, choices, { choice: 'custom', custom: centsToDecimal(items[0]!.amount), method: draft.methodId, later: 'on', date: draft.date }, errors))
        : showMulti(c, { method: draft.methodId, ...Object.fromEntries(items.flatMap((i) => [[`pay-${i.account.displayId}`, 'on'], [`amount-${i.account.displayId}`, centsToDecimal(i.amount)]])) }, errors);
    const method = await c.get('tdb').paymentMethods.find(draft.methodId);
    const authorization = method?.kind === 'bank' ? oneTimeDebitAuthorization(c.get('tenant'), method, items, draft.date, draft.fee, today(c)) : undefined;
    let result;
    try {
      result = await submitPayments(c.get('tdb'), c.get('tenant'), { queue: c.get('deps').queue, portalUrl: portalUrl(c) }, {
        customerId: customerId(c), key: draft.key, methodId: draft.methodId, date: draft.date, items, source: draft.source === 'multi' && items.length > 1 ? 'multi' : 'one_time',
        actor: { type: 'customer', id: customerId(c) }, repeatConfirmed: again, expectedFee: draft.fee, ...(authorization ? { authorizationText: authorization } : {}),
      }, now(c));
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'conflict') return redo({ _form: error.message });
      throw error;
    }
    if (!result.ok) {
      if (result.repeats) return showReview(c, token, draft, { repeatError: result.errors.repeat ?? 'You made this payment already.', status: 409 });
      if (result.errors.fee && method) {
        // The lender changed its fee since the review: the borrower sees the new total before paying.
        const fresh: PaymentDraft = { ...draft, key: newId(), fee: convenienceFee(c.get('tenant'), method.kind) };
        return showReview(c, await sealDraft(c.get('deps').config, c.get('tenant'), customerId(c), fresh, now(c)), fresh, { repeatError: result.errors.fee, status: 409 });
      }
      return redo(result.errors);
    }
    return c.redirect(`/payments/${encodeURIComponent(result.payments[0]!.reference)}`, 303);
  };

  // ---- several accounts ----

  const multiLines = async (c: Context<AppEnv>): Promise<MultiLine[]> => {
    // Paid-off accounts are listed too, unselectable, so nobody wonders where they went.
    const accounts = await visibleAccounts(c.get('tdb'), customerId(c));
    return Promise.all(
      accounts.map(async (account) => {
        const choices = await choicesFor(c, account);
        return { account, suggested: Math.min(suggestedAmount(choices, account), choices.max), max: choices.max, paidInFull: choices.paidInFull, note: dueNote(choices) };
      }),
    );
  };
  const showMulti = async (c: Context<AppEnv>, values: Record<string, string> = {}, errors: Record<string, string> = {}) =>
    renderPage(c, 'Pay multiple accounts', <PayMultiplePage lines={await multiLines(c)} methods={await methodsOf(c)} values={values} errors={errors} fee={paymentSettingsOf(c.get('tenant')).convenienceFees} />, Object.keys(errors).length > 0 ? 422 : 200);

  app.get('/pay-multiple', (c) => showMulti(c));

  // The choices post here and are redirected to their review, where the total and the terms are shown and accepted.
  app.post('/pay-multiple', async (c) => {
    const form = await parseForm(c, z.record(z.string(), z.string()));
    const v = form.values;
    const lines = await multiLines(c);
    const errors: Record<string, string> = {};
    const items: PaymentItem[] = [];
    for (const l of lines) {
      const id = l.account.displayId;
      if (v[`pay-${id}`] !== 'on') {
        // An amount changed on a row left unticked is not guessed at: ask.
        const typed = (v[`amount-${id}`] ?? '').trim();
        if (!l.paidInFull && typed && typedCents(typed) !== l.suggested) errors[`amount-${id}`] = `Tick ${id} to pay it, or clear its amount.`;
        continue;
      }
      if (l.paidInFull) {
        errors[`amount-${id}`] = `${id} is paid in full.`;
        continue;
      }
      const amount = typedCents(v[`amount-${id}`] ?? '');
      if (amount === null || amount === 0) errors[`amount-${id}`] = `Enter the amount for ${id}, such as 125.00.`;
      else items.push({ account: l.account, amount });
    }
    if (items.length === 0 && Object.keys(errors).length === 0) errors._form = 'Choose at least one account to pay.';
    const chosen = await c.get('tdb').paymentMethods.find(v.method ?? '');
    const date = earliestFor(c, chosen?.kind);
    if (items.length > 0) {
      const check = await checkSubmission(c.get('tdb'), c.get('tenant'), { customerId: customerId(c), methodId: v.method ?? '', date, items }, now(c));
      // With one account ticked the amount's message is keyed `amount`: put it by that account's field.
      const only = items.length === 1 ? items[0]!.account.displayId : null;
      for (const [k, m] of Object.entries(check.errors)) errors[k === 'amount' && only ? `amount-${only}` : k] ??= m;
    }
    if (Object.keys(errors).length > 0) return showMulti(c, v, errors);
    const draft: PaymentDraft = { key: newId(), methodId: chosen!.id, date, items: items.map((i) => [i.account.id, i.amount]), source: 'multi', fee: convenienceFee(c.get('tenant'), chosen!.kind) };
    return c.redirect(await draftUrl(c, '/pay-multiple/review', draft), 303);
  });

  app.get('/pay-multiple/review', async (c) => {
    const token = c.req.query('draft') ?? '';
    return showReview(c, token, await openedDraft(c, token));
  });

  app.post('/pay-multiple/confirm', async (c) => {
    const form = await parseForm(c, confirmForm);
    const token = form.values.draft ?? '';
    const draft = await openedDraft(c, token);
    if (draft.source !== 'multi') throw new AppError('validation', 'This payment page has expired. Start the payment again.');
    if (form.values.terms !== 'on') {
      return (await showReview(c, token, draft, { repeatError: 'Tick the box to authorise these payments and accept the payment terms.', status: 422 }));
    }
    return submit(c, token, draft, form.values.again === 'on');
  });

  app.get('/payments/terms', (c) => renderPage(c, 'Payment terms', <PaymentTermsPage tenant={c.get('tenant')} settings={paymentSettingsOf(c.get('tenant'))} />));

  // ---- history and one payment ----

  const historyFilter = (c: Context<AppEnv>): HistoryFilter => {
    const q = (k: string) => c.req.query(k) || undefined;
    const f = { account: q('account'), from: q('from'), to: q('to'), method: q('method'), type: q('type'), status: q('status') };
    if ((f.from && !isIsoDate(f.from)) || (f.to && !isIsoDate(f.to))) throw new AppError('validation', 'Enter dates as year-month-day, for example 2026-11-01.');
    return f;
  };

  const showHistory = async (c: Context<AppEnv>, f: HistoryFilter, extra: { notice?: string; error?: string } = {}, status: 200 | 409 = 200) => {
    const visible = await visibleAccounts(c.get('tdb'), customerId(c));
    const account = f.account ? visible.find((a) => a.displayId === f.account) : undefined;
    const rows = f.account && !account ? [] : await paymentHistory(c.get('tdb'), customerId(c), visible, { accountId: account?.id, from: f.from, to: f.to, method: f.method, type: f.type, status: f.status });
    return renderPage(c, 'Payments', <HistoryPage rows={rows} accounts={visible} filter={f} today={today(c)} {...extra} />, status);
  };

  app.get('/payments', async (c) => {
    const cancelled = c.req.query('cancelled');
    return showHistory(c, historyFilter(c), cancelled ? { notice: `Payment ${cancelled} is cancelled. We have emailed you a confirmation.` } : {});
  });

  /** A payment and the others submitted with it, if it is this borrower's. */
  const paymentView = async (c: Context<AppEnv>) => {
    const payment = await c.get('tdb').payments.findByReference(c.req.param('reference') ?? '');
    if (!payment || payment.customerId !== customerId(c)) throw new AppError('not_found', 'There is no such payment among yours.');
    const group = payment.groupId ? await c.get('tdb').payments.forGroup(payment.groupId) : [payment];
    const accounts = new Map<string, Account>();
    for (const p of group) {
      const a = await c.get('tdb').accounts.find(p.accountId);
      if (a) accounts.set(a.id, a);
    }
    const method = await c.get('tdb').paymentMethods.find(payment.paymentMethodId);
    // Where each account stands now that the payment reached it, in the words of the accounts list.
    const now = new Map<string, string>();
    for (const p of group) if ((p.status === 'completed' || p.status === 'processing') && p.ledgerEntryId && accounts.has(p.accountId)) now.set(p.accountId, dueNote(await choicesFor(c, accounts.get(p.accountId)!)));
    return { group, view: <PaymentOutcome payments={group} accounts={accounts} method={method} timeZone={c.get('tenant').timeZone} today={today(c)} again={c.req.query('again') === '1'} standing={now} /> };
  };

  app.get('/payments/:reference{P-[0-9A-Z]{8}}/status', async (c) => c.html((await paymentView(c)).view));

  app.get('/payments/:reference{P-[0-9A-Z]{8}}', async (c) => {
    const { group, view } = await paymentView(c);
    return renderPage(c, outcomeOf(group, today(c)).title, <ConfirmationPage>{view}</ConfirmationPage>);
  });

  app.post('/payments/:reference{P-[0-9A-Z]{8}}/cancel', async (c) => {
    try {
      const p = await cancelPayment(c.get('tdb'), c.get('tenant'), { queue: c.get('deps').queue, portalUrl: portalUrl(c) }, customerId(c), c.req.param('reference'), now(c));
      return c.redirect(`/payments?cancelled=${encodeURIComponent(p.reference)}`, 303);
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'conflict') return showHistory(c, {}, { error: error.message }, 409);
      throw error;
    }
  });

  // ---- payment methods ----

  /** The processor's customer for this borrower (created once), which saved cards attach to. */
  const processorCustomer = async (c: Context<AppEnv>) => {
    const customer = (await c.get('tdb').customers.find(customerId(c)))!;
    if (customer.processorCustomerId) return customer.processorCustomerId;
    const { customerId: created } = await c.get('deps').processor.createCustomer({
      idempotencyKey: `customer-${c.get('tenant').id}-${customer.id}`, name: `${customer.firstName} ${customer.lastName}`, ...(customer.email ? { email: customer.email } : {}), metadata: { tenant: c.get('tenant').id, customer: customer.id },
    });
    await c.get('tdb').customers.setProcessorCustomerId(customer.id, created, now(c));
    return created;
  };

  const showMethods = async (c: Context<AppEnv>, extra: { notice?: string; error?: string; bank?: { values?: Record<string, string>; errors?: Record<string, string> } } = {}, status: 200 | 409 | 422 = 200, withCardForm = false) => {
    const settings = paymentSettingsOf(c.get('tenant'));
    const processor = c.get('deps').processor;
    let capture: CardCapture | null = null;
    // Staff viewing as the borrower see the methods but get no card form: it would create the
    // processor's customer and let a card be attached straight at the processor.
    if (settings.methods.includes('card') && !c.get('viewAs')) {
      if (isSandboxProcessor(processor)) capture = { kind: 'frame', src: '/payments/methods/card-frame' };
      else if (!withCardForm) capture = { kind: 'link', href: '/payments/methods#add-card-title' };
      else {
        // Stripe's own form (Payment Element) collects the card in its frames; we get a payment method id.
        let setup;
        try {
          setup = await processor.createCardSetup({ idempotencyKey: `setup-${newId()}`, customerId: await processorCustomer(c), metadata: { tenant: c.get('tenant').id } });
        } catch (error) {
          // The processor is unreachable: the rest of the page (bank accounts, saved methods) still works.
          c.get('logger').warn('card setup failed', { kind: error instanceof Error ? error.name : 'unknown' });
          return renderPage(c, 'Payment methods', <MethodsPage methods={await methodsOf(c)} allowed={settings.methods} capture={null} {...extra} error={extra.error ?? 'Cards cannot be added right now: the card processor did not answer. Try again in a few minutes.'} />, status);
        }
        capture = { kind: 'stripe', publishableKey: c.get('deps').config.STRIPE_PUBLISHABLE_KEY ?? '', clientSecret: setup.clientSecret, nonce: c.get('secureHeadersNonce') ?? '' };
        const nonce = c.get('secureHeadersNonce') ?? '';
        c.header('content-security-policy', [
          "default-src 'self'", `script-src 'self' 'nonce-${nonce}' https://js.stripe.com`, `style-src 'self' 'nonce-${nonce}'`, "img-src 'self' data: https://*.stripe.com",
          "connect-src 'self' https://api.stripe.com", 'frame-src https://js.stripe.com https://hooks.stripe.com', "form-action 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
        ].join('; '));
      }
    }
    return renderPage(c, 'Payment methods', <MethodsPage methods={await methodsOf(c)} allowed={settings.methods} capture={capture} {...extra} />, status);
  };

  app.get('/payments/methods', (c) => showMethods(c, { ...(c.req.query('added') ? { notice: 'Your payment method is saved.' } : {}) }, 200, true));

  // The sandbox processor's own card page, framed by the methods page (Stripe serves its own in production).
  app.get('/payments/methods/card-frame', (c) => {
    const processor = c.get('deps').processor;
    if (!isSandboxProcessor(processor)) throw new AppError('not_found', 'Cards are added through the card processor’s page.');
    const nonce = newId().replace(/[^A-Za-z0-9]/g, '');
    const origin = new URL(c.req.url).origin;
    return c.html(sandboxCardPage({ nonce, parentOrigin: origin, postUrl: '/payments/methods/card-frame/tokenize' }), 200, {
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'`,
      'x-frame-options': 'SAMEORIGIN',
    });
  });

  app.post('/payments/methods/card-frame/tokenize', async (c) => {
    const processor = c.get('deps').processor;
    if (!isSandboxProcessor(processor)) throw new AppError('not_found', 'Cards are added through the card processor’s page.');
    // Card-testing bots try many numbers: a borrower gets a generous hourly allowance, no more.
    const locked = await c.get('throttles').attempt(`tokenize:${c.get('tenant').id}:${customerId(c)}`, TOKENIZE_RULE, now(c));
    if (locked > 0) return c.json({ ok: false, errors: {}, message: 'Too many cards tried. Try again in an hour.' } satisfies TokenizeFailure, 429);
    let body: Record<string, unknown>;
    try {
      body = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return c.json({ ok: false, errors: {}, message: 'The card form could not be read. Reload and try again.' } satisfies TokenizeFailure, 400);
    }
    const result = await processor.tokenizeCard({
      number: String(body.number ?? ''), expiryMonth: Number(body.expiryMonth), expiryYear: Number(body.expiryYear), cvc: String(body.cvc ?? ''),
      ...(typeof body.postalCode === 'string' ? { postalCode: body.postalCode } : {}),
    });
    return c.json(result, result.ok ? 200 : 422);
  });

  app.post('/payments/methods/cards', async (c) => {
    const form = await parseForm(c, cardTokenForm);
    if (!form.ok) return showMethods(c, { error: form.errors.token ?? 'The card form did not finish. Enter the card again.' }, 422);
    const processor = c.get('deps').processor;
    let card;
    try {
      // Brand, last four and expiry from the processor, never from the page.
      card = await processor.describeCard(form.data.token);
    } catch (error) {
      if (error instanceof UnknownCardError) return showMethods(c, { error: 'The card processor does not know this card. Enter the card again.' }, 422);
      throw error;
    }
    const customer = (await c.get('tdb').customers.find(customerId(c)))!;
    // A real processor's card must be attached to this borrower's own customer record there.
    if (!isSandboxProcessor(processor) && (!customer.processorCustomerId || card.customerId !== customer.processorCustomerId)) {
      return showMethods(c, { error: 'The card processor does not know this card. Enter the card again.' }, 422);
    }
    const existing = await c.get('tdb').paymentMethods.forCustomer(customer.id);
    const id = newId();
    await c.get('tdb').paymentMethods.add(
      { id, customerId: customer.id, kind: 'card', processor: processor.provider, processorToken: form.data.token, cardBrand: brandNames[card.brand] ?? 'Card', expiryMonth: card.expiryMonth, expiryYear: card.expiryYear, last4: card.last4, holderName: `${customer.firstName} ${customer.lastName}`, isDefault: existing.length === 0 },
      now(c),
    );
    await c.get('tdb').audit.record({ actorType: 'customer', actorId: customer.id, action: 'payment-method.added', entityType: 'customer', entityId: customer.id, after: { method: id, kind: 'card', last4: card.last4 } }, now(c));
    return c.redirect('/payments/methods?added=1', 303);
  });

  app.post('/payments/methods/bank', async (c) => {
    const form = await parseForm(c, bankForm);
    const v = form.values;
    const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
    const routing = (v.routing ?? '').replace(/\D/g, '');
    const account = (v.account ?? '').replace(/[\s-]/g, '');
    const routingError = routingProblem(v.routing ?? '');
    if (routingError) errors.routing = routingError;
    if (!errors.holderName && !nachaText(v.holderName ?? '').trim()) errors.holderName = 'Enter the name in Latin letters, as your bank prints it.';
    const accountError = accountNumberProblem(v.account ?? '');
    if (accountError) errors.account = accountError;
    else if ((v.confirmAccount ?? '').replace(/[\s-]/g, '') !== account) errors.confirmAccount = 'The two account numbers do not match.';
    // The numbers are never sent back to the page: only the name and type are kept on an error.
    if (Object.keys(errors).length > 0 || !form.ok) return showMethods(c, { bank: { values: { holderName: v.holderName ?? '', accountType: v.accountType ?? 'checking', routing: v.routing ?? '' }, errors } }, 422);
    const id = newId();
    const cid = customerId(c);
    const encrypted = await encryptString(await dataKeysOf(c.get('deps').config), account, `${c.get('tenant').id}:payment_method:${id}:account_number`);
    const existing = await c.get('tdb').paymentMethods.forCustomer(cid);
    await c.get('tdb').paymentMethods.add({ id, customerId: cid, kind: 'bank', routingNumber: routing, accountNumberEncrypted: encrypted, accountType: form.data.accountType, last4: account.slice(-4), holderName: form.data.holderName, isDefault: existing.length === 0 }, now(c));
    await c.get('tdb').audit.record({ actorType: 'customer', actorId: cid, action: 'payment-method.added', entityType: 'customer', entityId: cid, after: { method: id, kind: 'bank', last4: account.slice(-4) } }, now(c));
    return c.redirect('/payments/methods?added=1', 303);
  });

  const ownMethod = async (c: Context<AppEnv>): Promise<PaymentMethodRow> => {
    const m = await c.get('tdb').paymentMethods.find(c.req.param('id') ?? '');
    if (!m || m.customerId !== customerId(c) || m.removedAt) throw new AppError('not_found', 'There is no such payment method among yours.');
    return m;
  };

  app.post('/payments/methods/:id/default', async (c) => {
    const m = await ownMethod(c);
    await c.get('tdb').paymentMethods.makeDefault(customerId(c), m.id, now(c));
    return showMethods(c, { notice: `${methodLabel(m)} is now your default.` });
  });

  app.post('/payments/methods/:id/remove', async (c) => {
    const m = await ownMethod(c);
    const refusal = await methodRemovalRefusal(c.get('tdb'), m);
    if (refusal) return showMethods(c, { error: refusal }, 409);
    await c.get('tdb').paymentMethods.remove(m.id, now(c));
    await c.get('tdb').audit.record({ actorType: 'customer', actorId: customerId(c), action: 'payment-method.removed', entityType: 'customer', entityId: customerId(c), before: { method: m.id, kind: m.kind, last4: m.last4 } }, now(c));
    return showMethods(c, { notice: `${methodLabel(m)} is removed.` });
  });

  return app;
}
