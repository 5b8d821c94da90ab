import type { Child } from 'hono/jsx';
import type { Customer } from '../../../src/db/schema';
import { HISTORY_SECTION_ID, type HistoryView } from '../../../src/services/customer-history';
import { HistorySection } from '../../components/history';
import { Notices } from '../../components/notices';

/** The customer page's sections, in the order agents work through them. */
export const customerTabs = [
  ['', 'Summary, links & access'],
  ['/edit', 'Contact & personal'],
  ['/employer', 'Employer'],
  ['/references', 'References'],
  ['/notes', 'Notes'],
  ['/documents', 'Documents'],
  ['/payment-profiles', 'Payment profiles'],
  ['/communications', 'Communication history'],
  ['/privacy', 'Privacy (CCPA/PIPEDA)'],
] as const;

export type CustomerTabPath = (typeof customerTabs)[number][0];

export const customerName = (c: Customer) =>
  c.customerType !== 'individual' && c.companyName ? c.companyName : [c.firstName, c.middleName, c.lastName, c.generationCode].filter(Boolean).join(' ');

/**
 * Every customer page: the name, the section links (a nav with the current one marked), the
 * outcome notices, the section itself, and the section's change history with its JSON download.
 */
export function CustomerShell(props: {
  customer: Customer;
  active: CustomerTabPath;
  title?: string;
  notice?: string | undefined;
  error?: string | undefined;
  history?: HistoryView | undefined;
  children: Child;
}) {
  const base = `/admin/customers/${encodeURIComponent(props.customer.id)}`;
  const name = customerName(props.customer);
  return (
    <>
      <p>
        <a href="/admin/customers">Customers</a>
      </p>
      <CustomerHeading customer={props.customer} title={props.title} />
      <ViewAsForm customer={props.customer} />
      {props.customer.anonymisedAt ? <p class="alert alert-warning">This customer’s personal data was deleted on request; the accounts and their ledgers are kept.</p> : null}
      <nav aria-label={`Sections of ${name}`} class="subnav">
        <ul>
          {customerTabs.map(([path, label]) => (
            <li>
              <a href={`${base}${path}`} aria-current={props.active === path ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Notices notice={props.notice} error={props.error} />
      {props.children}
      {props.history ? <HistorySection view={props.history} id={HISTORY_SECTION_ID} /> : null}
    </>
  );
}

/** The customer's name as the page heading; `oob` brings it up to date from an htmx answer (a name just saved). */
export function CustomerHeading({ customer, title, oob }: { customer: Customer; title?: string | undefined; oob?: boolean }) {
  return (
    <h1 id="customer-heading" hx-swap-oob={oob ? 'true' : undefined}>
      {customerName(customer)}
      {title ? <span class="muted"> · {title}</span> : null}
    </h1>
  );
}

/** "View as borrower": any staff member; opens the borrower's portal read-only (audited). */
export function ViewAsForm({ customer }: { customer: Customer }) {
  if (customer.anonymisedAt) return null;
  return (
    <form method="post" action={`/admin/customers/${encodeURIComponent(customer.id)}/view-as`} class="inline-form">
      <button type="submit" class="button-secondary">
        View as borrower<span class="visually-hidden"> ({customerName(customer)}, read-only)</span>
      </button>
    </form>
  );
}
