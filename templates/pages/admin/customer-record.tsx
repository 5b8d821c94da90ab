import type { Customer, CustomerAddress, CustomerPhone, CustomField } from '../../../src/db/schema';
import { phoneTypes } from '../../../src/domain/record-choices';
import type { RuleResult } from '../../../src/auth/password-policy';
import { maskTaxId, taxKindLabels } from '../../../src/domain/tax-id';
import { formatDay } from '../../../src/lib/format';
import type { HistoryView } from '../../../src/services/customer-history';
import { CustomerShell, customerName } from './customer-shell';
import { AddressFields, addressFieldOrder } from '../../components/address-fields';
import { ErrorSummary } from '../../components/error-summary';
import { CheckField, Field, firstProblem, SelectField } from '../../components/field';
import { CustomFieldInputs } from '../../components/custom-fields';
import { NewPasswordField } from '../../components/password-field';

/** "+13035550188" → "(303) 555-0188"; other countries as stored (E.164). */
export const phoneText = (e164: string) => (/^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164) ? e164.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3') : e164);

export const customerTypeLabels = { individual: 'Individual', company: 'Company', flooring: 'Flooring' } as const;
export const genderLabels = { male: 'Male', female: 'Female', other: 'Other', na: 'N/A' } as const;
const phoneTypeLabels = { mobile: 'Mobile', home: 'Home', work: 'Work', other: 'Other' } as const;

export type FormState = { values: Record<string, string>; errors: Record<string, string> };

const addressText = (a: CustomerAddress) => [a.line1, a.line2, `${a.city}, ${a.state} ${a.zip}`, a.country === 'CA' ? 'Canada' : ''].filter(Boolean).join(', ');

const initialsOf = (c: Customer) => {
  const words = (c.customerType !== 'individual' && c.companyName ? c.companyName : `${c.firstName} ${c.lastName}`).split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const first = [...(words[0] ?? '?')][0]!;
  const last = words.length > 1 ? ([...words.at(-1)!][0] ?? '') : '';
  return (first + last).toUpperCase();
};

/** The customer's photo, or a circle with their initials (SVG: no styles needed). */
export function CustomerPortrait({ customer }: { customer: Customer }) {
  const name = customerName(customer);
  if (customer.photoKey) return <img class="customer-photo" src={`/admin/customers/${encodeURIComponent(customer.id)}/photo`} alt={`Photo of ${name}`} width={96} />;
  return (
    <svg class="customer-photo" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label={`No photo of ${name}; initials ${initialsOf(customer)}`}>
      <circle cx="48" cy="48" r="48" fill="#1f4e79" />
      <text x="48" y="48" dy="0.35em" text-anchor="middle" font-size="34" font-family="system-ui, sans-serif" fill="#ffffff">
        {initialsOf(customer)}
      </text>
    </svg>
  );
}

