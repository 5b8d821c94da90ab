import type { Config } from '../../env';
import type { SmsSender } from './index';
import { outboxSmsSender } from './outbox';
import { twilioSmsSender } from './twilio';

/** The configured text-message provider; both hosts choose through here. */
export function smsSenderFor(config: Config, doFetch: typeof fetch = fetch): SmsSender {
  if (config.SMS_PROVIDER === 'twilio') {
    return twilioSmsSender({
      accountSid: config.TWILIO_ACCOUNT_SID!,
      authToken: config.TWILIO_AUTH_TOKEN!,
      ...(config.TWILIO_MESSAGING_SERVICE_SID ? { messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID } : { from: config.TWILIO_FROM! }),
      ...(config.TWILIO_BASE_URL ? { baseUrl: config.TWILIO_BASE_URL } : {}),
      fetch: doFetch,
    });
  }
  return outboxSmsSender;
}
