import type { RuleResult } from '../../../src/auth/password-policy';
import type { AgentRole, AgentStatus } from '../../../src/db/schema';
import { roleLabels } from '../../../src/domain/staff-roles';
import { localDate } from '../../../src/domain/dates';
import { formatDay } from '../../../src/lib/format';
import { roleWithArticle, type StaffMember } from '../../../src/services/staff';
import { ErrorSummary } from '../../components/error-summary';
import { Field, SelectField } from '../../components/field';
import { Notices } from '../../components/notices';
import { ConfirmPasswordField, NewPasswordField } from '../../components/password-field';

const statusLabels: Record<AgentStatus, string> = { invited: 'Invited', active: 'Active', disabled: 'Disabled' };

export interface StaffPageProps {
  members: StaffMember[];
  /** The signed-in staff member. */
  meId: string;
  /** Roles the signed-in member may give or take; empty for those who cannot manage staff. */
  assignable: AgentRole[];
  timeZone: string;
  invite?: { values?: Record<string, string> | undefined; errors?: Record<string, string> | undefined } | undefined;
  notice?: string | undefined;
  error?: string | undefined;
}

/** The controls for one member: role, disable/enable, re-send, for those the viewer may manage. */
function MemberActions({ m, assignable }: { m: StaffMember; assignable: AgentRole[] }) {
  const a = m.agent;
  const base = `/admin/staff/${encodeURIComponent(a.id)}`;
  return (
    <div class="actions">
      <form class="inline-form" method="post" action={`${base}/role`}>
        <label for={`f-role-${a.id}`}>
          Role<span class="visually-hidden"> of {a.name}</span>
        </label>{' '}
        <select id={`f-role-${a.id}`} name="role">
          {assignable.map((r) => (
            <option value={r} selected={a.role === r}>
              {roleLabels[r]}
            </option>
          ))}
        </select>{' '}
        <button type="submit" class="button-secondary">
          Change role<span class="visually-hidden"> of {a.name}</span>
        </button>
      </form>{' '}
      <form class="inline-form" method="post" action={`${base}/status`}>
        <input type="hidden" name="status" value={a.status === 'disabled' ? 'enabled' : 'disabled'} />
        <button type="submit" class="button-secondary">
          {a.status === 'disabled' ? 'Enable' : a.status === 'invited' ? 'Withdraw invitation' : 'Disable'}
          <span class="visually-hidden"> {a.name}</span>
        </button>
      </form>{' '}
      {a.status === 'invited' ? (
        <form class="inline-form" method="post" action={`${base}/invitation`}>
          <button type="submit" class="button-secondary">
            Re-send invitation<span class="visually-hidden"> to {a.name}</span>
          </button>
        </form>
      ) : null}
    </div>
  );
}

/** The team: everyone sees it; owners and managers also invite, change roles and disable. */
export function StaffPage(props: StaffPageProps) {
  const canManage = props.assignable.length > 0;
  const values = props.invite?.values ?? {};
  const errors = props.invite?.errors ?? {};
  return (
    <>
      <p>
        <a href="/admin">Staff area</a>
      </p>
      <h1>Staff</h1>
      <Notices notice={props.notice} error={props.error} />
      <p class="muted">Everyone on the team signs in with a password and a second step: a code by email unless they set up an authenticator app or a passkey.</p>
      <table class="table">
        <caption class="visually-hidden">The team, with each member's role, status and second step</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Second step</th>
            {canManage ? <th scope="col">Manage</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.members.map((m) => {
            const a = m.agent;
            const me = a.id === props.meId;
            const manageable = canManage && !me && props.assignable.includes(a.role);
            return (
              <tr id={`agent-${a.id}`}>
                <th scope="row" data-label="Name">
                  {a.name}
                  {me ? <span class="muted"> (you)</span> : null}
                </th>
                <td data-label="Email">{a.email}</td>
                <td data-label="Role">{roleLabels[a.role]}</td>
                <td data-label="Status">
                  <span class="status-badge">{statusLabels[a.status]}</span>
                  {a.status === 'invited' ? (
                    <div class="muted">
                      {m.invitedByName ? `by ${m.invitedByName} ` : ''}on {formatDay(localDate(a.createdAt, props.timeZone))}
                    </div>
                  ) : null}
                </td>
                <td data-label="Second step">{m.secondStep ?? 'Not yet: chosen at first sign-in'}</td>
                {canManage ? (
                  <td data-label="Manage">
                    {manageable ? (
                      <MemberActions m={m} assignable={props.assignable} />
                    ) : (
                      <span class="muted">{me ? 'You cannot change your own role or status.' : `Only an owner can change ${roleWithArticle(a.role)}.`}</span>
                    )}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {canManage ? (
        <section aria-labelledby="invite-title">
          <h2 id="invite-title">Invite someone</h2>
          <p>They get an email with a link to choose their password; the link works once and expires in a week.</p>
          <form method="post" action="/admin/staff/invite" novalidate class="narrow">
            <ErrorSummary errors={errors} />
            <Field name="name" label="Name" value={values.name} error={errors.name} required autocomplete="off" maxlength={120} />
            <Field name="email" label="Email" type="email" value={values.email} error={errors.email} required autocomplete="off" inputmode="email" maxlength={320} />
            <SelectField
              name="role"
              label="Role"
              options={props.assignable.map((r) => [r, roleLabels[r]] as const)}
              value={values.role ?? 'agent'}
              error={errors.role}
              hint="Read-only staff see everything and change nothing; agents service customers and accounts; managers also reverse payments and manage agents; owners also configure the portal."
            />
            <button type="submit">Send the invitation</button>
          </form>
        </section>
      ) : null}
    </>
  );
}

/** The invitee chooses a password (rules ticked live by public/js/password-rules.js). */
export function InvitationPage(props: { token: string; name: string; email: string; portalName: string; rules: RuleResult[]; errors?: Record<string, string> }) {
  const errors = props.errors ?? {};
  return (
    <section class="narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title">Join the {props.portalName} staff area</h1>
      <p>
        Welcome, {props.name}. Choose a password for <strong>{props.email}</strong>. After that you sign in, and every sign-in takes a second step as well: a code we email to you, or an authenticator app or passkey you can add later.
      </p>
      <form method="post" action="/admin/invitation" novalidate>
        <ErrorSummary errors={errors} />
        <input type="hidden" name="token" value={props.token} />
        <NewPasswordField name="password" label="New password" rules={props.rules} error={errors.password} email={props.email} />
        <ConfirmPasswordField error={errors.confirm} />
        <button type="submit">Save password and continue</button>
      </form>
    </section>
  );
}

/** An invitation link that is forged, used, replaced by a newer one, expired or withdrawn. */
export function InvitationInvalidPage() {
  return (
    <section class="narrow error-panel" aria-labelledby="invitation-invalid-title">
      <h1 id="invitation-invalid-title">This invitation no longer works</h1>
      <p>An invitation link works once and expires after a week. If you were sent more than one, only the newest works; an invitation can also have been withdrawn.</p>
      <p>Ask the owner or manager who invited you to send a new one. If you already accepted, sign in instead.</p>
      <p>
        <a href="/admin/login">Go to staff sign-in</a>
      </p>
    </section>
  );
}
