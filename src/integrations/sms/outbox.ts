import { PermanentError } from '../../lib/delivery-errors';
import { isE164, type SmsSender } from './index';

/**
 * Offline sender: delivers nowhere. As with email, the caller records every message it sends,
 * so that record is the outbox a developer reads. It refuses what Twilio would refuse
 * (a number that is not E.164), so that mistake shows up offline too.
 */
export const outboxSmsSender: SmsSender = {
  provider: 'outbox',
  async send(sms) {
    if (!isE164(sms.to)) throw new PermanentError('Not an E.164 phone number');
    return { providerMessageId: null };
  },
};
