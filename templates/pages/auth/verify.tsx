import { describedBy } from '../../components/field';
import type { ChallengeMethod } from '../../../src/services/mfa';

/**
 * A code that was refused, shown in its method's own form: beside the code box, which stays (with
 * "send a new code") after a mistyped code; beside "send a new code" alone when the code is spent.
 */
export interface CodeProblem {
  method: ChallengeMethod;
  message: string;
  /** False when the code can no longer work (expired, too many tries): only a new one helps. */
  codeBox: boolean;
  /** What was typed, kept in the box so a slip of one digit is easy to mend. */
  typed?: string | undefined;
}

/** The second step of sign-in: whichever methods the person has, each a small form of its own. */
export function VerifyPage(props: { base: '' | '/admin'; methods: ChallengeMethod[]; next: string; error?: string; problem?: CodeProblem | undefined; emailSentTo?: string; maskedEmail: string; maskedPhone?: string | undefined; smsSent?: boolean; smsOptedOut?: string | undefined }) {
  const has = (m: ChallengeMethod) => props.methods.includes(m);
  const problem = (m: ChallengeMethod) => (props.problem?.method === m ? props.problem : undefined);
  const totpError = problem('totp')?.message;
  const recoveryError = problem('recovery')?.message;
  return (
    <section class="narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">Confirm it is you</h1>
      <p>For your security, finish signing in with a second step.</p>
      {props.error ? (
        <p class="alert alert-error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.smsOptedOut && props.smsOptedOut !== props.error ? (
        <p class="alert alert-info">
          {props.smsOptedOut}
        </p>
      ) : null}
      {has('totp') ? (
        <form method="post" action={`${props.base}/login/verify/totp`} novalidate>
          <h2>Authenticator app</h2>
          <input type="hidden" name="next" value={props.next} />
          <CodeField id="f-totp" label="6-digit code from your app" error={totpError} />
          <button type="submit">Verify</button>
        </form>
      ) : null}
      {has('passkey') && props.base === '' ? (
        <form method="post" action="/login/passkey">
          <h2>Passkey</h2>
          <input type="hidden" name="next" value={props.next} />
          <p id="passkey-status" role="status" aria-live="polite"></p>
          <button type="button" data-passkey-login data-options-url="/login/passkey/options" data-verify-url="/login/passkey" data-status="passkey-status">
            Use a passkey
          </button>
        </form>
      ) : null}
      {has('sms') ? (
        <CodeByMessage
          title="Code by text message" channel="sms" base={props.base} next={props.next} sent={!!props.smsSent} problem={problem('sms')}
          sentText={`We texted a code to ${props.maskedPhone}.`} fieldLabel="6-digit code from the text"
          sendLabel={`Text a code to ${props.maskedPhone}`} resendLabel="Text a new code"
        />
      ) : null}
      {has('email') ? (
        <CodeByMessage
          title="Code by email" channel="email" base={props.base} next={props.next} sent={!!props.emailSentTo} problem={problem('email')}
          sentText={`We sent a code to ${props.emailSentTo ?? props.maskedEmail}.`} fieldLabel="6-digit code from the email"
          sendLabel={`Email a code to ${props.maskedEmail}`} resendLabel="Send a new code"
        />
      ) : null}
      {has('recovery') ? (
        <details open={recoveryError ? true : undefined}>
          <summary>Use a recovery code</summary>
          <form method="post" action={`${props.base}/login/verify/recovery`} novalidate>
            <input type="hidden" name="next" value={props.next} />
            <CodeField id="f-recovery" label="Recovery code" error={recoveryError} recovery />
            <button type="submit">Use code</button>
          </form>
        </details>
      ) : null}
      <form method="post" action={`${props.base}/logout`} class="inline-form">
        <button type="submit" class="button-secondary">Cancel and sign out</button>
      </form>
    </section>
  );
}

/** A code's box, with its error tied to it and focused when there is one (the page came back for it). */
function CodeField({ id, label, error, value, recovery }: { id: string; label: string; error?: string | undefined; value?: string | undefined; recovery?: boolean }) {
  const numeric = recovery ? {} : { inputmode: 'numeric' as const, pattern: '[0-9 ]*' };
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      <input id={id} name="code" {...numeric} autocomplete={recovery ? 'off' : 'one-time-code'} maxlength={recovery ? 32 : 8} required value={value} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, false, error)} autofocus={error ? true : undefined} />
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A code sent by email or text: the button that sends it and, once sent, the field for it. A
 * mistyped code keeps the field, with its error beside it; a spent one leaves the error by the
 * button that sends a new code.
 */
function CodeByMessage(props: { title: string; channel: 'sms' | 'email'; base: string; next: string; sent: boolean; problem?: CodeProblem | undefined; sentText: string; fieldLabel: string; sendLabel: string; resendLabel: string }) {
  const id = `f-${props.channel}-code`;
  const spent = props.problem && !props.problem.codeBox ? props.problem.message : undefined;
  const showBox = (props.sent || !!props.problem) && !spent;
  const resend = props.sent || !!props.problem;
  return (
    <div class="card">
      <h2>{props.title}</h2>
      {showBox ? (
        <form method="post" action={`${props.base}/login/verify/${props.channel}-code`} novalidate>
          <p role="status">{props.sentText} It expires in 10 minutes.</p>
          <input type="hidden" name="next" value={props.next} />
          <CodeField id={id} label={props.fieldLabel} error={props.problem?.message} value={props.problem?.typed} />
          <button type="submit">Verify</button>
        </form>
      ) : null}
      {spent ? (
        <p class="alert alert-error" role="alert">
          {spent}
        </p>
      ) : null}
      <form method="post" action={`${props.base}/login/verify/${props.channel}`} class="inline-form">
        <input type="hidden" name="next" value={props.next} />
        <button type="submit" class={showBox ? 'button-secondary' : ''}>
          {resend ? props.resendLabel : props.sendLabel}
        </button>
      </form>
    </div>
  );
}
