import { signFormState, verifyFormState } from '../auth/tokens';
import type { Tenant } from '../db/schema';
import type { IsoDate } from '../domain/dates';
import type { Cents } from '../domain/money';
import { secretsOf, type Config } from '../env';

/**
 * A payment checked and waiting for the borrower's last look. The review page is reached by a
 * redirect carrying this draft (post/redirect/get), so Back never posts a form again, and the
 * draft's key is the payment's idempotency key: paying from the same review twice is one payment.
 */
export interface PaymentDraft {
  key: string;
  methodId: string;
  date: IsoDate;
  /** [account id, amount in cents] */
  items: [string, Cents][];
  source: 'one_time' | 'multi';
  /** The convenience fee shown on the review: the payment is refused if the lender changes it meanwhile. */
  fee: Cents;
  /** The amount picked from the list (payoff, past due…), worked out as of the payment's date. */
  option?: string;
}

const PURPOSE = 'payment-draft';
const DRAFT_MINUTES = 30;

export async function sealDraft(config: Config, tenant: Tenant, customerId: string, draft: PaymentDraft, now: Date): Promise<string> {
  return signFormState(secretsOf(config).tokenSecret, { tenantId: tenant.id, subject: customerId, purpose: PURPOSE }, { ...draft }, new Date(now.getTime() + DRAFT_MINUTES * 60_000));
}

/** The draft, if it was sealed for this tenant and borrower in the last half hour and is well formed; otherwise null. */
export async function openDraft(config: Config, tenant: Tenant, customerId: string, token: string, now: Date): Promise<PaymentDraft | null> {
  if (!token || token.length > 4000) return null;
  const data = await verifyFormState(secretsOf(config).tokenSecret, token, { tenantId: tenant.id, subject: customerId, purpose: PURPOSE, now });
  if (!data) return null;
  const { key, methodId, date, items, source, fee, option } = data as Partial<PaymentDraft>;
  const wellFormed =
    typeof key === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(key) && typeof methodId === 'string' && typeof date === 'string' && (source === 'one_time' || source === 'multi') &&
    Array.isArray(items) && items.length > 0 && items.every((i) => Array.isArray(i) && typeof i[0] === 'string' && Number.isSafeInteger(i[1]) && i[1] > 0) &&
    typeof fee === 'number' && Number.isSafeInteger(fee) && fee >= 0 && (option === undefined || typeof option === 'string');
  return wellFormed ? { key, methodId, date, items, source, fee, ...(option ? { option } : {}) } : null;
}
