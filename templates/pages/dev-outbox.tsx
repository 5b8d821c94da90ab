import type { Child } from 'hono/jsx';
import type { EmailRecord, SmsRecord } from '../../src/db/schema';
import { Field } from '../components/field';
import { formatInstant } from '../../src/lib/format';

export const OUTBOX_LIST_ID = 'outbox-list';
export const TEST_FORM_ID = 'test-email-form';

const when = formatInstant;

export function OutboxList({ emails, timeZone }: { emails: EmailRecord[]; timeZone: string }) {
  // Polls while the page is open, so queued emails appear without a reload.
  return (
    <section id={OUTBOX_LIST_ID} hx-get="/dev/outbox" hx-trigger="every 3s" hx-target="this" hx-swap="outerHTML" aria-labelledby="outbox-heading">
      <h2 id="outbox-heading">Sent emails ({emails.length})</h2>
      {emails.length === 0 ? (
        <p class="muted">No emails yet. Emails sent through the email queue for this portal appear here.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Emails sent, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Sent</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Template</th>
            </tr>
          </thead>
          <tbody>
            {emails.map((e) => (
              <tr>
                <td data-label="Sent">{when(e.sentAt, timeZone)}</td>
                <td data-label="To">{e.toAddress}</td>
                <td data-label="Subject">
                  <a href={`/dev/outbox/${e.id}`} hx-boost="false">
                    {e.subject}
                  </a>
                  {e.suppressedReason ? <div class="muted">Not sent: {e.suppressedReason}</div> : null}
                </td>
                <td data-label="Template">{e.template}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function TestEmailForm(props: { values?: Record<string, string>; errors?: Record<string, string>; queuedTo?: string }) {
  const { values = {}, errors = {} } = props;
  return (
    <form id={TEST_FORM_ID} method="post" action="/dev/outbox" hx-post="/dev/outbox" hx-target="this" hx-swap="outerHTML" novalidate>
      <h2>Send a test email</h2>
      {props.queuedTo ? (
        <p class="alert alert-success" role="status">
          Queued an email to {props.queuedTo}. It appears in the list once the email queue has processed it.
        </p>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <p class="alert alert-error" role="alert">
          The email was not queued: fix the fields marked below.
        </p>
      ) : null}
      <Field name="to" label="To" type="email" value={values.to} error={errors.to} required autocomplete="email" />
      <Field name="note" label="Message" value={values.note} error={errors.note} multiline hint="Optional, up to 2,000 characters." />
      <button type="submit">Queue test email</button>
    </form>
  );
}

export function SmsList({ messages, timeZone }: { messages: SmsRecord[]; timeZone: string }) {
  return (
    <section aria-labelledby="sms-heading">
      <h2 id="sms-heading">Text messages ({messages.length})</h2>
      {messages.length === 0 ? (
        <p class="muted">No text messages yet.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Text messages sent, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Sent</th>
              <th scope="col">To</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr>
                <td data-label="Sent">{when(m.sentAt, timeZone)}</td>
                <td data-label="To">{m.toNumber}</td>
                <td data-label="Message">{m.body}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function OutboxPage(props: { emails: EmailRecord[]; sms: SmsRecord[]; timeZone: string; form: Child }) {
  return (
    <>
      <h1>Developer outbox</h1>
      <p class="lead">
        Local only: emails this portal would send. Open one to read it and follow its links.
      </p>
      {props.form}
      <OutboxList emails={props.emails} timeZone={props.timeZone} />
      <SmsList messages={props.sms} timeZone={props.timeZone} />
    </>
  );
}

export function OutboxMessage({ email, timeZone }: { email: EmailRecord; timeZone: string }) {
  return (
    <>
      <p>
        <a href="/dev/outbox">Back to the outbox</a>
      </p>
      <h1>{email.subject}</h1>
      <dl class="facts">
        <dt>From</dt>
        <dd>{email.fromAddress}</dd>
        <dt>To</dt>
        <dd>{email.toAddress}</dd>
        <dt>Sent</dt>
        <dd>{when(email.sentAt, timeZone)}</dd>
        <dt>Provider</dt>
        <dd>{email.suppressedReason ? `Not sent: ${email.suppressedReason}` : email.provider}</dd>
      </dl>
      <h2>HTML version</h2>
      <iframe class="email-frame" title={`HTML version of ${email.subject}`} sandbox="allow-popups allow-popups-to-escape-sandbox" src={`/dev/outbox/${email.id}/html`}></iframe>
      <h2>Plain-text version</h2>
      <pre class="email-text">{email.text}</pre>
    </>
  );
}
