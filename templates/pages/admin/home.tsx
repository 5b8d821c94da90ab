import type { AgentRole } from '../../../src/db/schema';
import { can, roleLabels } from '../../../src/domain/staff-roles';

/** The staff area's landing page: who is signed in, in which role, how they are protected, and the tools. */
export function AdminHome(props: {
  name: string;
  email: string;
  role: AgentRole;
  lender: string;
  secondStep: string;
  /** Deletions of personal data waiting for a second manager or owner (shown to those who may approve). */
  deletions?: { customerId: string; customerName: string; requestedBy: string; mine: boolean }[] | undefined;
}) {
  return (
    <>
      <h1>Staff area · {props.lender}</h1>
      <dl class="facts">
        <dt>Signed in as</dt>
        <dd>
          {props.name} ({props.email})
        </dd>
        <dt>Role</dt>
        <dd>{roleLabels[props.role]}</dd>
        <dt>Second step</dt>
        <dd>{props.secondStep}</dd>
      </dl>
      {props.deletions && props.deletions.length > 0 ? (
        <section aria-labelledby="pending-deletions" class="alert alert-warning">
          <h2 id="pending-deletions">Deletions waiting for approval</h2>
          <p>A second manager or owner approves each one on the customer’s Privacy page.</p>
          <ul>
            {props.deletions.map((d) => (
              <li>
                <a href={`/admin/customers/${encodeURIComponent(d.customerId)}/privacy#deletion-action`}>{d.customerName}</a>: asked by {d.requestedBy}
                {d.mine ? ' (you: someone else approves it)' : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Tools</h2>
      <ul>
        <li>
          <a href="/admin/customers">Customers: search, records, links and access</a>
        </li>
        <li>
          <a href="/admin/accounts">Accounts: schedules, ledgers and payments{can(props.role, 'accounts.write') ? '; open a new account' : ''}</a>
        </li>
        <li>
          <a href="/admin/ach">Bank payments (ACH): NACHA files and returns</a>
        </li>
        <li>
          <a href="/admin/staff">Staff: the team and their roles{can(props.role, 'staff.manage') ? '; invite someone' : ''}</a>
        </li>
        {can(props.role, 'settings.manage') ? (
          <li>
            <a href="/admin/settings">Portal settings: branding, sign-in, what borrowers see, payment rules, lists and custom fields</a>
          </li>
        ) : null}
      </ul>
    </>
  );
}
