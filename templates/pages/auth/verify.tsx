import type { ChallengeMethod } from '../../../src/services/mfa';

/** The second step of sign-in: whichever methods the person has, each a small form of its own. */
export function VerifyPage(props: { base: '' | '/admin'; methods: ChallengeMethod[]; next: string; error?: string; emailSentTo?: string; maskedEmail: string; maskedPhone?: string | undefined; smsSent?: boolean }) {
  const has = (m: ChallengeMethod) => props.methods.includes(m);
  return (
    <section class="narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">Confirm it is you</h1>
      <p>For your security, finish signing in with a second step.</p>
      {props.error ? (
        <p class="alert alert-error" role="alert">
          {props.error}
        </p>
      ) : null}
      {has('totp') ? (
        <form method="post" action={`${props.base}/login/verify/totp`} novalidate>
          <h2>Authenticator app</h2>
          <input type="hidden" name="next" value={props.next} />
          <div class="field">
            <label for="f-totp">6-digit code from your app</label>
            <input id="f-totp" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength={8} required />
          </div>
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
        <div class="card">
          <h2>Code by text message</h2>
          {props.smsSent ? (
            <form method="post" action={`${props.base}/login/verify/sms-code`} novalidate>
              <p role="status">We texted a code to {props.maskedPhone}. It expires in 10 minutes.</p>
              <input type="hidden" name="next" value={props.next} />
              <div class="field">
                <label for="f-sms-code">6-digit code from the text</label>
                <input id="f-sms-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength={8} required />
              </div>
              <button type="submit">Verify</button>
            </form>
          ) : null}
          <form method="post" action={`${props.base}/login/verify/sms`} class="inline-form">
            <input type="hidden" name="next" value={props.next} />
            <button type="submit" class={props.smsSent ? 'button-secondary' : ''}>
              {props.smsSent ? 'Text a new code' : `Text a code to ${props.maskedPhone}`}
            </button>
          </form>
        </div>
      ) : null}
      {has('email') ? (
        <div class="card">
          <h2>Code by email</h2>
          {props.emailSentTo ? (
            <form method="post" action={`${props.base}/login/verify/email-code`} novalidate>
              <p role="status">We sent a code to {props.emailSentTo}. It expires in 10 minutes.</p>
              <input type="hidden" name="next" value={props.next} />
              <div class="field">
                <label for="f-email-code">6-digit code from the email</label>
                <input id="f-email-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength={8} required />
              </div>
              <button type="submit">Verify</button>
            </form>
          ) : null}
          <form method="post" action={`${props.base}/login/verify/email`} class="inline-form">
            <input type="hidden" name="next" value={props.next} />
            <button type="submit" class={props.emailSentTo ? 'button-secondary' : ''}>
              {props.emailSentTo ? 'Send a new code' : `Email a code to ${props.maskedEmail}`}
            </button>
          </form>
        </div>
      ) : null}
      {has('recovery') ? (
        <details>
          <summary>Use a recovery code</summary>
          <form method="post" action={`${props.base}/login/verify/recovery`} novalidate>
            <input type="hidden" name="next" value={props.next} />
            <div class="field">
              <label for="f-recovery">Recovery code</label>
              <input id="f-recovery" name="code" autocomplete="off" maxlength={32} required />
            </div>
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