/** The summary of the record: every field of the seed, secrets by their last four. */
export function RecordSummary({ customer, phones, addresses, customFields }: { customer: Customer; phones: CustomerPhone[]; addresses: CustomerAddress[]; customFields: CustomField[] }) {
  const primary = addresses.find((a) => a.kind === 'primary');
  const mailing = addresses.find((a) => a.kind === 'mailing');
  const mainPhone = phones.find((p) => p.isPrimary) ?? phones[0];
  const others = phones.filter((p) => p !== mainPhone);
  const company = customer.customerType !== 'individual';
  return (
    <section aria-labelledby="record-summary" class="record-summary">
      <h2 id="record-summary">Summary</h2>
      <CustomerPortrait customer={customer} />
      <dl class="facts">
        <dt>Customer type</dt>
        <dd>{customerTypeLabels[customer.customerType]}</dd>
        <dt>Status</dt>
        <dd>{customer.status}</dd>
        <dt>Username</dt>
        <dd>{customer.webUsername ?? '—'}</dd>
        <dt>Primary phone</dt>
        <dd>
          {mainPhone ? `${phoneText(mainPhone.number)} (${phoneTypeLabels[mainPhone.type]}${mainPhone.doNotCall ? ', do not call' : ', calls allowed'})` : '—'}
        </dd>
        {others.length > 0 ? (
          <>
            <dt>Other phones</dt>
            <dd>{others.map((p) => `${phoneText(p.number)} (${phoneTypeLabels[p.type]}, secondary${p.doNotCall ? ', do not call' : ''})`).join('; ')}</dd>
          </>
        ) : null}
        <dt>Email</dt>
        <dd>{customer.email ?? '—'}</dd>
        <dt>Primary address</dt>
        <dd>{primary ? addressText(primary) : '—'}</dd>
        <dt>Mailing address</dt>
        <dd>{customer.mailingSameAsPrimary ? 'Same as the primary address' : mailing ? addressText(mailing) : '—'}</dd>
      </dl>
      <h3>Details</h3>
      <dl class="facts">
        <dt>Customer ID</dt>
        <dd>{customer.id}</dd>
        {customer.importId ? (
          <>
            <dt>Import ID</dt>
            <dd>{customer.importId}</dd>
          </>
        ) : null}
        {company ? (
          <>
            <dt>Company name</dt>
            <dd>{customer.companyName ?? '—'}</dd>
            <dt>Contact name</dt>
            <dd>{customer.contactName ?? '—'}</dd>
          </>
        ) : null}
        <dt>Name</dt>
        <dd>{[customer.firstName, customer.middleName, customer.lastName].filter(Boolean).join(' ') || '—'}</dd>
        <dt>Generation code</dt>
        <dd>{customer.generationCode ?? '—'}</dd>
        <dt>{taxKindLabels[customer.taxIdKind]}</dt>
        <dd>{customer.taxIdLast4 ? maskTaxId(customer.taxIdKind, customer.taxIdLast4) : '—'}</dd>
        <dt>Sell/transfer personal information</dt>
        <dd>{customer.doNotSell ? 'Do not sell or transfer (CCPA request)' : 'Allowed'}</dd>
        <dt>Driver’s licence</dt>
        <dd>{customer.driversLicenseLast4 ? `Ending ${customer.driversLicenseLast4}${customer.driversLicenseState ? `, ${customer.driversLicenseState}` : ''}` : '—'}</dd>
        <dt>Date of birth</dt>
        <dd>{customer.dateOfBirth ? formatDay(customer.dateOfBirth) : '—'}</dd>
        <dt>Gender</dt>
        <dd>{customer.gender ? genderLabels[customer.gender] : '—'}</dd>
        <dt>Web password</dt>
        <dd>{customer.passwordHash ? 'Set' : 'Not set'}</dd>
      </dl>
      {customFields.length > 0 ? (
        <>
          <h3>Additional information</h3>
          <dl class="facts">
            {customFields.map((f) => (
              <>
                <dt>{f.label}</dt>
                <dd>{f.type === 'yes-no' ? (customer.customFields?.[f.id] === 'yes' ? 'Yes' : 'No') : (customer.customFields?.[f.id] ?? '—')}</dd>
              </>
            ))}
          </dl>
        </>
      ) : null}
    </section>
  );
}

/** The record's forms are sections of one page: their summaries say so. */
const SectionErrors = ({ errors }: { errors: Record<string, string> }) => <ErrorSummary errors={errors} title="Please check this section" />;

export interface EditForms {
  general?: FormState;
  phone?: FormState & { id: string };
  newPhone?: FormState;
  address?: FormState;
  mailing?: FormState;
  web?: FormState;
  photo?: FormState;
  additional?: FormState;
}

export interface RecordEditProps {
  customer: Customer;
  phones: CustomerPhone[];
  statuses: string[];
  customFields: CustomField[];
  /** The values each section shows (the record's, or what was just typed). */
  values: { general: Record<string, string>; address: Record<string, string>; mailing: Record<string, string>; web: Record<string, string>; additional: Record<string, string> };
  forms: EditForms;
  passwordRules: RuleResult[];
  notice?: string | undefined;
  /** What was just saved, shown in its own section (where the person is looking). */
  saved?: { region: RecordRegion; text: string } | undefined;
  nonce: string | undefined;
  history: HistoryView;
}

/**
 * The parts of the page that save on their own. Each is one element with this id: htmx swaps just
 * that part (hx-target), so what is typed elsewhere on the page stays; without JavaScript the form
 * posts, and the page comes back at that part (the action's #id) with its first problem focused.
 */
