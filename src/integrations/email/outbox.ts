import type { EmailSender } from './index';

/**
 * Offline sender: delivers nowhere. The email consumer records every email it sends in the
 * emails table, so with this sender that table is the outbox a developer reads at /dev/outbox.
 */
export const outboxEmailSender: EmailSender = {
  provider: 'outbox',
  async send() {
    return { providerMessageId: null };
  },
};
