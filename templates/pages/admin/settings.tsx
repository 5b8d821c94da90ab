import type { PaymentSettings, PortalSettings, TenantBranding } from '../../../src/db/schema';
import { Field } from '../../components/field';

export interface SettingsForms {
  branding?: { values?: Record<string, string>; errors?: Record<string, string> } | undefined;
  portal?: { errors?: Record<string, string> } | undefined;
  payments?: { values?: Record<string, string>; errors?: Record<string, string> } | undefined;
}

const sectionNames: Record<keyof PortalSettings['sections'], string> = { transactions: 'Transactions', statements: 'Statements', documents: 'Documents', collateral: 'Collateral and insurance' };
const fieldNames: Record<keyof PortalSettings['summaryFields'], string> = {
  interestRate: 'Interest rate', principalBalance: 'Principal balance', payoff: 'Payoff amount', amountDue: 'Amount due', daysPastDue: 'Days past due',
  remainingPayments: 'Payments left', projectedPayoff: 'Projected payoff date', creditAvailable: 'Credit available',
};
const dollars = (cents: number) => (cents / 100).toFixed(2);

function Errors({ errors }: { errors: Record<string, string> | undefined }) {
  const list = Object.values(errors ?? {});
  if (list.length === 0) return null;
  return (
    <div class="alert alert-error" role="alert">
      <p class="alert-title">Please check the form</p>
      {list.map((e) => (
        <p>{e}</p>
      ))}
    </div>
  );
}