export const recordRegions = ['general', 'phones', 'primary-address', 'mailing', 'web-access', 'photo', 'additional'] as const;
export type RecordRegion = (typeof recordRegions)[number];
export const isRecordRegion = (v: string | undefined): v is RecordRegion => recordRegions.some((r) => r === v);

const sections = [
  ['general', 'General information'],
  ['contact', 'Contact information'],
  ['mailing', 'Mailing information'],
  ['web-access', 'Web access'],
  ['photo', 'Photo'],
  ['additional', 'Additional information'],
] as const;

/** A form of one region: posts normally (landing back at the region), and through htmx swaps only the region. */
const regionForm = (action: string, region: RecordRegion) => ({ method: 'post' as const, action: `${action}#${region}`, 'hx-post': action, 'hx-target': `#${region}`, 'hx-swap': 'outerHTML', novalidate: true });

const Saved = ({ p, region }: { p: RecordEditProps; region: RecordRegion }) =>
  p.saved?.region === region ? (
    <p class="alert alert-success" role="status">
      {p.saved.text}
    </p>
  ) : null;

const generalOrder = ['customerType', 'companyName', 'contactName', 'taxIdKind', 'taxId', 'removeTaxId', 'firstName', 'middleName', 'lastName', 'generationCode', 'email', 'driversLicense', 'driversLicenseState', 'dateOfBirth', 'gender', 'status', 'doNotSell'];

export function GeneralRegion({ p }: { p: RecordEditProps }) {
  const base = `/admin/customers/${encodeURIComponent(p.customer.id)}`;
  const g = p.forms.general ?? { values: p.values.general, errors: {} };
  const focus = firstProblem(generalOrder, g.errors);
  const statusOptions = (p.statuses.includes(g.values.status ?? '') ? p.statuses : [...p.statuses, g.values.status ?? '']).map((s) => [s, s] as const);
  const taxLabel = p.customer.taxIdLast4 ? `New ${taxKindLabels[p.customer.taxIdKind]} (leave empty to keep ${maskTaxId(p.customer.taxIdKind, p.customer.taxIdLast4)})` : 'SSN, SIN or EIN (optional)';
  return (
    <section id="general" aria-labelledby="general-title">
      <h2 id="general-title">General information</h2>
      <Saved p={p} region="general" />
      <form {...regionForm(`${base}/edit`, 'general')}>
        <SectionErrors errors={g.errors} />
        <SelectField name="customerType" label="Customer type" value={g.values.customerType} error={g.errors.customerType} options={[['individual', 'Individual'], ['company', 'Company'], ['flooring', 'Flooring']]} attrs={{ 'data-customer-type': '' }} autofocus={focus === 'customerType'} />
        <div data-for-types="company flooring">
          <Field name="companyName" label="Company name (companies and flooring)" value={g.values.companyName} error={g.errors.companyName} maxlength={120} autocomplete="off" autofocus={focus === 'companyName'} />
          <Field name="contactName" label="Contact name (companies and flooring)" value={g.values.contactName} error={g.errors.contactName} maxlength={120} autocomplete="off" autofocus={focus === 'contactName'} />
        </div>
        <SelectField
          name="taxIdKind"
          label="ID number type"
          hint="People: SSN (United States) or SIN (Canada). Companies and flooring: EIN or SSN."
          value={g.values.taxIdKind}
          error={g.errors.taxIdKind}
          options={[['ssn', 'SSN (Social Security Number)'], ['sin', 'SIN (Social Insurance Number)'], ['ein', 'EIN (Employer Identification Number)']]}
          autofocus={focus === 'taxIdKind'}
        />
        <Field name="taxId" label={taxLabel} value={g.values.taxId} error={g.errors.taxId} inputmode="numeric" maxlength={11} autocomplete="off" hint="Never shown again in full: only its last four are displayed." autofocus={focus === 'taxId'} />
        {p.customer.taxIdLast4 ? <CheckField name="removeTaxId" label={`Remove the ${taxKindLabels[p.customer.taxIdKind]} on file`} checked={g.values.removeTaxId === 'on'} /> : null}
        <Field name="firstName" label="First name" value={g.values.firstName} error={g.errors.firstName} maxlength={60} autocomplete="off" autofocus={focus === 'firstName'} />
        <Field name="middleName" label="Middle name (optional)" value={g.values.middleName} error={g.errors.middleName} maxlength={60} autocomplete="off" autofocus={focus === 'middleName'} />
        <Field name="lastName" label="Last name" value={g.values.lastName} error={g.errors.lastName} maxlength={80} autocomplete="off" hint="Names are cased automatically (rivera → Rivera, mcdonald → McDonald)." autofocus={focus === 'lastName'} />
        <CheckField name="doNotCaseFormat" label="Do not case format (keep the names exactly as typed)" checked={g.values.doNotCaseFormat === 'on'} />
        <Field name="generationCode" label="Generation code (optional)" value={g.values.generationCode} error={g.errors.generationCode} maxlength={10} autocomplete="off" hint="Jr., Sr., III…" autofocus={focus === 'generationCode'} />
        <Field name="email" label="Email" type="email" value={g.values.email} error={g.errors.email} maxlength={320} inputmode="email" autocomplete="off" hint="Also the web username while the username is the email." autofocus={focus === 'email'} />
        <Field
          name="driversLicense"
          label={p.customer.driversLicenseLast4 ? `New driver’s licence number (leave empty to keep the one ending ${p.customer.driversLicenseLast4})` : 'Driver’s licence number (optional)'}
          value={g.values.driversLicense}
          error={g.errors.driversLicense}
          maxlength={24}
          autocomplete="off"
          autofocus={focus === 'driversLicense'}
        />
        <Field name="driversLicenseState" label="Licence issued by (state or province, two letters)" value={g.values.driversLicenseState} error={g.errors.driversLicenseState} maxlength={2} autocomplete="off" autofocus={focus === 'driversLicenseState'} />
        {p.customer.driversLicenseLast4 ? <CheckField name="removeDriversLicense" label="Remove the licence on file" checked={g.values.removeDriversLicense === 'on'} /> : null}
        <Field name="dateOfBirth" label="Date of birth" type="date" value={g.values.dateOfBirth} error={g.errors.dateOfBirth} hint="At least 16 and at most 120 years ago." autofocus={focus === 'dateOfBirth'} />
        <SelectField name="gender" label="Gender" value={g.values.gender} error={g.errors.gender} options={[['', '—'], ['male', 'Male'], ['female', 'Female'], ['other', 'Other'], ['na', 'N/A']]} autofocus={focus === 'gender'} />
        <SelectField name="status" label="Status" value={g.values.status} error={g.errors.status} options={statusOptions} autofocus={focus === 'status'} />
        <CheckField name="doNotSell" label="Do not sell or transfer personal information (CCPA request)" checked={g.values.doNotSell === 'on'} />
        <button type="submit">Save general information</button>
      </form>
    </section>
  );
}

