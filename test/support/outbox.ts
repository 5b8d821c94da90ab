import type { EmailRecord, SmsRecord } from '../../src/db/schema';
import type { TenantDb } from '../../src/db/tenant';

/**
 * What a developer reads at /dev/outbox: the emails a tenant sent, newest first, with the
 * developer's whole copy (its link or code) laid over the kept one, which has them hidden. Tests
 * read sign-in codes and links here, as a developer would.
 */
export async function outboxEmails(tdb: TenantDb, limit = 200): Promise<EmailRecord[]> {
  const emails = await tdb.emails.recent(limit);
  const copies = await tdb.devOutbox.emailCopies(emails.map((e) => e.messageId));
  return emails.map((e) => {
    const copy = copies.get(e.messageId);
    return copy ? { ...e, subject: copy.subject ?? e.subject, html: copy.html ?? e.html, text: copy.text } : e;
  });
}

/** The texts as the outbox shows them (codes included), newest first. */
export async function outboxTexts(tdb: TenantDb, limit = 200): Promise<SmsRecord[]> {
  const texts = await tdb.sms.recent(limit);
  const copies = await tdb.devOutbox.smsCopies(texts.map((m) => m.id));
  return texts.map((m) => ({ ...m, body: copies.get(m.id)?.text ?? m.body }));
}
