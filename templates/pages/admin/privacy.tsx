import type { Customer } from '../../../src/db/schema';
import { formatInstant } from '../../../src/lib/format';
import type { HistoryView } from '../../../src/services/customer-history';
import { ErrorSummary } from '../../components/error-summary';
import { Field } from '../../components/field';
import { CustomerShell } from './customer-shell';

export interface PrivacyPageProps {
  customer: Customer;
  canExport: boolean;
  canDelete: boolean;
  /** The word that confirms a deletion (the customer's last name). */
  confirmWord: string;
  values?: Record<string, string> | undefined;
  errors?: Record<string, string> | undefined;
  notice?: string | undefined;
  error?: string | undefined;
  timeZone: string;
  history: HistoryView;
  /** The deletion request waiting for a second manager or owner, if there is one. */
  pending?: { id: string; reason: string; requestedAt: Date; requestedBy: string; mine: boolean } | undefined;
  /** Why a deletion was refused, shown in the deletion section (where the person is). */
  deletionError?: string | undefined;
  /** The approval form after a refused approval. */
  approve?: { values: Record<string, string>; errors: Record<string, string> } | undefined;
}

/** The customer's privacy rights (CCPA / PIPEDA): a copy of their data, its deletion, and looking at their portal. */
export function PrivacyPage(props: PrivacyPageProps) {
  const { customer, values = {}, errors = {} } = props;
  const base = `/admin/customers/${encodeURIComponent(customer.id)}`;
  return (
    <CustomerShell customer={customer} active="/privacy" title="Privacy" notice={props.notice} error={props.error} history={props.history}>
      <section aria-labelledby="privacy-export">
        <h2 id="privacy-export">Export: the customer’s right to know</h2>
        <p>
          When a customer asks what personal information the lender holds about them (CCPA “right to know”, PIPEDA access request), download it here and send it to them
          through a channel you have verified. The file has their record, phones, addresses, employer, references, accounts and access, saved payment methods (last four
          digits only), payments, documents, emails, text messages, letters posted and the change history. SSNs and account numbers appear by their last four digits only,
          and sign-in links and codes are left out. Staff notes are the lender’s internal notes and are not in the file. Every export is recorded below.
        </p>
        {props.canExport ? (
          <p>
            <a href={`${base}/export.json`} download>
              Download the personal data (JSON)
            </a>
          </p>
        ) : (
          <p class="muted">Exports are made by agents, managers and owners; read-only staff cannot download personal data.</p>
        )}
      </section>

      <section aria-labelledby="privacy-delete">
        <h2 id="privacy-delete">Deletion: the customer’s right to delete</h2>
        {customer.anonymisedAt ? (
          <p>The personal data was deleted on {formatInstant(customer.anonymisedAt, props.timeZone)}. There is nothing more to delete.</p>
        ) : (
          <>
            <p>Deleting anonymises the customer. It cannot be undone.</p>
            <ul>
              <li>
                <strong>Removed:</strong> names (the record becomes “Deleted customer”), email, web username and password, phones, addresses, employer, references, SSN/EIN,
                driver’s licence, date of birth, gender, photo, custom fields, the text-message sign-in number, authenticator app, passkeys and recovery codes, open sign-in
                links, staff notes, every document about the customer (their uploads and the ones staff added) with its file, saved cards and bank accounts, and the customer’s
                record at the card processor, with the name and email given when a card was saved and the cards attached to it (the history below then shows
                “Card processor’s record deleted”). If the processor cannot be reached, everything else is still deleted and you are told so: the processor’s customer id
                stays in the deletion’s history entry (“Card processor’s customer to delete by hand”), and that record must then be deleted in the processor’s own dashboard. What emails and texts said
                and the addresses they and posted letters went to are emptied. Their sessions
                end, Web, Email and SMS access is switched off on every account, and AutoPays that are off are stopped for good. Old values in the record’s change history
                are replaced by “(removed)”.
              </li>
              <li>
                <strong>Kept</strong> as the lender’s records: the accounts, their ledgers and payments, the fact that each email, text and letter was sent (which
                template, when, and a letter’s delivery tracking), and (encrypted, never shown) the bank account numbers that payments were drawn from, as the record of
                those debits. The record itself can no longer be edited.
              </li>
              <li>
                <strong>First:</strong> every account the customer is on must owe nothing (a loan’s payoff, a line’s balance at $0.00). While one is owed, the lender keeps
                the data as the law allows: the CCPA exempts what is needed to complete the transaction and perform the contract (§ 1798.105(d)(1)), and PIPEDA keeps it as
                long as necessary to fulfil its purpose (Schedule 1, principle 4.5); the customer is told so. Payments still on their way must finish or be cancelled, and
                AutoPay must be stopped on every account: the lender cannot keep charging a person it no longer knows.
              </li>
              <li>
                <strong>Two people:</strong> one manager or owner asks for the deletion with the reason; a different manager or owner approves it, and only then is anything
                deleted. Both are recorded below.
              </li>
            </ul>
            <div id="deletion-action">
            {props.deletionError ? (
              <p class="alert alert-error" role="alert">
                {props.deletionError}
              </p>
            ) : null}
            {props.pending ? <PendingDeletion {...props} pending={props.pending} /> : props.canDelete ? (
              <form method="post" action={`${base}/privacy/delete#deletion-action`} class="danger-zone" novalidate>
                <ErrorSummary errors={errors} />
                <Field
                  name="confirm"
                  label={`Type the customer’s last name, “${props.confirmWord}”, to confirm`}
                  hint="The last name, not a fixed word, so the deletion cannot land on another customer’s record by mistake. Capitals do not matter."
                  value={values.confirm}
                  error={errors.confirm}
                  required
                  maxlength={120}
                  autocomplete="off"
                />
                <Field
                  name="reason"
                  label="Reason"
                  hint="For example: “Customer’s emailed request of March 3, verified by phone.” Leave out their name and contact details: the reason is kept."
                  value={values.reason}
                  error={errors.reason}
                  required
                  maxlength={500}
                  multiline
                />
                <button type="submit">Ask for the deletion</button>
                <p class="hint">Another manager or owner then approves it on this page.</p>
              </form>
            ) : (
              <p class="muted">Only managers and owners can delete personal data. Ask one of them.</p>
            )}
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="privacy-view-as">
        <h2 id="privacy-view-as">View as borrower</h2>
        {customer.anonymisedAt ? (
          <p class="muted">This customer can no longer sign in, so there is no portal to view.</p>
        ) : (
          <>
            <p>
              Opens the portal exactly as this customer sees it, read-only: nothing can be paid, changed or revealed while you look. A banner stays on every page with the way
              back to the staff area. Each view is recorded below. Use “View as borrower” at the top of any of the customer’s pages.
            </p>
          </>
        )}
      </section>
    </CustomerShell>
  );
}

/** A deletion asked for and waiting: who asked, why, and what each manager or owner can do about it. */
function PendingDeletion(props: PrivacyPageProps & { pending: NonNullable<PrivacyPageProps['pending']> }) {
  const { pending, customer } = props;
  const base = `/admin/customers/${encodeURIComponent(customer.id)}/privacy/delete/${encodeURIComponent(pending.id)}`;
  const approve = props.approve ?? { values: {}, errors: {} };
  return (
    <div class="card danger-zone pending-deletion">
      <h3>Deletion asked for, waiting for approval</h3>
      <dl class="facts">
        <dt>Asked by</dt>
        <dd>{pending.requestedBy}</dd>
        <dt>When</dt>
        <dd>{formatInstant(pending.requestedAt, props.timeZone)}</dd>
        <dt>Reason</dt>
        <dd class="break">{pending.reason}</dd>
      </dl>
      {!props.canDelete ? (
        <p class="muted">A manager or owner other than the one who asked approves it.</p>
      ) : pending.mine ? (
        <p>You asked for this deletion: a different manager or owner must approve it. You can still withdraw it.</p>
      ) : (
        <form method="post" action={`${base}/approve#deletion-action`} novalidate>
          <ErrorSummary errors={approve.errors} />
          <Field
            name="confirm"
            id="f-approve-confirm"
            label={`Type the customer’s last name, “${props.confirmWord}”, to approve and delete now`}
            value={approve.values.confirm}
            error={approve.errors.confirm}
            required
            maxlength={120}
            autocomplete="off"
          />
          <button type="submit">Approve and delete the personal data</button>
        </form>
      )}
      {props.canDelete ? (
        <form method="post" action={`${base}/withdraw`} class="inline-form">
          <button type="submit" class="button-secondary">
            {pending.mine ? 'Withdraw my request' : 'Decline (withdraw the request)'}
          </button>
        </form>
      ) : null}
    </div>
  );
}