const phoneOrder = ['type', 'number', 'isPrimary', 'doNotCall'];

export function PhonesRegion({ p }: { p: RecordEditProps }) {
  const base = `/admin/customers/${encodeURIComponent(p.customer.id)}`;
  const f = p.forms;
  const newPhone = f.newPhone ?? { values: { type: 'mobile', number: '', isPrimary: p.phones.length === 0 ? 'on' : '', doNotCall: '' }, errors: {} };
  const newFocus = firstProblem(phoneOrder, newPhone.errors);
  return (
    <div id="phones">
      <h3>Phones</h3>
      <Saved p={p} region="phones" />
      {p.phones.length === 0 ? <p class="muted">No phone on file.</p> : null}
      {p.phones.map((phone) => {
        const mine = f.phone?.id === phone.id ? f.phone : undefined;
        const v = mine?.values ?? { type: phone.type, number: phoneText(phone.number), isPrimary: phone.isPrimary ? 'on' : '', doNotCall: phone.doNotCall ? 'on' : '' };
        const e = mine?.errors ?? {};
        const focus = firstProblem(phoneOrder, e);
        const id = `phone-${phone.id}`;
        return (
          <div class="phone-row" id={id}>
            <form {...regionForm(`${base}/edit/phones/${encodeURIComponent(phone.id)}`, 'phones')} aria-label={`Phone ${phoneText(phone.number)}`}>
              <SectionErrors errors={e} />
              <SelectField name="type" id={`f-${id}-type`} label={`Type of ${phoneText(phone.number)}`} value={v.type} error={e.type} options={phoneTypes.map((t) => [t, phoneTypeLabels[t]] as const)} autofocus={focus === 'type'} />
              <Field name="number" id={`f-${id}-number`} label="Number" type="tel" value={v.number} error={e.number} inputmode="tel" maxlength={24} autocomplete="off" autofocus={focus === 'number'} />
              <CheckField name="isPrimary" id={`f-${id}-primary`} label={phone.isPrimary ? 'Primary phone' : 'Make this the primary phone'} checked={v.isPrimary === 'on'} error={e.isPrimary} autofocus={focus === 'isPrimary'} />
              <CheckField name="doNotCall" id={`f-${id}-dnc`} label="Do not call" checked={v.doNotCall === 'on'} />
              <button type="submit" class="button-secondary">
                Save<span class="visually-hidden"> {phoneText(phone.number)}</span>
              </button>
            </form>
            <form {...regionForm(`${base}/edit/phones/${encodeURIComponent(phone.id)}/remove`, 'phones')} class="inline-form">
              <button type="submit" class="button-secondary">
                Remove<span class="visually-hidden"> {phoneText(phone.number)}</span>
              </button>
            </form>
          </div>
        );
      })}
      <form {...regionForm(`${base}/edit/phones`, 'phones')} id="new-phone" aria-labelledby="new-phone-title">
        <h4 id="new-phone-title">Add a phone</h4>
        <SectionErrors errors={newPhone.errors} />
        <SelectField name="type" id="f-new-phone-type" label="Type" value={newPhone.values.type} error={newPhone.errors.type} options={phoneTypes.map((t) => [t, phoneTypeLabels[t]] as const)} autofocus={newFocus === 'type'} />
        <Field name="number" id="f-new-phone-number" label="Number" type="tel" value={newPhone.values.number} error={newPhone.errors.number} inputmode="tel" maxlength={24} autocomplete="off" hint="US and Canadian numbers as typed; others with + and the country code." autofocus={newFocus === 'number'} />
        <CheckField name="isPrimary" id="f-new-phone-primary" label="Primary phone (the first phone always is)" checked={newPhone.values.isPrimary === 'on'} />
        <CheckField name="doNotCall" id="f-new-phone-dnc" label="Do not call" checked={newPhone.values.doNotCall === 'on'} />
        <button type="submit">Add phone</button>
      </form>
    </div>
  );
}

