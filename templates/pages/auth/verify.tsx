import type { ChallengeMethod } from '../../../src/services/mfa';

/** The second step of sign-in: whichever methods the person has, each a small form of its own. */
export function VerifyPage(props: { base: '' | '/admin'; methods: ChallengeMethod[]; next: string; error?: string; emailSentTo?: string; maskedEmail: string; maskedPhone?: string | undefined; smsSent?: boolean; smsOptedOut?: string | undefined }) {
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
      {props.smsOptedOut && props.smsOptedOut !== props.error ? (
        <p class="alert alert-info">
          {props.smsOptedOut}
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
        <CodeByMessage
          title="Code by text message" channel="sms" base={props.base} next={props.next} sent={!!props.smsSent}
          sentText={`We texted a code to ${props.maskedPhone}.`} fieldLabel="6-digit code from the text"
          sendLabel={`Text a code to ${props.maskedPhone}`} resendLabel="Text a new code"
        />
      ) : null}
      {has('email') ? (
        <CodeByMessage
          title="Code by email" channel="email" base={props.base} next={props.next} sent={!!props.emailSentTo}
          sentText={`We sent a code to ${props.emailSentTo}.`} fieldLabel="6-digit code from the email"
          sendLabel={`Email a code to ${props.maskedEmail}`} resendLabel="Send a new code"
        />
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

/** A code sent by email or text: the button that sends it and, once sent, the field for it. */
function CodeByMessage(props: { title: string; channel: 'sms' | 'email'; base: string; next: string; sent: boolean; sentText: string; fieldLabel: string; sendLabel: string; resendLabel: string }) {
  const id = `f-${props.channel}-code`;
  return (
    <div class="card">
      <h2>{props.title}</h2>
      {props.sent ? (
        <form method="post" action={`${props.base}/login/verify/${props.channel}-code`} novalidate>
          <p role="status">{props.sentText} It expires in 10 minutes.</p>
          <input type="hidden" name="next" value={props.next} />
          <div class="field">
            <label for={id}>{props.fieldLabel}</label>
            <input id={id} name="code" inputmode="numeric" autocomplete="one-time-code" maxlength={8} required />
          </div>
          <button type="submit">Verify</button>
        </form>
      ) : null}
      <form method="post" action={`${props.base}/login/verify/${props.channel}`} class="inline-form">
        <input type="hidden" name="next" value={props.next} />
        <button type="submit" class={props.sent ? 'button-secondary' : ''}>
          {props.sent ? props.resendLabel : props.sendLabel}
        </button>
      </form>
    </div>
  );
}
