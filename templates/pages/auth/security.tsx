import type { Child } from 'hono/jsx';
import type { RuleResult } from '../../../src/auth/password-policy';
import type { SessionRow } from '../../../src/db/repositories/auth';
import { formatInstant } from '../../../src/lib/format';
import { ConfirmPasswordField, NewPasswordField } from '../../components/password-field';
import { ErrorSummary } from '../../components/error-summary';

const when = formatInstant;

/** Browser and system from a user agent, in words people recognise. */
function device(ua: string | null): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const system = /iPhone|iPad/.test(ua) ? 'iOS' : /Android/.test(ua) ? 'Android' : /Mac OS X/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : 'unknown system';
  return `${browser} on ${system}`;
}

export function SecurityPage(props: {
  sessions: SessionRow[];
  currentId: string;
  timeZone: string;
  email: string;
  rules: RuleResult[];
  errors?: Record<string, string>;
  notice?: string;
  /** Further sections (two-step verification). */
  children?: Child;
}) {
  const errors = props.errors ?? {};
  return (
    <>
      <h1>Security</h1>
      {props.notice ? (
        <p class="alert alert-success" role="status">
          {props.notice}
        </p>
      ) : null}
      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">Devices and sessions</h2>
        <p>Where you are signed in. Sign out anywhere you do not recognise, then change your password.</p>
        <table class="table">
          <caption class="visually-hidden">Your signed-in sessions</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last active</th>
              <th scope="col">
                <span class="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr>
                <td data-label="Device">
                  {device(s.userAgent)}
                  {s.id === props.currentId ? <strong> (this device)</strong> : null}
                </td>
                <td data-label="Signed in">{when(s.createdAt, props.timeZone)}</td>
                <td data-label="Last active">{when(s.lastSeenAt, props.timeZone)}</td>
                <td data-label="">
                  {s.id === props.currentId ? null : (
                    <form class="inline-form" method="post" action={`/security/sessions/${s.id}/revoke`}>
                      <button type="submit" class="button-secondary" aria-label={`Sign out ${device(s.userAgent)}, last active ${when(s.lastSeenAt, props.timeZone)}`}>
                        Sign out
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="password-title">
        <h2 id="password-title">Change your password</h2>
        <form method="post" action="/security/password" novalidate>
          <ErrorSummary errors={errors} />
          <div class={`field${errors.current ? ' field-invalid' : ''}`}>
            <label for="f-current">Current password</label>
            <input id="f-current" name="current" type="password" autocomplete="current-password" required maxlength={256} aria-invalid={errors.current ? 'true' : undefined} aria-describedby={errors.current ? 'f-current-error' : undefined} />
            {errors.current ? (
              <p class="field-error" id="f-current-error">
                {errors.current}
              </p>
            ) : null}
          </div>
          <NewPasswordField name="password" label="New password" rules={props.rules} error={errors.password} email={props.email} />
          <ConfirmPasswordField error={errors.confirm} />
          <p class="hint">Changing your password signs you out everywhere else.</p>
          <button type="submit">Change password</button>
        </form>
      </section>
      {props.children}
    </>
  );
}