export function AddressRegion({ p }: { p: RecordEditProps }) {
  const base = `/admin/customers/${encodeURIComponent(p.customer.id)}`;
  const address = p.forms.address ?? { values: p.values.address, errors: {} };
  return (
    <div id="primary-address">
      <h3>Primary address</h3>
      <Saved p={p} region="primary-address" />
      <form {...regionForm(`${base}/edit/address`, 'primary-address')}>
        <SectionErrors errors={address.errors} />
        <AddressFields prefix="primary" legend="Primary address (leave every part empty to remove it)" values={address.values} errors={address.errors} withCountry focus={firstProblem(addressFieldOrder('primary'), address.errors)} />
        <button type="submit">Save primary address</button>
      </form>
    </div>
  );
}

export function MailingRegion({ p }: { p: RecordEditProps }) {
  const base = `/admin/customers/${encodeURIComponent(p.customer.id)}`;
  const mailing = p.forms.mailing ?? { values: p.values.mailing, errors: {} };
  const focus = firstProblem(['mailingSameAsPrimary', ...addressFieldOrder('mailing')], mailing.errors);
  return (
    <section id="mailing" aria-labelledby="mailing-title">
      <h2 id="mailing-title">Mailing information</h2>
      <Saved p={p} region="mailing" />
      <form {...regionForm(`${base}/edit/mailing`, 'mailing')}>
        <SectionErrors errors={mailing.errors} />
        <CheckField name="mailingSameAsPrimary" label="Use primary address as mailing address" checked={mailing.values.mailingSameAsPrimary === 'on'} error={mailing.errors.mailingSameAsPrimary} autofocus={focus === 'mailingSameAsPrimary'} />
        <AddressFields prefix="mailing" legend="Mailing address (when it is not the primary address)" values={mailing.values} errors={mailing.errors} withCountry focus={focus} />
        <button type="submit">Save mailing information</button>
      </form>
    </section>
  );
}

