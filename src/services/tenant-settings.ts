import type { CustomField, PaymentSettings, PortalSettings, SignInSettings, Tenant, TenantBranding, TenantSettings } from '../db/schema';
import { customFieldTypes, mfaMethods, type CustomFieldType } from '../domain/record-choices';
import type { TenantDb } from '../db/tenant';
import { contrastRatio, isHexColor, PAPER } from '../domain/color';
import { formatCents, parseCents } from '../domain/money';
import type { Component } from '../domain/loans/allocation';
import { toE164 } from '../domain/phone';
import { emailAddressProblem } from '../domain/email-address';

/** Where a tenant's own row is written (the tenants table is the platform's; the host gives this to the owner's pages). */
export interface TenantStore {
  /** The tenant as stored now (the request's copy may be a few seconds old: tenants are cached per isolate). */
  load(tenantId: string): Promise<Tenant | undefined>;
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

/**
 * The waterfalls an owner can choose: the order a payment pays fees, interest and principal.
 * The first is the default (decision 0010).
 */
export const waterfallChoices: { order: Component[]; label: string }[] = [
  { order: ['fees', 'interest', 'principal'], label: 'Fees, then interest, then principal (the default)' },
  { order: ['interest', 'fees', 'principal'], label: 'Interest, then fees, then principal' },
  { order: ['interest', 'principal', 'fees'], label: 'Interest, then principal, then fees (fees only once the balance is paid)' },
  { order: ['fees', 'principal', 'interest'], label: 'Fees, then principal, then interest' },
  { order: ['principal', 'interest', 'fees'], label: 'Principal, then interest, then fees' },
  { order: ['principal', 'fees', 'interest'], label: 'Principal, then fees, then interest' },
];

/** The lender's contact for borrowers (on receipts, notices and statements), or a message per field. */
export function readContactSettings(v: Record<string, string>): { ok: true; contact: Pick<TenantSettings, 'supportPhone' | 'supportEmail' | 'supportHours'> } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const phone = (v.supportPhone ?? '').trim();
  const email = (v.supportEmail ?? '').trim();
  const hours = (v.supportHours ?? '').trim();
  if (phone && (!toE164(phone) || phone.length > 40)) errors.supportPhone = 'Enter a phone number borrowers can call, such as (303) 555-0142.';
  const emailProblem = email ? emailAddressProblem(email) : null;
  if (emailProblem) errors.supportEmail = emailProblem;
  if (hours.length > 80) errors.supportHours = 'Keep the hours under 80 characters.';
  if (/[\u0000-\u001f\u007f]/.test(hours)) errors.supportHours = 'The hours cannot contain control characters.';
  if (!phone && !email) errors.supportPhone = 'Give borrowers at least a phone number or an email address.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, contact: { supportPhone: phone || undefined, supportEmail: email || undefined, supportHours: hours || undefined } };
}

/** The payment rules from the owner's form, or a message per field. */
export function readPaymentSettings(v: Record<string, string>, current: PaymentSettings): { ok: true; settings: PaymentSettings; allocationOrder: Component[] } | { ok: false; errors: Record<string, string> } {
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
  const waterfall = waterfallChoices.find((w) => w.order.join(',') === (v.waterfall ?? waterfallChoices[0]!.order.join(',')));
  if (!waterfall) errors.waterfall = 'Choose how payments are applied from the list.';
  if (Object.keys(errors).length > 0 || !waterfall) return { ok: false, errors };
  return { ok: true, allocationOrder: waterfall.order, settings: { ...current, enabled, methods, minAmount, maxAmount, maxDaysAhead, cutoffTime, convenienceFees: { card, bank }, autopay: v.autopay === 'on', returnWindowDays } };
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
  // Forms send the whole settings object built on the request's (possibly cached) copy: only the keys
  // this change touched are applied, onto the row as stored now, so two quick saves of different
  // sections (on different isolates, or by two owners) do not undo each other.
  const fresh = (await store.load(tenant.id)) ?? tenant;
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  let settings: TenantSettings | undefined;
  if (change.settings) {
    settings = { ...fresh.settings };
    for (const key of new Set([...Object.keys(tenant.settings), ...Object.keys(change.settings)]) as Set<keyof TenantSettings>) {
      if (JSON.stringify(tenant.settings[key]) === JSON.stringify(change.settings[key])) continue;
      before[key] = fresh.settings[key] ?? null;
      after[key] = change.settings[key] ?? null;
      if (change.settings[key] === undefined) delete settings[key];
      else (settings as Record<string, unknown>)[key] = change.settings[key];
    }
  }
  const saved = await store.save(fresh, { ...(change.branding ? { branding: change.branding } : {}), ...(settings ? { settings } : {}) }, now);
  if (change.branding) {
    before.branding = fresh.branding;
    after.branding = saved.branding;
  }
  await tdb.audit.record({ actorType: 'agent', actorId, action, entityType: 'tenant', entityId: tenant.id, before, after }, now);
  return saved;
}

