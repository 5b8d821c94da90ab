import type { AgentRole } from '../../../src/db/schema';

const roleNames: Record<AgentRole, string> = { owner: 'Owner', manager: 'Manager', agent: 'Agent', read_only: 'Read-only' };

/** The staff area's landing page: who is signed in, in which role, and how they are protected. */
export function AdminHome(props: { name: string; email: string; role: AgentRole; lender: string; secondStep: string }) {
  return (
    <>
      <h1>Staff area · {props.lender}</h1>
      <dl class="facts">
        <dt>Signed in as</dt>
        <dd>
          {props.name} ({props.email})
        </dd>
        <dt>Role</dt>
        <dd>{roleNames[props.role]}</dd>
        <dt>Second step</dt>
        <dd>{props.secondStep}</dd>
      </dl>
      <h2>Tools</h2>
      <ul>
        <li>
          <a href="/admin/customers">Customers: search, links and access</a>
        </li>
        <li>
          <a href="/admin/ach">Bank payments (ACH): NACHA files and returns</a>
        </li>
        {props.role === 'owner' ? (
          <li>
            <a href="/admin/settings">Portal settings: branding, what borrowers see, payment rules</a>
          </li>
        ) : null}
      </ul>
    </>
  );
}