export function WebAccessRegion({ p }: { p: RecordEditProps }) {
  const base = `/admin/customers/${encodeURIComponent(p.customer.id)}`;
  const web = p.forms.web ?? { values: p.values.web, errors: {} };
  const focus = firstProblem(['username', 'password'], web.errors);
  return (
    <section id="web-access" aria-labelledby="web-title">
      <h2 id="web-title">Web access</h2>
      <Saved p={p} region="web-access" />
      <form {...regionForm(`${base}/edit/web-access`, 'web-access')}>
        <SectionErrors errors={web.errors} />
        <Field name="username" label="Username" value={web.values.username} error={web.errors.username} maxlength={320} autocomplete="off" hint="Defaults to the email; without one, first and last name as one word. The borrower signs in with it." autofocus={focus === 'username'} />
        <p class="hint">{p.customer.passwordHash ? 'A password is set. Type a new one only to replace it (the borrower is then signed out everywhere).' : 'No password yet: type one to give the borrower web access.'}</p>
        <NewPasswordField name="password" label="New password (leave empty to keep the current one)" rules={p.passwordRules} error={web.errors.password} email={p.customer.email ?? undefined} autofocus={focus === 'password'} />
        <button type="submit">Save web access</button>
      </form>
    </section>
  );
}

export function PhotoRegion({ p }: { p: RecordEditProps }) {
  const base = `/admin/customers/${encodeURIComponent(p.customer.id)}`;
  const f = p.forms;
  const error = f.photo?.errors.photo;
  return (
    <section id="photo" aria-labelledby="photo-title">
      <h2 id="photo-title">Photo</h2>
      <Saved p={p} region="photo" />
      <CustomerPortrait customer={p.customer} />
      <form {...regionForm(`${base}/edit/photo`, 'photo')} enctype="multipart/form-data" hx-encoding="multipart/form-data" data-max-bytes={String(2 * 1024 * 1024)}>
        <SectionErrors errors={f.photo?.errors ?? {}} />
        <div class={`field drop-zone${error ? ' field-invalid' : ''}`} data-drop-zone>
          <label for="f-photo">{p.customer.photoKey ? 'Replace the photo' : 'Upload a photo'}</label>
          <p class="hint" id="f-photo-hint">
            Drag an image here or choose one. PNG, JPEG or WebP, up to 2 MB.
          </p>
          <input id="f-photo" name="photo" type="file" accept="image/png,image/jpeg,image/webp" aria-describedby={`f-photo-hint${error ? ' f-photo-error' : ''}`} aria-invalid={error ? 'true' : undefined} autofocus={error ? true : undefined} />
          <p class="drop-status muted" data-drop-status aria-live="polite"></p>
          {error ? (
            <p class="field-error" id="f-photo-error">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit">Upload photo</button>
      </form>
      {p.customer.photoKey ? (
        <form {...regionForm(`${base}/edit/photo/remove`, 'photo')} class="inline-form">
          <button type="submit" class="button-secondary">
            Remove the photo
          </button>
        </form>
      ) : null}
    </section>
  );
}

export function AdditionalRegion({ p }: { p: RecordEditProps }) {
  const base = `/admin/customers/${encodeURIComponent(p.customer.id)}`;
  const additional = p.forms.additional ?? { values: p.values.additional, errors: {} };
  return (
    <section id="additional" aria-labelledby="additional-title">
      <h2 id="additional-title">Additional information</h2>
      <Saved p={p} region="additional" />
      {p.customFields.length === 0 ? (
        <p class="muted">This portal has no custom fields for customers. Owners add them in the portal settings.</p>
      ) : (
        <form {...regionForm(`${base}/edit/additional`, 'additional')}>
          <SectionErrors errors={additional.errors} />
          <CustomFieldInputs fields={p.customFields} values={additional.values} errors={additional.errors} focus={firstProblem(p.customFields.map((cf) => `cf-${cf.id}`), additional.errors)} />
          <button type="submit">Save additional information</button>
        </form>
      )}
    </section>
  );
}

/** One region alone (an htmx answer). */
export function RecordRegionView({ region, p }: { region: RecordRegion; p: RecordEditProps }) {
  switch (region) {
    case 'general':
      return <GeneralRegion p={p} />;
    case 'phones':
      return <PhonesRegion p={p} />;
    case 'primary-address':
      return <AddressRegion p={p} />;
    case 'mailing':
      return <MailingRegion p={p} />;
    case 'web-access':
      return <WebAccessRegion p={p} />;
    case 'photo':
      return <PhotoRegion p={p} />;
    case 'additional':
      return <AdditionalRegion p={p} />;
  }
}

/** Every field of the record, in sections that each save on their own (one POST each, works without JS; htmx swaps only the section). */
export function CustomerRecordEditPage(p: RecordEditProps) {
  return (
    <CustomerShell customer={p.customer} active="/edit" title="Contact & personal" notice={p.saved ? undefined : p.notice} history={p.history}>
      <nav aria-label="Sections of the record" class="record-sections">
        <ul>
          {sections.map(([id, label]) => (
            <li>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <GeneralRegion p={p} />
      <section id="contact" aria-labelledby="contact-title">
        <h2 id="contact-title">Contact information</h2>
        <PhonesRegion p={p} />
        <AddressRegion p={p} />
      </section>
      <MailingRegion p={p} />
      <WebAccessRegion p={p} />
      <PhotoRegion p={p} />
      <AdditionalRegion p={p} />
    </CustomerShell>
  );
}

/** The "Contact & personal" tab for staff who may not change it: the whole record and its history, no forms. */
export function CustomerRecordView({ customer, phones, addresses, customFields, history }: { customer: Customer; phones: CustomerPhone[]; addresses: CustomerAddress[]; customFields: CustomField[]; history: HistoryView }) {
  return (
    <CustomerShell customer={customer} active="/edit" title="Contact & personal" history={history}>
      <p class="alert alert-info">Read-only staff see the record but cannot change it.</p>
      <RecordSummary customer={customer} phones={phones} addresses={addresses} customFields={customFields} />
    </CustomerShell>
  );
}

/** A new customer: a name (or a company's) is enough; email, phone and address can come now or later. */
export function NewCustomerPage({ values, errors, statuses, nonce }: { values: Record<string, string>; errors: Record<string, string>; statuses: string[]; nonce: string | undefined }) {
  return (
    <>
      <p>
        <a href="/admin/customers">Customers</a>
      </p>
      <h1>New customer</h1>
      <form method="post" action="/admin/customers/new" novalidate>
        <SectionErrors errors={errors} />
        <SelectField name="customerType" label="Customer type" value={values.customerType} error={errors.customerType} options={[['individual', 'Individual'], ['company', 'Company'], ['flooring', 'Flooring']]} attrs={{ 'data-customer-type': '' }} />
        <div data-for-types="company flooring">
          <Field name="companyName" label="Company name (companies and flooring)" value={values.companyName} error={errors.companyName} maxlength={120} autocomplete="off" />
        </div>
        <Field name="firstName" label="First name" value={values.firstName} error={errors.firstName} maxlength={60} autocomplete="off" />
        <Field name="lastName" label="Last name" value={values.lastName} error={errors.lastName} maxlength={80} autocomplete="off" />
        <Field name="email" label="Email (optional)" type="email" value={values.email} error={errors.email} maxlength={320} inputmode="email" autocomplete="off" />
        <Field name="username" label="Web username (optional)" value={values.username} error={errors.username} maxlength={320} autocomplete="off" hint="Leave empty for the default: the email, or else first and last name as one word." />
        <SelectField name="phoneType" label="Phone type" value={values.phoneType || 'mobile'} error={errors.phoneType} options={phoneTypes.map((t) => [t, phoneTypeLabels[t]] as const)} />
        <Field name="phone" label="Phone (optional)" type="tel" value={values.phone} error={errors.phone} inputmode="tel" maxlength={24} autocomplete="off" />
        <AddressFields prefix="primary" legend="Primary address (optional)" values={values} errors={errors} withCountry />
        <SelectField name="status" label="Status" value={values.status} error={errors.status} options={statuses.map((s) => [s, s] as const)} />
        <button type="submit">Create customer</button>
      </form>
    </>
  );
}