// ——— Sign-in and MFA ———

/** The bounds an owner may choose within: short enough to protect a shared computer, long enough to work. */
export const signInBounds = { idleMinutes: { min: 5, max: 240 }, absoluteHours: { min: 1, max: 72 } } as const;

/**
 * Sign-in settings from the owner's form (`mfa`, `method-<m>`, `idleMinutes`, `staffIdleMinutes`, `absoluteHours`), or a
 * message per field. A form without `staffIdleMinutes` (an older page) keeps the current staff limit.
 */
export function readSignInSettings(v: Record<string, string>, current?: SignInSettings): { ok: true; settings: SignInSettings } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const mfa = v.mfa;
  if (mfa !== 'none' && mfa !== 'optional' && mfa !== 'required') errors.mfa = 'Choose whether borrowers never, may or must use a second step.';
  const methods = mfaMethods.filter((m) => v[`method-${m}`] === 'on');
  // Staff always pass a second step with these methods, so there must be one even when borrowers skip it.
  if (methods.length === 0) errors.methods = 'Allow at least one second-step method: staff always use one, and borrowers too unless the second step is off.';
  const whole = (name: 'idleMinutes' | 'staffIdleMinutes' | 'absoluteHours', label: string) => {
    const { min, max } = signInBounds[name === 'staffIdleMinutes' ? 'idleMinutes' : name];
    const text = (v[name] ?? '').trim();
    const n = Number(text);
    if (!/^\d{1,4}$/.test(text) || n < min || n > max) errors[name] = `Enter ${label}: a whole number from ${min} to ${max}.`;
    return n;
  };
  const idleMinutes = whole('idleMinutes', 'the minutes of inactivity');
  const staffIdleMinutes = v.staffIdleMinutes === undefined ? (current?.staffIdleMinutes ?? 30) : whole('staffIdleMinutes', 'the minutes of inactivity for staff');
  const absoluteHours = whole('absoluteHours', 'the longest session in hours');
  const longestIdle = Math.max(errors.idleMinutes ? 0 : idleMinutes, errors.staffIdleMinutes ? 0 : staffIdleMinutes);
  if (!errors.absoluteHours && absoluteHours * 60 < longestIdle) {
    errors.absoluteHours = `The longest session must be at least as long as the inactivity limit (${longestIdle} minutes).`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: { mfa: mfa as SignInSettings['mfa'], methods, idleMinutes, staffIdleMinutes, absoluteHours } };
}

// ——— Lists ———

export type ListName = 'customer-statuses' | 'note-categories' | 'document-sections';

/** The lists an owner edits, one item per line. Customer statuses are shorter: the customer record keeps at most 40 characters. */
export const tenantLists: Record<ListName, { key: 'customerStatuses' | 'noteCategories' | 'documentCategories'; title: string; item: string; maxLength: number }> = {
  'customer-statuses': { key: 'customerStatuses', title: 'Customer statuses', item: 'status', maxLength: 40 },
  'note-categories': { key: 'noteCategories', title: 'Note categories', item: 'category', maxLength: 60 },
  'document-sections': { key: 'documentCategories', title: 'Document sections', item: 'section', maxLength: 60 },
};

export const isListName = (name: string): name is ListName => Object.hasOwn(tenantLists, name);

export const MAX_LIST_ITEMS = 50;

/** One item per line: trimmed, blank lines dropped, repeats (in any case) kept once in their first spelling. */
export function readList(name: ListName, text: string): { ok: true; items: string[] } | { ok: false; error: string } {
  const { item, maxLength } = tenantLists[name];
  const seen = new Set<string>();
  const items: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const entry = line.replace(/\s+/g, ' ').trim();
    if (!entry || seen.has(entry.toLowerCase())) continue;
    seen.add(entry.toLowerCase());
    items.push(entry);
  }
  if (items.length === 0) return { ok: false, error: `Enter at least one ${item}, one per line.` };
  if (items.length > MAX_LIST_ITEMS) return { ok: false, error: `Keep the list to ${MAX_LIST_ITEMS} entries; it has ${items.length}.` };
  const long = items.filter((i) => i.length > maxLength);
  if (long.length > 0) return { ok: false, error: `Keep each ${item} to ${maxLength} characters: ${long.map((l) => `“${l.slice(0, 20)}…”`).join(', ')} ${long.length === 1 ? 'is' : 'are'} longer.` };
  return { ok: true, items };
}

/** The statuses being taken off the list that customers still have, with how many have each. */
export function statusesInUse(current: string[], next: string[], counts: Map<string, number>): { status: string; customers: number }[] {
  const kept = new Set(next);
  return current.filter((s) => !kept.has(s) && (counts.get(s) ?? 0) > 0).map((status) => ({ status, customers: counts.get(status)! }));
}

