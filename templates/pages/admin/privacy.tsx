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
                “processorCustomerDeleted”). If the processor cannot be reached, everything else is still deleted and you are told so: the processor’s customer id stays in
                the deletion’s history entry (“processorCustomerToDelete”), and that record must then be deleted in the processor’s own dashboard. What emails and texts said
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
                <strong>First:</strong> payments still on their way must finish or be cancelled, and AutoPay must be stopped on every account: the lender cannot keep charging a
                person it no longer knows.
              </li>
            </ul>
            {props.canDelete ? (
              <form method="post" action={`${base}/privacy/delete`} class="danger-zone" novalidate>
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
                <button type="submit">Delete the personal data</button>
              </form>
            ) : (
              <p class="muted">Only managers and owners can delete personal data. Ask one of them.</p>
            )}
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
