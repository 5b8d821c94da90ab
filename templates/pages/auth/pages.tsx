import type { Child } from 'hono/jsx';
import type { RuleResult } from '../../../src/auth/password-policy';
import { ErrorSummary } from '../../components/error-summary';
import { Field } from '../../components/field';
import { ConfirmPasswordField, NewPasswordField } from '../../components/password-field';

function Notice({ kind, children }: { kind: 'error' | 'success' | 'info'; children?: Child }) {
  return (
    <p class={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

export function LoginPage(props: { portalName: string; audience?: 'customer' | 'agent'; values?: Record<string, string>; error?: string; notice?: string; next?: string }) {
  const v = props.values ?? {};
  const staff = props.audience === 'agent';
  return (
    <section class="narrow" aria-labelledby="login-title">
      <h1 id="login-title">{staff ? `Staff sign-in · ${props.portalName}` : `Sign in to ${props.portalName}`}</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <form method="post" action={staff ? '/admin/login' : '/login'} novalidate>
        {props.error ? <Notice kind="error">{props.error}</Notice> : null}
        <input type="hidden" name="next" value={props.next ?? v.next ?? '/'} />
        <Field name="email" label="Email" type="email" value={v.email} required autocomplete="username" />
        <div class="field">
          <label for="f-password">Password</label>
          <input id="f-password" name="password" type="password" required autocomplete="current-password" maxlength={256} />
        </div>
        <button type="submit">Sign in</button>
      </form>
      {staff ? (
        <p>Forgot your password? Ask an owner of this portal to reset it.</p>
      ) : (
        <>
          <form method="post" action="/login/passkey" class="passkey-login">
            <input type="hidden" name="next" value={props.next ?? v.next ?? '/'} />
            <p id="passkey-login-status" role="status" aria-live="polite"></p>
            <button type="button" class="button-secondary" data-passkey-login data-options-url="/login/passkey/options" data-verify-url="/login/passkey" data-status="passkey-login-status">
              Sign in with a passkey
            </button>
          </form>
          <p>
            <a href="/forgot">Forgot your password?</a>
          </p>
          <p>
            New to online access? <a href="/signup">Set up your sign-in</a>
          </p>
        </>
      )}
    </section>
  );
}

export function EmailLinkPage(props: { mode: 'signup' | 'forgot'; values?: Record<string, string>; errors?: Record<string, string>; sent?: boolean }) {
  const title = props.mode === 'signup' ? 'Set up online access' : 'Reset your password';
  const intro =
    props.mode === 'signup'
      ? 'Enter the email address your lender has on file. If it belongs to a borrower with online access, we will email you a link to create your password.'
      : 'Enter your email address. If it belongs to an account here, we will email you a link to choose a new password.';
  return (
    <section class="narrow" aria-labelledby="link-title">
      <h1 id="link-title">{title}</h1>
      {props.sent ? (
        <Notice kind="success">
          If that address belongs to an account here, a link is on its way. It works once and expires in 30 minutes. Check your spam folder if it
          does not arrive.
        </Notice>
      ) : (
        <>
          <p>{intro}</p>
          <form method="post" action={props.mode === 'signup' ? '/signup' : '/forgot'} novalidate>
            <Field name="email" label="Email" type="email" value={props.values?.email} error={props.errors?.email} required autocomplete="email" />
            <button type="submit">Email me a link</button>
          </form>
        </>
      )}
      <p>
        <a href="/login">Back to sign in</a>
      </p>
    </section>
  );
}

export function SetPasswordPage(props: { token: string; purpose: 'password-reset' | 'set-password'; rules: RuleResult[]; email?: string; errors?: Record<string, string> }) {
  const title = props.purpose === 'set-password' ? 'Create your password' : 'Choose a new password';
  return (
    <section class="narrow" aria-labelledby="set-title">
      <h1 id="set-title">{title}</h1>
      <form method="post" action="/reset" novalidate>
        <ErrorSummary errors={props.errors} />
        <input type="hidden" name="token" value={props.token} />
        <NewPasswordField name="password" label="New password" rules={props.rules} error={props.errors?.password} email={props.email} />
        <ConfirmPasswordField error={props.errors?.confirm} />
        <button type="submit">Save password</button>
      </form>
    </section>
  );
}

export function LinkInvalidPage() {
  return (
    <section class="narrow error-panel" aria-labelledby="invalid-title">
      <h1 id="invalid-title">This link no longer works</h1>
      <p>Links work once and expire after 30 minutes. If you asked for more than one, only the newest works.</p>
      <p>
        <a href="/forgot">Ask for a new link</a>
      </p>
    </section>
  );
}

export function TooManyAttemptsPage({ minutes, action }: { minutes: number; action: string }) {
  return (
    <section class="narrow error-panel" aria-labelledby="tma-title">
      <p class="error-status">Error 429</p>
      <h1 id="tma-title">Too many attempts</h1>
      <p>
        To protect your account, {action} is paused. Try again in {minutes} minute{minutes === 1 ? '' : 's'}.
      </p>
      <p>
        If you have forgotten your password, <a href="/forgot">reset it</a>.
      </p>
    </section>
  );
}
