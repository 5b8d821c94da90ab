import type { Customer, CustomerAccountLink, CustomerAddress, CustomerPhone, CustomField } from '../../../src/db/schema';
import type { HistoryView } from '../../../src/services/customer-history';
import { CustomerShell, customerName } from './customer-shell';
import { RecordSummary, phoneText } from './customer-record';
import { linkRoles } from '../../../src/domain/link-roles';
import { formatCents } from '../../../src/domain/money';
import { formatDay as day } from '../../../src/lib/format';
import type { AccountOverview } from '../../../src/services/borrower-accounts';
import type { CustomerHit, CustomerSearchResult } from '../../../src/services/customer-admin';
import { maskTaxId, taxKindLabels } from '../../../src/domain/tax-id';

/** The link to another page of results: a plain link, and the results alone in place with htmx. */
const resultsHref = (query: string, page: number, fragment = false) => `/admin/customers${fragment ? '/results' : ''}?q=${encodeURIComponent(query)}${page > 1 ? `&page=${page}` : ''}`;

/** What tells two people of the same name apart: the year they were born, their tax id's last four, where they live. */
function Identifiers({ hit }: { hit: CustomerHit }) {
  const c = hit.customer;
  const facts = [
    c.dateOfBirth ? `Born ${c.dateOfBirth.slice(0, 4)}` : null,
    c.taxIdLast4 ? `${taxKindLabels[c.taxIdKind]} ${maskTaxId(c.taxIdKind, c.taxIdLast4)}` : null,
    hit.city ? `${hit.city}${hit.state ? `, ${hit.state}` : ''}` : null,
  ].filter((f): f is string => f !== null);
  return facts.length === 0 ? <span class="muted">—</span> : <>{facts.map((f, i) => (i === 0 ? <span class="nowrap">{f}</span> : <> · <span class="nowrap">{f}</span></>))}</>;
}

