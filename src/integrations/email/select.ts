import type { Config } from '../../env';
import type { EmailSender } from './index';
import { outboxEmailSender } from './outbox';
import { resendEmailSender } from './resend';

/** The configured email provider; both hosts choose through here. */
export function emailSenderFor(config: Config, doFetch: typeof fetch = fetch): EmailSender {
  if (config.EMAIL_PROVIDER === 'resend') {
    return resendEmailSender({ apiKey: config.RESEND_API_KEY!, baseUrl: config.RESEND_BASE_URL, fetch: doFetch });
  }
  return outboxEmailSender;
}
