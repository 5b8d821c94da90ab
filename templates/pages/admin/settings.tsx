import { centsToDecimal } from '../../../src/domain/money';
import type { CustomField, PaymentSettings, PortalSettings, SignInSettings, TenantBranding } from '../../../src/db/schema';
import { customFieldTypes, mfaMethods, type MfaMethod } from '../../../src/domain/record-choices';
import { originationFields, originationFormValues, type AchOrigination } from '../../../src/domain/payments/origination';
import { customFieldTypeNames, MAX_LIST_ITEMS, signInBounds, tenantLists, waterfallChoices, type ListName } from '../../../src/services/tenant-settings';
import { ErrorSummary } from '../../components/error-summary';
import { CheckField, Field, SelectField } from '../../components/field';
import { Notices } from '../../components/notices';

export interface SettingsForms {
  branding?: { values?: Record<string, string>; errors?: Record<string, string> } | undefined;
  portal?: { errors?: Record<string, string> } | undefined;
  payments?: { values?: Record<string, string>; errors?: Record<string, string> } | undefined;
  contact?: { values: Record<string, string>; errors: Record<string, string> } | undefined;
  ach?: { values: Record<string, string>; errors: Record<string, string> } | undefined;
  signIn?: { values: Record<string, string>; errors: Record<string, string> } | undefined;
  /** The one list whose form came back, with what was typed. */
  list?: { name: ListName; text: string; error: string } | undefined;
  customField?: { values: Record<string, string>; errors: Record<string, string> } | undefined;
}

/** Each list as it stands (the tenant's own, or the defaults). */
export type SettingsLists = Record<ListName, string[]>;

const methodNames: Record<MfaMethod, string> = { email: 'A code by email', sms: 'A code by text message', totp: 'An authenticator app', passkey: 'A passkey (fingerprint, face or device PIN)' };
const mfaChoices: { value: SignInSettings['mfa']; label: string }[] = [
  { value: 'none', label: 'Off: borrowers sign in with their password only' },
  { value: 'optional', label: 'Optional: borrowers who set up a second step use it' },
  { value: 'required', label: 'Required: every borrower passes a second step' },
];
const listHints: Record<ListName, string> = {
  'customer-statuses': 'The statuses agents choose from on a customer’s record. A status that customers still have cannot be removed.',
  'note-categories': 'The categories staff file customer notes under. Notes already filed keep their category.',
  'document-sections': 'The sections borrowers and staff file documents under. Documents already filed keep their section.',
};
const toc: [string, string][] = [
  ['branding', 'Branding'],
  ['portal', 'What borrowers see'],
  ['payments', 'Payments and AutoPay'],
  ['contact', 'How borrowers reach you'],
  ['ach', 'Bank file (ACH) origination'],
  ['sign-in', 'Sign-in and second step'],
  ['lists', 'Lists'],
  ['custom-fields', 'Custom fields'],
];

const sectionNames: Record<keyof PortalSettings['sections'], string> = { transactions: 'Transactions', statements: 'Statements', documents: 'Documents', collateral: 'Collateral and insurance' };
const fieldNames: Record<keyof PortalSettings['summaryFields'], string> = {
  interestRate: 'Interest rate', principalBalance: 'Principal balance', payoff: 'Payoff amount', amountDue: 'Amount due', daysPastDue: 'Days past due',
  remainingPayments: 'Payments left', projectedPayoff: 'Projected payoff date', creditAvailable: 'Credit available',
};