export function SearchResults({ result, query }: { result: CustomerSearchResult; query: string }) {
  const { hits, total, page, pages, pageSize } = result;
  const first = (page - 1) * pageSize + 1;
  const pageLink = (n: number, text: string, rel: 'prev' | 'next') => (
    <a href={resultsHref(query, n)} rel={rel} hx-get={resultsHref(query, n, true)} hx-target="#customer-results" hx-swap="outerHTML" hx-push-url={resultsHref(query, n)}>
      {text}
    </a>
  );
  return (
    <div id="customer-results" aria-live="polite">
      {query.trim().length < 2 ? (
        <p class="muted">Type at least two characters: a name, email, phone, account number or full SSN.</p>
      ) : total === 0 ? (
        <p class="muted">No customer matches “{query}”.</p>
      ) : (
        <>
          <p class="result-count">
            <strong>{total === 1 ? '1 customer matches' : `${total.toLocaleString('en-US')} customers match`}</strong>
            {pages > 1 ? ` · ${first}–${first + hits.length - 1} shown, by last name` : ', by last name'}
          </p>
          <table class="table search-results">
            <caption class="visually-hidden">
              Customers matching {query}
              {pages > 1 ? `, page ${page} of ${pages}` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Born · ID · City</th>
                <th scope="col">Email</th>
                <th scope="col">Phone</th>
                <th scope="col">Accounts</th>
                <th scope="col">Matched on</th>
              </tr>
            </thead>
            <tbody>
              {hits.map((h) => (
                <tr>
                  <th scope="row" data-label="Name">
                    <a href={`/admin/customers/${encodeURIComponent(h.customer.id)}`}>{customerName(h.customer)}</a>
                  </th>
                  <td data-label="Born · ID · City">
                    <Identifiers hit={h} />
                  </td>
                  <td class="break" data-label="Email">{h.customer.email ?? '—'}</td>
                  <td class="nowrap" data-label="Phone">{h.phones[0] ? phoneText(h.phones[0].number) : '—'}</td>
                  <td data-label="Accounts">{h.accounts.join(', ') || '—'}</td>
                  <td data-label="Matched on">{h.matched}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 ? (
            <nav class="pager" aria-label="Pages of results">
              {page > 1 ? pageLink(page - 1, `Previous ${pageSize}`, 'prev') : null}
              <span>
                Page {page} of {pages}
              </span>
              {page < pages ? pageLink(page + 1, `Next ${Math.min(pageSize, total - page * pageSize)}`, 'next') : null}
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}

/** Results as you type (htmx), and a plain form that works without it. */
export function CustomerSearchPage({ query, result, canCreate }: { query: string; result: CustomerSearchResult; canCreate: boolean }) {
  return (
    <>
      <p>
        <a href="/admin">Staff area</a>
      </p>
      <h1>Customers</h1>
      {canCreate ? (
        <p class="actions">
          <a href="/admin/customers/new">New customer</a>
        </p>
      ) : null}
      <form method="get" action="/admin/customers" role="search" class="filters">
        <div class="field">
          <label for="f-q">Find a customer</label>
          <input id="f-q" name="q" type="search" value={query} autocomplete="off" hx-get="/admin/customers/results" hx-trigger="input changed delay:250ms, search" hx-target="#customer-results" hx-swap="outerHTML" aria-describedby="f-q-hint" />
          <p class="hint" id="f-q-hint">
            Name, email, phone, account number, or a full SSN.
          </p>
        </div>
        <button type="submit">Search</button>
      </form>
      <SearchResults result={result} query={query} />
    </>
  );
}

const switches = [
  ['emailAccess', 'Email'],
  ['webAccess', 'Web'],
  ['smsAccess', 'SMS'],
] as const;

/** A customer's record: contact details and the links & access of each account. */
export function CustomerPage({ customer, phones, addresses, customFields, accounts, canWrite, notice, error, history }: { customer: Customer; phones: CustomerPhone[]; addresses: CustomerAddress[]; customFields: CustomField[]; accounts: (AccountOverview & { link: CustomerAccountLink })[]; canWrite: boolean; notice?: string | undefined; error?: string | undefined; history: HistoryView }) {
  return (
    <CustomerShell customer={customer} active="" notice={notice} error={error} history={history}>
      <p class="actions">
        {canWrite ? <a href={`/admin/customers/${encodeURIComponent(customer.id)}/edit`}>Edit</a> : null}
        <a href={`/admin/customers/${encodeURIComponent(customer.id)}/history.json`}>Change history (JSON)</a>
        {canWrite ? <a href={`/admin/customers/${encodeURIComponent(customer.id)}/export.json`}>Personal data export (CCPA/PIPEDA)</a> : null}
        {canWrite && !customer.anonymisedAt ? <a href={`/admin/accounts/new?customer=${encodeURIComponent(customer.id)}`}>Open an account for this customer</a> : null}
      </p>
      <RecordSummary customer={customer} phones={phones} addresses={addresses} customFields={customFields} />
      <h2>Links and access</h2>
      <table class="table">
        <caption class="visually-hidden">Accounts this customer is on, with their access</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Status</th>
            <th scope="col">Payoff / balance</th>
            <th scope="col">Principal</th>
            <th scope="col">Next due</th>
            <th scope="col">DPD</th>
            <th scope="col">APD</th>
            <th scope="col">Role and access</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => {
            const id = a.account.displayId;
            return (
              <tr>
                <td data-label="Account">
                  <a href={`/admin/accounts/${encodeURIComponent(id)}`}>{id}</a>
                  <div class="muted">{a.account.productName}</div>
                </td>
                <td data-label="Status">{a.status}</td>
                <td data-label="Payoff / balance">{formatCents(a.payoff ?? a.balance)}</td>
                <td data-label="Principal">{a.kind === 'loan' ? formatCents(a.balance) : '—'}</td>
                <td data-label="Next due">{a.nextDueDate ? `${formatCents(a.nextDueAmount ?? 0)} on ${day(a.nextDueDate)}` : '—'}</td>
                <td data-label="DPD">{a.daysPastDue}</td>
                <td data-label="APD">{formatCents(a.pastDueAmount)}</td>
                <td data-label="Role and access">
                  {canWrite ? (
                    <form class="inline-form link-form" method="post" action={`/admin/customers/${encodeURIComponent(a.link.customerId)}/links/${encodeURIComponent(id)}`}>
                      <label for={`f-role-${id}`}>Role on {id}</label>
                      <select id={`f-role-${id}`} name="role">
                        {linkRoles.map((r) => (
                          <option value={r} selected={a.link.role === r}>
                            {r}
                          </option>
                        ))}
                      </select>
                      {switches.map(([key, label]) => (
                        <div class="choice">
                          <input type="checkbox" id={`f-${key}-${id}`} name={key} checked={a.link[key]} />
                          <label for={`f-${key}-${id}`}>
                            {label} access<span class="visually-hidden"> for {id}</span>
                          </label>
                        </div>
                      ))}
                      <button type="submit" class="button-secondary">
                        Save<span class="visually-hidden"> {id}</span>
                      </button>
                    </form>
                  ) : (
                    <span>
                      {a.link.role}; {switches.filter(([key]) => a.link[key]).map(([, label]) => label).join(', ') || 'no access'}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </CustomerShell>
  );
}