// ——— Custom fields ———

/** A field id from its label: lower-case ASCII letters, digits and dashes, never one used before. */
export function customFieldId(label: string, taken: Set<string>): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'field';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Every custom field this tenant has had, removed ones included: a removed field's values stay on
 * the rows, so a new field must never take its id (its old values would reappear under another
 * label), while adding the same field again (label, row and kind) brings it back with its values.
 * Every change goes through saveTenantChange, so the tenant's audit rows hold every field ever defined.
 */
export async function customFieldHistory(tdb: TenantDb, tenant: Tenant): Promise<{ taken: Set<string>; removed: CustomField[] }> {
  const current = tenant.settings.customFields ?? [];
  const seen = new Map<string, CustomField>();
  for (const entry of await tdb.audit.history('tenant', tenant.id)) {
    for (const side of [entry.before, entry.after]) {
      const fields = (side as { customFields?: unknown } | null)?.customFields;
      if (!Array.isArray(fields)) continue;
      for (const f of fields as Partial<CustomField>[]) if (f && typeof f.id === 'string' && typeof f.label === 'string') seen.set(f.id, f as CustomField);
    }
  }
  const taken = new Set([...current.map((f) => f.id), ...seen.keys()]);
  return { taken, removed: [...seen.values()].filter((f) => !current.some((c) => c.id === f.id)) };
}

export const customFieldTypeNames: Record<CustomFieldType, string> = { text: 'Text', number: 'Number', date: 'Date', 'yes-no': 'Yes or no', list: 'List of choices' };

export const MAX_CUSTOM_FIELDS = 50;

/** A new custom field from the owner's form (`label`, `type`, `appliesTo`, `options` one per line), or a message per field. */
export function readCustomField(
  v: Record<string, string>,
  existing: CustomField[],
  history: { taken: Set<string>; removed: CustomField[] },
): { ok: true; field: CustomField } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const label = (v.label ?? '').replace(/\s+/g, ' ').trim();
  const appliesTo = v.appliesTo === 'customer' || v.appliesTo === 'employer' ? v.appliesTo : null;
  const type = (customFieldTypes as readonly string[]).includes(v.type ?? '') ? (v.type as CustomFieldType) : null;
  if (!label) errors.label = 'Enter the label staff see next to the field.';
  else if (label.length > 60) errors.label = 'Keep the label to 60 characters.';
  else if (appliesTo && existing.some((f) => f.appliesTo === appliesTo && f.label.toLowerCase() === label.toLowerCase())) errors.label = `There is already a ${appliesTo} field called “${label}”.`;
  if (!type) errors.type = 'Choose the kind of value the field holds.';
  if (!appliesTo) errors.appliesTo = 'Choose whether the field is kept on customers or on employers.';
  if (existing.length >= MAX_CUSTOM_FIELDS) errors.label = `A portal can have up to ${MAX_CUSTOM_FIELDS} custom fields; remove one first.`;
  let options: string[] | undefined;
  if (type === 'list') {
    const seen = new Set<string>();
    options = [];
    for (const line of (v.options ?? '').split(/\r?\n/)) {
      const o = line.replace(/\s+/g, ' ').trim();
      if (o && !seen.has(o.toLowerCase())) {
        seen.add(o.toLowerCase());
        options.push(o);
      }
    }
    if (options.length < 2) errors.options = 'Enter at least two choices, one per line.';
    else if (options.length > MAX_LIST_ITEMS) errors.options = `Keep the list to ${MAX_LIST_ITEMS} choices.`;
    else if (options.some((o) => o.length > 60)) errors.options = 'Keep each choice to 60 characters.';
  }
  if (Object.keys(errors).length > 0 || !type || !appliesTo) return { ok: false, errors };
  // The same field added back after its removal keeps its id, and so shows the values kept on the rows.
  const before = history.removed.find((f) => f.label.toLowerCase() === label.toLowerCase() && f.appliesTo === appliesTo && f.type === type);
  return { ok: true, field: { id: before?.id ?? customFieldId(label, history.taken), label, type, appliesTo, ...(options ? { options } : {}) } };
}

// ——— Favicon ———

export const MAX_FAVICON_BYTES = 100 * 1024;

/**
 * What is wrong with a favicon that is already known to be a PNG (by content): it must be square,
 * 16 to 512 pixels a side, so browsers can scale it without stretching. Reads the IHDR chunk.
 */
export function faviconSizeProblem(png: Uint8Array): string | null {
  if (png.length < 24 || String.fromCharCode(...png.subarray(12, 16)) !== 'IHDR') return 'This PNG could not be read. Save it again and upload it.';
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width !== height) return `A favicon must be square; this image is ${width} × ${height} pixels.`;
  if (width < 16 || width > 512) return `A favicon must be 16 to 512 pixels a side; this image is ${width} × ${height}.`;
  return null;
}
