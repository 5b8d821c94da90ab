import type { Customer, CustomerAccountLink } from '../../../src/db/schema';
import { linkRoles } from '../../../src/domain/link-roles';
import { maskTaxId, taxKindLabels } from '../../../src/domain/tax-id';
import type { CustomerHit } from '../../../src/services/customer-admin';
import { ErrorSummary } from '../../components/error-summary';
import { CheckField, SelectField } from '../../components/field';

export interface ServicingForms {
  status?: { values: Record<string, string>; errors: Record<string, string> } | undefined;
  add?: { values: Record<string, string>; errors: Record<string, string> } | undefined;
  role?: { customerId: string; values: Record<string, string>; errors: Record<string, string> } | undefined;
}

export const PICKS_ID = 'account-customer-picks';

const nameOf = (c: Customer) => (c.customerType !== 'individual' && c.companyName ? c.companyName : `${c.firstName} ${c.lastName}`);
const roleOptions = linkRoles.map((r) => [r, r] as const);
const accessText = (l: CustomerAccountLink) => [l.emailAccess ? 'Email' : '', l.webAccess ? 'Web' : '', l.smsAccess ? 'SMS' : ''].filter(Boolean).join(', ') || 'No access';

/** Who a search result is, beyond the name: born, tax id's last four, city. */
const identifiers = (h: CustomerHit) =>
  [h.customer.dateOfBirth ? `born ${h.customer.dateOfBirth.slice(0, 4)}` : '', h.customer.taxIdLast4 ? `${taxKindLabels[h.customer.taxIdKind]} ${maskTaxId(h.customer.taxIdKind, h.customer.taxIdLast4)}` : '', h.city ? `${h.city}${h.state ? `, ${h.state}` : ''}` : '', h.customer.email ?? '']
    .filter(Boolean)
    .join(' · ');

/** The account's status, changed from the lender's list. */
export function StatusForm({ action, status, statuses, form }: { action: string; status: string; statuses: string[]; form: ServicingForms['status'] }) {
  const value = form?.values.status ?? status;
  // A status since removed from the list stays shown as the account's; a refused choice stays selected (keepValue).
  const options = (statuses.includes(status) ? statuses : [...statuses, status]).map((s) => [s, s] as const);
  return (
    <form method="post" action={`${action}#account-status`} id="account-status" class="compact-form" novalidate>
      <SelectField name="status" id="f-account-status" label="Status, from the lender’s list" value={value} options={options} keepValue error={form?.errors.status} autofocus={!!form?.errors.status} />
      <button type="submit" class="button-secondary">
        Change the status
      </button>
    </form>
  );
}

/** Customers found to add: a choice each (radio), in the add form. */
export function CustomerPicks({ query, hits, onAccount, chosen }: { query: string; hits: CustomerHit[]; onAccount: Set<string>; chosen?: string | undefined }) {
  return (
    <div id={PICKS_ID} aria-live="polite">
      {query.trim().length < 2 ? null : hits.length === 0 ? (
        <p class="muted">No customer matches “{query}”.</p>
      ) : (
        <fieldset>
          <legend>Customers matching “{query}”</legend>
          {hits.map((h) => {
            const id = `f-pick-${h.customer.id}`;
            const already = onAccount.has(h.customer.id);
            return (
              <div class="choice">
                <input type="radio" id={id} name="customer" value={h.customer.id} checked={chosen === h.customer.id} disabled={already} />
                <label for={id}>
                  {nameOf(h.customer)}
                  <span class="muted"> {already ? '· already on this account' : identifiers(h) ? `· ${identifiers(h)}` : ''}</span>
                </label>
              </div>
            );
          })}
        </fieldset>
      )}
    </div>
  );
}

/**
 * The customers on the account, their roles (exactly one Primary) and access, with the forms to
 * change a role, remove someone and add someone, for staff who may service accounts.
 */
