import { Field } from '../../components/field';
import { raw } from 'hono/html';
import type { MfaMethod } from '../../../src/db/schema';
import type { Factors } from '../../../src/services/mfa';

export function MfaSection({ methods, factors, passkeys, canAddPasskey }: { methods: MfaMethod[]; factors: Factors; passkeys: { id: string; name: string; createdAt: string }[]; canAddPasskey: boolean }) {
  return (
    <section aria-labelledby="mfa-title">
      <h2 id="mfa-title">Two-step verification</h2>
      <p>A second step after your password keeps your account safe even if someone learns the password.</p>
      {methods.includes('totp') ? (
        <>
      <h3>Authenticator app</h3>
      {factors.totp ? (
        <>
          <p>
            <strong>On.</strong> You enter a code from your app when you sign in.
          </p>
          <form method="post" action="/security/totp/remove" class="inline-form">
            <button type="submit" class="button-secondary">Turn off the authenticator app</button>
          </form>
        </>
      ) : (
        <form method="post" action="/security/totp/start">
          <p>Use an app such as Google Authenticator, Microsoft Authenticator or 1Password.</p>
          <button type="submit">Set up an authenticator app</button>
        </form>
      )}
        </>
      ) : null}
      {methods.includes('passkey') ? (
        <>
      <h3>Passkeys</h3>
      {passkeys.length > 0 ? (
        <ul>
          {passkeys.map((p) => (
            <li>
              {p.name} <span class="muted">(added {p.createdAt})</span>{' '}
              <form method="post" action={`/security/passkeys/${encodeURIComponent(p.id)}/remove`} class="inline-form">
                <button type="submit" class="button-secondary" aria-label={`Remove the passkey ${p.name}`}>
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No passkeys yet.</p>
      )}
      {canAddPasskey ? (
        <div>
          <p>A passkey lets you sign in with your fingerprint, face or device PIN instead of a password.</p>
          <div class="field">
            <label for="f-passkey-name">Name for a new passkey</label>
            <input id="f-passkey-name" name="passkey-name" maxlength={60} value="My device" />
          </div>
          <p id="passkey-register-status" role="status" aria-live="polite"></p>
          <button type="button" data-passkey-register data-options-url="/security/passkeys/options" data-verify-url="/security/passkeys" data-name-input="f-passkey-name" data-status="passkey-register-status">
            Add a passkey
          </button>
        </div>
      ) : (
        <form method="post" action="/security/confirm" novalidate>
          <p>To add a passkey, confirm your password first.</p>
          <input type="hidden" name="then" value="/security" />
          <div class="field">
            <label for="f-passkey-password">Password</label>
            <input id="f-passkey-password" name="password" type="password" autocomplete="current-password" required maxlength={256} />
          </div>
          <button type="submit" class="button-secondary">Confirm</button>
        </form>
      )}
        </>
      ) : null}
      {factors.totp || factors.passkeys > 0 || factors.phone ? (
        <>
      <h3>Recovery codes</h3>
      <p>
        {factors.recoveryLeft > 0
          ? `You have ${factors.recoveryLeft} unused recovery code${factors.recoveryLeft === 1 ? '' : 's'}.`
          : 'You have no recovery codes.'}{' '}
        Each works once if you lose your phone.
      </p>
      <form method="post" action="/security/recovery-codes" class="inline-form">
        <button type="submit" class="button-secondary">Make new recovery codes</button>
      </form>
        </>
      ) : null}
    </section>
  );
}

export function TotpSetupPage({ qr, secret, error }: { qr: string; secret: string; error?: string | undefined }) {
  const grouped = secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <section class="narrow" aria-labelledby="totp-title">
      <h1 id="totp-title">Set up your authenticator app</h1>
      <ol>
        <li>Open your authenticator app and add an account.</li>
        <li>Scan this QR code, or type the key below.</li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <figure class="qr">
        {raw(qr)}
        <figcaption>
          Key: <code data-totp-secret>{grouped}</code>
        </figcaption>
      </figure>
      <form method="post" action="/security/totp" novalidate>
        {error ? (
          <p class="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        <div class={`field${error ? ' field-invalid' : ''}`}>
          <label for="f-code">6-digit code</label>
          <input id="f-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength={8} required aria-invalid={error ? 'true' : undefined} />
        </div>
        <button type="submit">Turn on</button>
      </form>
      <p>
        <a href="/security">Cancel</a>
      </p>
    </section>
  );
}

export function RecoveryCodesPage({ codes, heading }: { codes: string[]; heading: string }) {
  return (
    <section class="narrow" aria-labelledby="codes-title">
      <h1 id="codes-title">{heading}</h1>
      <p>Save these recovery codes somewhere safe, such as a password manager. Each works once, if you cannot use your app. They will not be shown again.</p>
      <ul class="codes" data-recovery-codes>
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href="/security">
          I have saved them
        </a>
      </p>
    </section>
  );
}

export function ConfirmPasswordPage({ then, error }: { then: string; error?: string | undefined }) {
  return (
    <section class="narrow" aria-labelledby="confirm-title">
      <h1 id="confirm-title">Confirm it is you</h1>
      <p>Enter your password to change your security settings.</p>
      <form method="post" action="/security/confirm" novalidate>
        {error ? (
          <p class="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        <input type="hidden" name="then" value={then} />
        <div class={`field${error ? ' field-invalid' : ''}`}>
          <label for="f-confirm-password">Password</label>
          <input id="f-confirm-password" name="password" type="password" autocomplete="current-password" required maxlength={256} />
        </div>
        <button type="submit">Continue</button>
      </form>
    </section>
  );
}

export function EmailSection({ email, values, errors }: { email: string; values?: Record<string, string>; errors?: Record<string, string> }) {
  const e = errors ?? {};
  return (
    <section aria-labelledby="email-title">
      <h2 id="email-title">Sign-in email</h2>
      <p>
        You sign in with <strong>{email}</strong>. To change it, enter the new address and your password; we will send a code to the new
        address.
      </p>
      <form method="post" action="/security/email" novalidate>
        <Field id="f-new-email" name="email" label="New email" type="email" autocomplete="email" required value={values?.email} error={e.email} />
        <Field id="f-email-password" name="password" label="Password" type="password" autocomplete="current-password" required maxlength={256} error={e.password} />
        <button type="submit">Send a code to the new address</button>
      </form>
    </section>
  );
}

/**
 * Where a person types the code just sent to them (a new email address, a phone). A wrong code
 * comes back here with its error beside the box; `again` is the way to ask for a new code.
 */
export function CodeEntryPage({ title, sentTo, action, error, again }: { title: string; sentTo: string; action: string; error?: string | undefined; again: { href: string; label: string } }) {
  return (
    <section class="narrow" aria-labelledby="code-title">
      <h1 id="code-title">{title}</h1>
      <p role="status">We sent a 6-digit code to {sentTo}. It expires in 10 minutes.</p>
      <form method="post" action={action} novalidate>
        <Field id="f-sent-code" name="code" label="Code" inputmode="numeric" autocomplete="one-time-code" maxlength={8} required error={error} />
        <button type="submit">Confirm</button>
      </form>
      <p class="actions">
        <a href={again.href}>{again.label}</a>
        <a href="/security">Cancel</a>
      </p>
    </section>
  );
}

export function PhoneSection({ maskedPhone, values, error }: { maskedPhone: string | null; values?: Record<string, string>; error?: string | undefined }) {
  return (
    <section aria-labelledby="phone-title">
      <h2 id="phone-title">Text message codes</h2>
      {maskedPhone ? (
        <>
          <p>
            Sign-in codes can be texted to <strong>{maskedPhone}</strong>.
          </p>
          <form method="post" action="/security/phone/remove" class="inline-form">
            <button type="submit" class="button-secondary">Stop texting codes</button>
          </form>
        </>
      ) : (
        <form method="post" action="/security/phone" novalidate>
          <p>Get sign-in codes by text message. We will text a code to check the number.</p>
          <Field name="phone" label="Mobile number" type="tel" inputmode="tel" autocomplete="tel" required value={values?.phone} error={error} />
          <button type="submit">Text me a code</button>
        </form>
      )}
    </section>
  );
}

