import type { TenantSettings } from '../../src/db/schema';

export function TenantHome({ portalName, lenderName, settings }: { portalName: string; lenderName: string; settings: TenantSettings }) {
  const hasContact = settings.supportEmail || settings.supportPhone;
  return (
    <>
      <section class="hero">
        <h1>{`Welcome to ${portalName}`}</h1>
        <p class="lead">{settings.welcomeMessage ?? `Your loans with ${lenderName}, in one place.`}</p>
        <p class="actions">
          <a class="button" href="/login">
            Sign in
          </a>{' '}
          <a href="/signup">First time here? Set up your sign-in</a>
        </p>
      </section>
      {hasContact ? (
        <section aria-labelledby="contact" class="card">
          <h2 id="contact">Contact {lenderName}</h2>
          <dl class="facts">
            {settings.supportPhone ? (
              <>
                <dt>Phone</dt>
                <dd>
                  <a href={`tel:${settings.supportPhone.replace(/[^+\d]/g, '')}`}>{settings.supportPhone}</a>
                </dd>
              </>
            ) : null}
            {settings.supportEmail ? (
              <>
                <dt>Email</dt>
                <dd>
                  <a href={`mailto:${settings.supportEmail}`}>{settings.supportEmail}</a>
                </dd>
              </>
            ) : null}
            {settings.supportHours ? (
              <>
                <dt>Hours</dt>
                <dd>{settings.supportHours}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
    </>
  );
}
