import type { Customer, EmailRecord, MailPiece, SmsRecord } from '../../../src/db/schema';
import { formatInstant } from '../../../src/lib/format';
import { CustomerShell, customerName } from './customer-shell';

const phoneText = (e164: string | null) => (!e164 ? 'unknown number' : /^\+1\d{10}$/.test(e164) ? e164.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3') : e164);

/** An instant stored as ISO text (mail tracking), shown in the tenant's zone; kept as given when it is not one. */
const isoInstant = (iso: string, timeZone: string) => {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : formatInstant(at, timeZone);
};

export interface EmailListItem {
  email: Pick<EmailRecord, 'id' | 'sentAt' | 'subject' | 'template' | 'toAddress' | 'suppressedReason'>;
  excerpt: string;
  truncated: boolean;
  /** A sign-in link or code was hidden from staff. */
  hidden?: boolean | undefined;
}

/** A text message as staff see it (a sign-in code hidden). */
export type SmsListItem = SmsRecord & { hidden?: boolean | undefined };

const SECRET_NOTE = 'Sign-in links and codes are hidden from staff: anyone who read one in time could sign in as the customer.';
/** What a message's removed contact details read as after a privacy deletion. */
const DELETED = '(deleted)';

/**
 * What the lender sent the customer and what came back: emails (the first 500 characters, no
 * markup), the text-message thread in both directions, and posted mail with its tracking.
 */
export function CommunicationsPage(props: { customer: Customer; emails: EmailListItem[]; sms: SmsListItem[]; mail: MailPiece[]; accountNames: Record<string, string>; timeZone: string }) {
  const { customer, emails, sms, mail, timeZone } = props;
  const theirNumber = (n: string | null) => (n ? phoneText(n) : customer.anonymisedAt ? DELETED : phoneText(n));
  const base = `/admin/customers/${encodeURIComponent(customer.id)}/communications`;
  return (
    <CustomerShell customer={customer} active="/communications" title="Communication history">
      <div class="section-head">
        <nav aria-label="Kinds of communication">
          <ul class="comm-kinds">
            <li>
              <a href="#emails">Emails ({emails.length})</a>
            </li>
            <li>
              <a href="#sms">Text messages ({sms.length})</a>
            </li>
            <li>
              <a href="#mail">Mail ({mail.length})</a>
            </li>
          </ul>
        </nav>
      </div>

      {customer.anonymisedAt ? (
        <p class="muted">The customer’s personal data was deleted: what was sent, and when, is kept; what it said and where it went is not.</p>
      ) : null}

      <section aria-labelledby="emails">
        <h2 id="emails" tabindex={-1}>
          Emails
        </h2>
        {emails.some((e) => e.hidden) ? <p class="muted">{SECRET_NOTE}</p> : null}
        {emails.length === 0 ? (
          <p class="muted">No emails were sent to this customer.</p>
        ) : (
          <table class="table">
            <caption class="visually-hidden">Emails sent to the customer, newest first, with the beginning of each</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Subject</th>
                <th scope="col">Template</th>
                <th scope="col">Beginning (first 500 characters)</th>
              </tr>
            </thead>
            <tbody>
              {emails.map(({ email, excerpt, truncated }) => (
                <tr>
                  <td data-label="When">{formatInstant(email.sentAt, timeZone)}</td>
                  <td data-label="Subject">
                    <a href={`${base}/emails/${encodeURIComponent(email.id)}`}>
                      {email.subject}
                      <span class="visually-hidden"> (the whole email as text)</span>
                    </a>
                    <div class="muted">to {email.toAddress || DELETED}</div>
                    {email.suppressedReason ? <div class="comm-not-sent">Not sent: {email.suppressedReason}</div> : null}
                  </td>
                  <td data-label="Template">
                    <code>{email.template}</code>
                  </td>
                  <td data-label="Beginning (first 500 characters)">
                    <span class="email-excerpt">{excerpt}</span>
                    {truncated ? (
                      <>
                        <span aria-hidden="true">…</span>{' '}
                        <a href={`${base}/emails/${encodeURIComponent(email.id)}`}>
                          Read all<span class="visually-hidden"> of “{email.subject}”</span>
                        </a>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="sms">
        <h2 id="sms" tabindex={-1}>
          Text messages
        </h2>
        {sms.some((m) => m.hidden) ? <p class="muted">{SECRET_NOTE}</p> : null}
        {sms.length === 0 ? (
          <p class="muted">No text messages were exchanged with this customer.</p>
        ) : (
          <ol class="sms-thread" aria-label="Text messages, oldest first">
            {sms.map((m) => {
              const sent = m.direction === 'outbound';
              return (
                <li class={`sms sms-${m.direction}`}>
                  <p class="sms-meta">
                    <strong>{sent ? 'Sent by the lender' : 'Received from the customer'}</strong> · {sent ? `to ${theirNumber(m.toNumber)}` : `from ${theirNumber(m.fromNumber)}`} ·{' '}
                    <time datetime={m.sentAt.toISOString()}>{formatInstant(m.sentAt, timeZone)}</time>
                  </p>
                  <p class="sms-body">{m.body || DELETED}</p>
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <section aria-labelledby="mail">
        <h2 id="mail" tabindex={-1}>
          Mail
        </h2>
        {mail.length === 0 ? (
          <p class="muted">No letters were posted to this customer.</p>
        ) : (
          mail.map((piece) => (
            <article class="card mail-piece" aria-labelledby={`mail-${piece.id}`}>
              <h3 id={`mail-${piece.id}`}>{piece.description}</h3>
              <dl class="facts">
                <dt>Sent</dt>
                <dd>{formatInstant(piece.sentAt, timeZone)}</dd>
                {piece.accountId ? (
                  <>
                    <dt>Account</dt>
                    <dd>{props.accountNames[piece.accountId] ?? '—'}</dd>
                  </>
                ) : null}
                <dt>Address</dt>
                <dd>
                  {piece.address.length === 0 ? (
                    DELETED
                  ) : (
                    <address>
                      {piece.address.map((line, i) => (
                        <>
                          {i > 0 ? <br /> : null}
                          {line}
                        </>
                      ))}
                    </address>
                  )}
                </dd>
                <dt>Status</dt>
                <dd>
                  <span class="status-badge">{piece.status}</span>
                </dd>
                <dt>Mail house</dt>
                <dd>
                  {piece.provider}
                  {piece.providerPieceId ? <span class="muted"> · {piece.providerPieceId}</span> : null}
                </dd>
              </dl>
              <details>
                <summary>
                  Tracking history ({piece.tracking.length} {piece.tracking.length === 1 ? 'event' : 'events'})<span class="visually-hidden"> for {piece.description}</span>
                </summary>
                {piece.tracking.length === 0 ? (
                  <p class="muted">No tracking events yet.</p>
                ) : (
                  <ol class="tracking">
                    {[...piece.tracking]
                      .sort((a, b) => a.at.localeCompare(b.at))
                      .map((e) => (
                        <li>
                          <time datetime={e.at}>{isoInstant(e.at, timeZone)}</time>: {e.status}
                          {e.location ? <span class="muted"> · {e.location}</span> : null}
                        </li>
                      ))}
                  </ol>
                )}
              </details>
            </article>
          ))
        )}
      </section>
    </CustomerShell>
  );
}

/** One email in full, as text (never its HTML: nothing of it runs or loads in the staff area). */
export function EmailTextPage({ customer, email, text, hidden, timeZone }: { customer: Customer; email: EmailRecord; text: string; hidden?: boolean | undefined; timeZone: string }) {
  return (
    <CustomerShell customer={customer} active="/communications" title="Email">
      <p>
        <a href={`/admin/customers/${encodeURIComponent(customer.id)}/communications#emails`}>Back to the communication history</a>
      </p>
      <h2>{email.subject}</h2>
      <dl class="facts">
        {email.suppressedReason ? (
          <>
            <dt>Not sent</dt>
            <dd>
              {email.suppressedReason} ({formatInstant(email.sentAt, timeZone)})
            </dd>
          </>
        ) : (
          <>
            <dt>Sent</dt>
            <dd>{formatInstant(email.sentAt, timeZone)}</dd>
          </>
        )}
        <dt>To</dt>
        <dd>{email.toAddress || DELETED}</dd>
        <dt>From</dt>
        <dd>{email.fromAddress}</dd>
        <dt>Template</dt>
        <dd>
          <code>{email.template}</code>
        </dd>
      </dl>
      {hidden ? <p class="muted">{SECRET_NOTE}</p> : null}
      <pre class="email-text">{text || DELETED}</pre>
    </CustomerShell>
  );
}