export function AccountCustomers(props: {
  displayId: string;
  holders: { link: CustomerAccountLink; customer: Customer }[];
  canService: boolean;
  forms: ServicingForms;
  find: { query: string; hits: CustomerHit[] };
}) {
  const base = `/admin/accounts/${encodeURIComponent(props.displayId)}`;
  const add = props.forms.add ?? { values: { role: 'Secondary', emailAccess: 'on', webAccess: 'on' }, errors: {} };
  const onAccount = new Set(props.holders.map((h) => h.customer.id));
  return (
    <section aria-labelledby="account-customers-title" id="account-customers">
      <h2 id="account-customers-title">Customers on {props.displayId}</h2>
      <table class="table">
        <caption class="visually-hidden">Customers on {props.displayId}, their role and access</caption>
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Role</th>
            <th scope="col">Access</th>
            {props.canService ? (
              <th scope="col">
                <span class="visually-hidden">Remove</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {props.holders.map((h) => {
            const name = nameOf(h.customer);
            const mine = props.forms.role?.customerId === h.customer.id ? props.forms.role : undefined;
            const cid = encodeURIComponent(h.customer.id);
            return (
              <tr id={`holder-${h.customer.id}`}>
                <th scope="row" data-label="Customer">
                  <a href={`/admin/customers/${cid}`}>{name}</a>
                </th>
                <td data-label="Role">
                  {props.canService ? (
                    <form method="post" action={`${base}/customers/${cid}/role#holder-${h.customer.id}`} class="compact-form" novalidate>
                      <SelectField name="role" id={`f-role-${h.customer.id}`} label={`Role of ${name}`} value={mine?.values.role ?? h.link.role} options={roleOptions} error={mine?.errors.role} autofocus={!!mine?.errors.role} />
                      <button type="submit" class="button-secondary">
                        Save<span class="visually-hidden"> the role of {name}</span>
                      </button>
                    </form>
                  ) : (
                    h.link.role
                  )}
                </td>
                <td data-label="Access">{accessText(h.link)}</td>
                {props.canService ? (
                  <td data-label="">
                    {h.link.role === 'Primary' ? (
                      <span class="muted">Make someone else Primary to remove {name}</span>
                    ) : (
                      <form method="post" action={`${base}/customers/${cid}/remove`} class="inline-form">
                        <button type="submit" class="button-secondary">
                          Remove<span class="visually-hidden"> {name} from {props.displayId}</span>
                        </button>
                      </form>
                    )}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.canService ? (
        <form method="post" action={`${base}/customers#add-customer`} id="add-customer" class="servicing-form" novalidate aria-labelledby="add-customer-title">
          <h3 id="add-customer-title">Add a customer</h3>
          <ErrorSummary errors={add.errors} title="The customer was not added" />
          <div class="field">
            <label for="f-find-customer">Find the customer</label>
            <p class="hint" id="f-find-customer-hint">
              Name, email, phone or a full SSN; then choose them below.
            </p>
            <input
              id="f-find-customer" name="q" type="search" value={add.values.q ?? props.find.query} maxlength={100} autocomplete="off" aria-describedby={`f-find-customer-hint${add.errors.customer ? ' f-customer-error' : ''}`} autofocus={add.errors.customer ? true : undefined}
              hx-get={`${base}/customers`} hx-trigger="input changed delay:250ms, search" hx-target={`#${PICKS_ID}`} hx-swap="outerHTML"
            />
          </div>
          <button type="submit" class="button-secondary" formmethod="get" formaction={`${base}#add-customer`}>
            Search customers
          </button>
          <div class={add.errors.customer ? 'field field-invalid' : 'field'}>
            <CustomerPicks query={add.values.q ?? props.find.query} hits={props.find.hits} onAccount={onAccount} chosen={add.values.customer} />
            {add.errors.customer ? (
              <p class="field-error" id="f-customer-error" tabindex={-1}>
                {add.errors.customer}
              </p>
            ) : null}
          </div>
          <SelectField name="role" id="f-add-role" label="Role on the account" value={add.values.role} options={roleOptions} error={add.errors.role} hint="Adding a Primary makes the current Primary Secondary." autofocus={!!add.errors.role && !add.errors.customer} />
          <fieldset>
            <legend>Access</legend>
            <CheckField name="emailAccess" id="f-add-email" label="Email access" checked={add.values.emailAccess === 'on'} />
            <CheckField name="webAccess" id="f-add-web" label="Web access (sees the account in the portal)" checked={add.values.webAccess === 'on'} />
            <CheckField name="smsAccess" id="f-add-sms" label="SMS access" checked={add.values.smsAccess === 'on'} />
          </fieldset>
          <button type="submit">Add to {props.displayId}</button>
        </form>
      ) : null}
    </section>
  );
}
