import type { PaymentSettings, PortalSettings, Tenant, TenantBranding, TenantSettings } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { contrastRatio, isHexColor, PAPER } from '../domain/color';
import { formatCents, parseCents } from '../domain/money';

/** Where a tenant's own row is written (the tenants table is the platform's; the host gives this to the owner's pages). */
export interface TenantStore {
  save(tenant: Tenant, values: Partial<Pick<Tenant, 'branding' | 'settings'>>, now: Date): Promise<Tenant>;
}

export interface BrandingInput {
  portalName: string;
  primaryColor: string;
  accentColor: string;
}

/**
 * The brand colours must stay readable: the primary colour is the colour of links and of text on
 * white (WCAG AA, 4.5:1), the accent the colour of focus rings (3:1 for non-text).
 */
export function brandingProblems(b: BrandingInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!b.portalName.trim()) errors.portalName = 'Enter the name borrowers see.';
  else if (b.portalName.trim().length > 60) errors.portalName = 'Keep the name under 60 characters.';
  if (!isHexColor(b.primaryColor)) errors.primaryColor = 'Enter a colour as #rrggbb, for example #0b5394.';
  else if (contrastRatio(b.primaryColor, PAPER) < 4.5) errors.primaryColor = `Links in this colour are hard to read on white (contrast ${contrastRatio(b.primaryColor, PAPER).toFixed(2)}:1; at least 4.5:1 is needed). Choose a darker colour.`;
  if (!isHexColor(b.accentColor)) errors.accentColor = 'Enter a colour as #rrggbb, for example #b45309.';
  else if (contrastRatio(b.accentColor, PAPER) < 3) errors.accentColor = `Focus outlines in this colour are hard to see on white (contrast ${contrastRatio(b.accentColor, PAPER).toFixed(2)}:1; at least 3:1 is needed).`;
  return errors;
}

/** The payment rules from the owner's form, or a message per field. */
export function readPaymentSettings(v: Record<string, string>, current: PaymentSettings): { ok: true; settings: PaymentSettings } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const money = (name: string, label: string) => {
    const cents = parseCents(v[name] ?? '');
    if (cents === null || cents < 0) errors[name] = `Enter ${label} in dollars, such as 25.00.`;
    return cents ?? 0;
  };
  const whole = (name: string, label: string, min: number, max: number) => {
    const n = Number(v[name]);
    if (!/^\d+$/.test(v[name] ?? '') || n < min || n > max) errors[name] = `Enter ${label}: a whole number from ${min} to ${max}.`;
    return n;
  };
  const methods = (['card', 'bank'] as const).filter((m) => v[`method-${m}`] === 'on');
  const minAmount = money('minAmount', 'the smallest payment');
  const maxAmount = money('maxAmount', 'the largest payment');
  if (!errors.minAmount && !errors.maxAmount && minAmount > maxAmount) errors.maxAmount = `The largest payment must be at least the smallest (${formatCents(minAmount)}).`;
  const maxDaysAhead = whole('maxDaysAhead', 'how many days ahead', 0, 365);
  const returnWindowDays = whole('returnWindowDays', 'the return window in days', 1, 60);
  const cutoffTime = v.cutoffTime ?? '';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(cutoffTime)) errors.cutoffTime = 'Enter the cut-off time as HH:MM, for example 17:00.';
  const card = money('feeCard', 'the card fee');
  const bank = money('feeBank', 'the bank fee');
  const enabled = v.enabled === 'on';
  if (enabled && methods.length === 0) errors.methods = 'Allow cards, bank accounts or both, or switch online payments off.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: { ...current, enabled, methods, minAmount, maxAmount, maxDaysAhead, cutoffTime, convenienceFees: { card, bank }, autopay: v.autopay === 'on', returnWindowDays } };
}

/** Sections and summary figures from the owner's checkboxes. */
export function readPortalSettings(v: Record<string, string>): PortalSettings {
  const on = (k: string) => v[k] === 'on';
  return {
    sections: { transactions: on('section-transactions'), statements: on('section-statements'), documents: on('section-documents'), collateral: on('section-collateral') },
    summaryFields: {
      interestRate: on('field-interestRate'), principalBalance: on('field-principalBalance'), payoff: on('field-payoff'), amountDue: on('field-amountDue'),
      daysPastDue: on('field-daysPastDue'), remainingPayments: on('field-remainingPayments'), projectedPayoff: on('field-projectedPayoff'), creditAvailable: on('field-creditAvailable'),
    },
  };
}

/** Saves an owner's change and records it, before and after, in the audit log. */
export async function saveTenantChange(
  store: TenantStore,
  tdb: TenantDb,
  tenant: Tenant,
  change: { branding?: TenantBranding; settings?: TenantSettings },
  actorId: string,
  action: string,
  now: Date,
): Promise<Tenant> {
  const saved = await store.save(tenant, change, now);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  if (change.branding) {
    before.branding = tenant.branding;
    after.branding = saved.branding;
  }
  if (change.settings) {
    for (const key of new Set([...Object.keys(tenant.settings), ...Object.keys(change.settings)]) as Set<keyof TenantSettings>) {
      if (JSON.stringify(tenant.settings[key]) !== JSON.stringify(change.settings[key])) {
        before[key] = tenant.settings[key] ?? null;
        after[key] = change.settings[key] ?? null;
      }
    }
  }
  await tdb.audit.record({ actorType: 'agent', actorId, action, entityType: 'tenant', entityId: tenant.id, before, after }, now);
  return saved;
}