function Check({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  return (
    <div class="choice">
      <input type="checkbox" id={`f-${name}`} name={name} checked={checked} />
      <label for={`f-${name}`}>{label}</label>
    </div>
  );
}

/** An owner's settings: branding with a live preview, what borrowers see, and payment rules. */
export function SettingsPage({ branding, portal, payments, forms = {}, notice, nonce }: { branding: TenantBranding; portal: PortalSettings; payments: PaymentSettings; forms?: SettingsForms; notice?: string | undefined; nonce: string }) {
  const b = forms.branding?.values ?? { portalName: branding.portalName, primaryColor: branding.primaryColor, accentColor: branding.accentColor };
  const be = forms.branding?.errors ?? {};
  const p = forms.payments?.values;
  const pe = forms.payments?.errors ?? {};
  const preview = `/admin/settings/preview?${new URLSearchParams({ portalName: b.portalName ?? '', primaryColor: b.primaryColor ?? '', accentColor: b.accentColor ?? '', logoUrl: branding.logoUrl ?? '' }).toString()}`;
  return (
    <>
      <p>
        <a href="/admin">Staff area</a>
      </p>
      <h1>Portal settings</h1>
      {notice ? (
        <p class="alert alert-success" role="status">
          {notice}
        </p>
      ) : null}

      <section aria-labelledby="branding-title">
        <h2 id="branding-title">Branding</h2>
        <div class="settings-grid">
          <form method="post" action="/admin/settings/branding" enctype="multipart/form-data" novalidate data-branding-form>
            <Errors errors={be} />
            <Field name="portalName" label="Portal name" value={b.portalName} error={be.portalName} required maxlength={60} />
            <Field name="primaryColor" label="Primary colour" type="color" value={b.primaryColor} error={be.primaryColor} hint="Links, buttons and the header. It must read well on white (4.5:1)." />
            <Field name="accentColor" label="Accent colour" type="color" value={b.accentColor} error={be.accentColor} hint="Focus outlines and highlights (3:1 on white)." />
            <div class={`field${be.logo ? ' field-invalid' : ''}`}>
              <label for="f-logo">Logo (optional)</label>
              <p class="hint" id="f-logo-hint">
                PNG, JPEG or WebP, up to 512 KB; shown about 32 pixels high.{branding.logoUrl ? ' Leave empty to keep the current logo.' : ''}
              </p>
              <input id="f-logo" name="logo" type="file" accept=".png,.jpg,.jpeg,.webp,image/png,image/jpeg,image/webp" aria-describedby={`f-logo-hint${be.logo ? ' f-logo-error' : ''}`} aria-invalid={be.logo ? 'true' : undefined} />
              {be.logo ? (
                <p class="field-error" id="f-logo-error">
                  {be.logo}
                </p>
              ) : null}
            </div>
            {branding.logoUrl ? <Check name="removeLogo" label="Remove the current logo" checked={false} /> : null}
            <button type="submit">Save branding</button>
          </form>
          <figure class="preview">
            <iframe src={preview} title="Preview of the portal with these colours" data-branding-preview></iframe>
            <figcaption class="muted">Live preview: changes show here as you pick colours.</figcaption>
          </figure>
        </div>
        <script nonce={nonce} src="/js/settings-preview.js" defer></script>
      </section>

      <section aria-labelledby="portal-title">
        <h2 id="portal-title">What borrowers see</h2>
        <form method="post" action="/admin/settings/portal" novalidate>
          <Errors errors={forms.portal?.errors} />
          <fieldset>
            <legend>Account sections</legend>
            {Object.entries(sectionNames).map(([k, label]) => (
              <Check name={`section-${k}`} label={label} checked={portal.sections[k as keyof PortalSettings['sections']]} />
            ))}
          </fieldset>
          <fieldset>
            <legend>Figures on the account summary</legend>
            {Object.entries(fieldNames).map(([k, label]) => (
              <Check name={`field-${k}`} label={label} checked={portal.summaryFields[k as keyof PortalSettings['summaryFields']]} />
            ))}
          </fieldset>
          <button type="submit">Save what borrowers see</button>
        </form>
      </section>

      <section aria-labelledby="payments-title">
        <h2 id="payments-title">Payments and AutoPay</h2>
        <form method="post" action="/admin/settings/payments" novalidate>
          <Errors errors={pe} />
          <Check name="enabled" label="Borrowers can pay online" checked={p ? p.enabled === 'on' : payments.enabled} />
          <fieldset class={pe.methods ? 'field-invalid' : undefined}>
            <legend>Methods allowed</legend>
            <Check name="method-card" label="Cards" checked={p ? p['method-card'] === 'on' : payments.methods.includes('card')} />
            <Check name="method-bank" label="Bank accounts (ACH)" checked={p ? p['method-bank'] === 'on' : payments.methods.includes('bank')} />
          </fieldset>
          <Check name="autopay" label="Borrowers can set up AutoPay" checked={p ? p.autopay === 'on' : payments.autopay} />
          <Field name="minAmount" label="Smallest payment (dollars)" value={p?.minAmount ?? dollars(payments.minAmount)} error={pe.minAmount} inputmode="numeric" maxlength={14} />
          <Field name="maxAmount" label="Largest payment (dollars)" value={p?.maxAmount ?? dollars(payments.maxAmount)} error={pe.maxAmount} inputmode="numeric" maxlength={14} />
          <Field name="maxDaysAhead" label="How many days ahead a payment may be scheduled" value={p?.maxDaysAhead ?? String(payments.maxDaysAhead)} error={pe.maxDaysAhead} inputmode="numeric" maxlength={3} />
          <Field name="cutoffTime" label="Daily cut-off for bank payments (HH:MM, your time zone)" value={p?.cutoffTime ?? payments.cutoffTime} error={pe.cutoffTime} maxlength={5} />
          <Field name="feeCard" label="Convenience fee per card payment (dollars)" value={p?.feeCard ?? dollars(payments.convenienceFees.card)} error={pe.feeCard} inputmode="numeric" maxlength={10} />
          <Field name="feeBank" label="Convenience fee per bank payment (dollars)" value={p?.feeBank ?? dollars(payments.convenienceFees.bank)} error={pe.feeBank} inputmode="numeric" maxlength={10} />
          <Field name="returnWindowDays" label="Days a bank payment may still be returned" value={p?.returnWindowDays ?? String(payments.returnWindowDays)} error={pe.returnWindowDays} inputmode="numeric" maxlength={2} />
          <button type="submit">Save payment rules</button>
        </form>
      </section>
    </>
  );
}