function FileField({ name, label, hint, accept, error }: { name: string; label: string; hint: string; accept: string; error: string | undefined }) {
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={`f-${name}`}>{label}</label>
      <p class="hint" id={`f-${name}-hint`}>
        {hint}
      </p>
      <input id={`f-${name}`} name={name} type="file" accept={accept} aria-describedby={`f-${name}-hint${error ? ` f-${name}-error` : ''}`} aria-invalid={error ? 'true' : undefined} />
      {error ? (
        <p class="field-error" id={`f-${name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function ListForm({ name, items, form }: { name: ListName; items: string[]; form: SettingsForms['list'] }) {
  const { title, item, maxLength } = tenantLists[name];
  const mine = form?.name === name ? form : undefined;
  const text = mine ? mine.text : items.join('\n');
  const id = `f-list-${name}`;
  return (
    <form method="post" action={`/admin/settings/lists/${name}`} novalidate>
      <div class={`field${mine ? ' field-invalid' : ''}`}>
        <label for={id}>{title}</label>
        <p class="hint" id={`${id}-hint`}>
          {listHints[name]} One {item} per line, up to {MAX_LIST_ITEMS}, each up to {maxLength} characters; repeats and blank lines are dropped.
        </p>
        <textarea id={id} name="items" rows={Math.min(Math.max(text.split('\n').length + 1, 5), 15)} aria-describedby={`${id}-hint${mine ? ` ${id}-error` : ''}`} aria-invalid={mine ? 'true' : undefined}>
          {text}
        </textarea>
        {mine ? (
          <p class="field-error" id={`${id}-error`} role="alert">
            {mine.error}
          </p>
        ) : null}
      </div>
      <button type="submit">Save {title.toLowerCase()}</button>
    </form>
  );
}

function CustomFieldsTable({ fields }: { fields: CustomField[] }) {
  if (fields.length === 0) return <p class="muted">There are no custom fields yet.</p>;
  return (
    <table class="table">
      <caption class="visually-hidden">Custom fields</caption>
      <thead>
        <tr>
          <th scope="col">Label</th>
          <th scope="col">Kept on</th>
          <th scope="col">Kind</th>
          <th scope="col">Id</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr>
            <th scope="row" data-label="Label">{f.label}</th>
            <td data-label="Kept on">{f.appliesTo === 'customer' ? 'Customers' : 'Employers'}</td>
            <td data-label="Kind">
              {customFieldTypeNames[f.type]}
              {f.type === 'list' && f.options?.length ? <span class="muted">: {f.options.join(', ')}</span> : null}
            </td>
            <td data-label="Id">
              <code>{f.id}</code>
            </td>
            <td data-label="">
              <form class="inline-form" method="post" action={`/admin/settings/custom-fields/${encodeURIComponent(f.id)}/remove`}>
                <button type="submit" class="button-secondary" aria-label={`Remove ${f.label}`}>
                  Remove
                </button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An owner's settings: branding with a live preview, what borrowers see, payment rules, sign-in, lists and custom fields. */
export function SettingsPage({
  branding, portal, payments, origination, signIn, lists, customFields, waterfall, contact, forms = {}, notice, nonce,
}: {
  branding: TenantBranding; portal: PortalSettings; payments: PaymentSettings; origination: AchOrigination | undefined; signIn: SignInSettings; lists: SettingsLists; customFields: CustomField[];
  /** The waterfall in force, "fees,interest,principal". */
  waterfall: string;
  contact: Record<'supportPhone' | 'supportEmail' | 'supportHours', string>;
  forms?: SettingsForms; notice?: string | undefined; nonce: string;
}) {
  const cv = forms.contact?.values ?? contact;
  const ce = forms.contact?.errors ?? {};
  // Before any are entered, the names and description start from the lender's name and LOAN PMT; the numbers start empty.
  const av: Record<string, string | undefined> =
    forms.ach?.values ?? (origination ? originationFormValues(origination) : { immediateOriginName: payments.ach.immediateOriginName, companyName: payments.ach.companyName, companyEntryDescription: payments.ach.companyEntryDescription });
  const ae = forms.ach?.errors ?? {};
  const si = forms.signIn?.values;
  const se = forms.signIn?.errors ?? {};
  const cf = forms.customField?.values ?? { appliesTo: 'customer', type: 'text' };
  const cfe = forms.customField?.errors ?? {};
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
      <Notices notice={notice} />
      <nav aria-labelledby="toc-title">
        <h2 id="toc-title" class="visually-hidden">
          On this page
        </h2>
        <ul>
          {toc.map(([id, label]) => (
            <li>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section id="branding" aria-labelledby="branding-title">
        <h2 id="branding-title">Branding</h2>
        <div class="settings-grid">
          <form method="post" action="/admin/settings/branding" enctype="multipart/form-data" novalidate data-branding-form>
            <ErrorSummary errors={be} />
            <Field name="portalName" label="Portal name" value={b.portalName} error={be.portalName} required maxlength={60} />
            <Field name="primaryColor" label="Primary colour" type="color" value={b.primaryColor} error={be.primaryColor} hint="Links, buttons and the header. It must read well on white (4.5:1)." />
            <Field name="accentColor" label="Accent colour" type="color" value={b.accentColor} error={be.accentColor} hint="Focus outlines and highlights (3:1 on white)." />
            <FileField
              name="logo"
              label="Logo (optional)"
              hint={`PNG, JPEG or WebP, up to 512 KB; shown about 32 pixels high.${branding.logoUrl ? ' Leave empty to keep the current logo.' : ''}`}
              accept=".png,.jpg,.jpeg,.webp,image/png,image/jpeg,image/webp"
              error={be.logo}
            />
            {branding.logoUrl ? <CheckField name="removeLogo" label="Remove the current logo" checked={false} /> : null}
            <FileField
              name="favicon"
              label="Favicon (optional)"
              hint={`The small icon in the browser tab: a square PNG, 16 to 512 pixels a side (32 or 64 works well), up to 100 KB.${branding.faviconUrl ? ' Leave empty to keep the current one.' : ' Without one, the portal’s standard icon is used.'}`}
              accept=".png,image/png"
              error={be.favicon}
            />
            {branding.faviconUrl ? (
              <p class="muted">
                Current favicon: <img src={branding.faviconUrl} alt="" width={16} height={16} />
              </p>
            ) : null}
            {branding.faviconUrl ? <CheckField name="removeFavicon" label="Remove the favicon (use the standard icon)" checked={false} /> : null}
            <button type="submit">Save branding</button>
          </form>
          <figure class="preview">
            <iframe src={preview} title="Preview of the portal with these colours" data-branding-preview></iframe>
            <figcaption class="muted">Live preview: changes show here as you pick colours.</figcaption>
          </figure>
        </div>
        <script nonce={nonce} src="/js/settings-preview.js" defer></script>
      </section>

      <section id="portal" aria-labelledby="portal-title">
        <h2 id="portal-title">What borrowers see</h2>
        <form method="post" action="/admin/settings/portal" novalidate>
          <ErrorSummary errors={forms.portal?.errors} />
          <fieldset>
            <legend>Account sections</legend>
            {Object.entries(sectionNames).map(([k, label]) => (
              <CheckField name={`section-${k}`} label={label} checked={portal.sections[k as keyof PortalSettings['sections']]} />
            ))}
          </fieldset>
          <fieldset>
            <legend>Figures on the account summary</legend>
            {Object.entries(fieldNames).map(([k, label]) => (
              <CheckField name={`field-${k}`} label={label} checked={portal.summaryFields[k as keyof PortalSettings['summaryFields']]} />
            ))}
          </fieldset>
          <button type="submit">Save what borrowers see</button>
        </form>
      </section>

      <section id="payments" aria-labelledby="payments-title">
        <h2 id="payments-title">Payments and AutoPay</h2>
        <form method="post" action="/admin/settings/payments" novalidate>
          <ErrorSummary errors={pe} />
          <CheckField name="enabled" label="Borrowers can pay online" checked={p ? p.enabled === 'on' : payments.enabled} />
          <fieldset class={pe.methods ? 'field-invalid' : undefined}>
            <legend>Methods allowed</legend>
            <CheckField name="method-card" label="Cards" checked={p ? p['method-card'] === 'on' : payments.methods.includes('card')} />
            <CheckField name="method-bank" label="Bank accounts (ACH)" checked={p ? p['method-bank'] === 'on' : payments.methods.includes('bank')} />
          </fieldset>
          <CheckField name="autopay" label="Borrowers can set up AutoPay" checked={p ? p.autopay === 'on' : payments.autopay} />
          <Field name="minAmount" label="Smallest payment (dollars)" value={p?.minAmount ?? centsToDecimal(payments.minAmount)} error={pe.minAmount} inputmode="numeric" maxlength={14} />
          <Field name="maxAmount" label="Largest payment (dollars)" value={p?.maxAmount ?? centsToDecimal(payments.maxAmount)} error={pe.maxAmount} inputmode="numeric" maxlength={14} />
          <Field name="maxDaysAhead" label="How many days ahead a payment may be scheduled" value={p?.maxDaysAhead ?? String(payments.maxDaysAhead)} error={pe.maxDaysAhead} inputmode="numeric" maxlength={3} />
          <Field name="cutoffTime" label="Daily cut-off for bank payments (HH:MM, your time zone)" value={p?.cutoffTime ?? payments.cutoffTime} error={pe.cutoffTime} maxlength={5} />
          <Field name="feeCard" label="Convenience fee per card payment (dollars)" value={p?.feeCard ?? centsToDecimal(payments.convenienceFees.card)} error={pe.feeCard} inputmode="numeric" maxlength={10} />
          <Field name="feeBank" label="Convenience fee per bank payment (dollars)" value={p?.feeBank ?? centsToDecimal(payments.convenienceFees.bank)} error={pe.feeBank} inputmode="numeric" maxlength={10} />
          <Field name="returnWindowDays" label="Days a bank payment may still be returned" value={p?.returnWindowDays ?? String(payments.returnWindowDays)} error={pe.returnWindowDays} inputmode="numeric" maxlength={2} />
          <SelectField
            name="waterfall"
            label="How a payment is applied"
            value={p?.waterfall ?? waterfall}
            error={pe.waterfall}
            options={waterfallChoices.map((w) => [w.order.join(','), w.label] as [string, string])}
            hint="Every figure borrowers are shown (past due, due today, payoff) follows this order, so paying one does what it says. It applies to payments posted from now on; earlier ones keep their split."
          />
          <button type="submit">Save payment rules</button>
        </form>
      </section>

      <section id="contact" aria-labelledby="contact-title">
        <h2 id="contact-title">How borrowers reach you</h2>
        <p>Shown on receipts, payment notices, statements and the payment terms.</p>
        <form method="post" action="/admin/settings/contact" novalidate>
          <ErrorSummary errors={ce} />
          <Field name="supportPhone" label="Phone" type="tel" value={cv.supportPhone} error={ce.supportPhone} maxlength={40} inputmode="tel" autocomplete="off" />
          <Field name="supportEmail" label="Email" type="email" value={cv.supportEmail} error={ce.supportEmail} maxlength={254} inputmode="email" autocomplete="off" />
          <Field name="supportHours" label="Hours (optional)" value={cv.supportHours} error={ce.supportHours} maxlength={80} hint="For example: Monday to Friday, 8 am to 6 pm Mountain" />
          <button type="submit">Save contact details</button>
        </form>
      </section>

      <section id="ach" aria-labelledby="ach-title">
        <h2 id="ach-title">Bank file (ACH) origination</h2>
        <p>
          The details your bank (the ODFI) gave you for the NACHA files of borrowers’ bank payments. {origination ? 'Files built from now on carry these.' : 'None have been entered yet: files carry the portal’s placeholders, marked as test values, and production refuses to build them.'}
        </p>
        <form method="post" action="/admin/settings/ach#ach" novalidate>
          <ErrorSummary errors={ae} />
          {originationFields.map((f) => (
            <Field name={f.name} label={f.label} hint={f.hint} value={av[f.name]} error={ae[f.name]} autocomplete="off" inputmode={f.maxLength === 9 ? 'numeric' : undefined} />
          ))}
          <button type="submit">Save origination details</button>
        </form>
      </section>

      <section id="sign-in" aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">Sign-in and second step</h2>
        <p>
          Staff always pass a second step when they sign in, whatever is chosen here; the methods below apply to them too. People who have set up none of the allowed methods get a code by email.
        </p>
        <form method="post" action="/admin/settings/sign-in" novalidate>
          <ErrorSummary errors={se} />
          <fieldset class={se.mfa ? 'field-invalid' : undefined}>
            <legend>Second step for borrowers</legend>
            {mfaChoices.map((m) => (
              <div class="choice">
                <input type="radio" id={`f-mfa-${m.value}`} name="mfa" value={m.value} checked={(si ? si.mfa : signIn.mfa) === m.value} />
                <label for={`f-mfa-${m.value}`}>{m.label}</label>
              </div>
            ))}
          </fieldset>
          <fieldset class={se.methods ? 'field-invalid' : undefined}>
            <legend>Methods allowed</legend>
            {mfaMethods.map((m) => (
              <CheckField name={`method-${m}`} label={methodNames[m]} checked={si ? si[`method-${m}`] === 'on' : signIn.methods.includes(m)} />
            ))}
          </fieldset>
          <Field
            name="idleMinutes"
            label="Sign borrowers out after this many minutes without activity"
            hint={`From ${signInBounds.idleMinutes.min} to ${signInBounds.idleMinutes.max} minutes.`}
            value={si?.idleMinutes ?? String(signIn.idleMinutes)}
            error={se.idleMinutes}
            inputmode="numeric"
            maxlength={4}
          />
          <Field
            name="staffIdleMinutes"
            label="Sign staff out after this many minutes without activity"
            hint={`From ${signInBounds.idleMinutes.min} to ${signInBounds.idleMinutes.max} minutes (30 unless changed). A form staff send after it keeps what they typed through signing in again.`}
            value={si?.staffIdleMinutes ?? String(signIn.staffIdleMinutes ?? 30)}
            error={se.staffIdleMinutes}
            inputmode="numeric"
            maxlength={4}
          />
          <Field
            name="absoluteHours"
            label="Longest session, in hours, however active"
            hint={`From ${signInBounds.absoluteHours.min} to ${signInBounds.absoluteHours.max} hours, and no shorter than the inactivity limit.`}
            value={si?.absoluteHours ?? String(signIn.absoluteHours)}
            error={se.absoluteHours}
            inputmode="numeric"
            maxlength={4}
          />
          <button type="submit">Save sign-in settings</button>
        </form>
      </section>

      <section id="lists" aria-labelledby="lists-title">
        <h2 id="lists-title">Lists</h2>
        {(Object.keys(tenantLists) as ListName[]).map((name) => (
          <ListForm name={name} items={lists[name]} form={forms.list} />
        ))}
      </section>

      <section id="custom-fields" aria-labelledby="custom-fields-title">
        <h2 id="custom-fields-title">Custom fields</h2>
        <p>Extra fields staff fill in on a customer’s record or on their employer. Removing a field hides it everywhere; values already entered stay stored with the customer or employer but are no longer shown. Adding a field with the same label, row and kind again brings them back.</p>
        <CustomFieldsTable fields={customFields} />
        <form method="post" action="/admin/settings/custom-fields" novalidate>
          <h3>Add a field</h3>
          <ErrorSummary errors={cfe} />
          <Field name="label" label="Label" value={cf.label} error={cfe.label} maxlength={60} />
          <fieldset class={cfe.appliesTo ? 'field-invalid' : undefined}>
            <legend>Kept on</legend>
            {(['customer', 'employer'] as const).map((a) => (
              <div class="choice">
                <input type="radio" id={`f-appliesTo-${a}`} name="appliesTo" value={a} checked={cf.appliesTo === a} />
                <label for={`f-appliesTo-${a}`}>{a === 'customer' ? 'Customers' : 'Employers'}</label>
              </div>
            ))}
          </fieldset>
          <SelectField name="type" label="Kind of value" options={customFieldTypes.map((t) => [t, customFieldTypeNames[t]] as const)} value={cf.type} error={cfe.type} />
          <Field name="options" label="Choices, one per line (for a list of choices only)" value={cf.options} error={cfe.options} multiline />
          <button type="submit">Add field</button>
        </form>
      </section>
    </>
  );
}
