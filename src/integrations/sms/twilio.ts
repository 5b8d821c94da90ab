import { PermanentError, TransientError } from '../../lib/delivery-errors';
import { parseRetryAfter } from '../../lib/retry-after';
import { isE164, type OutgoingSms, type SmsSender } from './index';

/**
 * Twilio error 21610: the phone replied STOP to our sending number, and the carrier lets nothing
 * from it reach the phone until it replies START. Permanent (a retry is refused the same way);
 * `replyNumber` is the number it must text START to, when the sender is a single number.
 */
export class SmsRecipientOptedOutError extends PermanentError {
  // Name and own fields stay PermanentError's (what the queue, the logs and error comparisons go
  // by): tell it apart with instanceof, read the number through the getter.
  readonly #replyNumber: string | null;
  constructor(message: string, replyNumber: string | null) {
    super(message);
    this.#replyNumber = replyNumber;
  }
  get replyNumber(): string | null {
    return this.#replyNumber;
  }
}

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** Exactly one sender: a Twilio number (E.164) or a Messaging Service (MG…). */
  from?: string;
  messagingServiceSid?: string;
  /** https://api.twilio.com in production; a loopback server in tests. */
  baseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Twilio's documented Messages API: POST /2010-04-01/Accounts/{AccountSid}/Messages.json,
 * form-encoded, HTTP Basic AccountSid:AuthToken; 201 returns the message with its `sid`;
 * errors are {code, message, more_info, status}. Raw fetch, because the twilio SDK needs Node.
 *
 * Twilio has no idempotency key: a retry after a timeout or a 5xx may send the text twice.
 * Callers record sent messages by `idempotencyKey` and do not resend a recorded one.
 */
export function twilioSmsSender(opts: TwilioOptions): SmsSender {
  if (!opts.from === !opts.messagingServiceSid) throw new Error('Twilio needs exactly one of from or messagingServiceSid');
  const baseUrl = (opts.baseUrl ?? 'https://api.twilio.com').replace(/\/$/, '');
  const url = `${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(opts.accountSid)}/Messages.json`;
  const authorization = `Basic ${btoa(`${opts.accountSid}:${opts.authToken}`)}`;
  const doFetch = opts.fetch ?? fetch;
  return {
    provider: 'twilio',
    async send(sms: OutgoingSms) {
      // Twilio would refuse it (21211) anyway. The number stays out of the message: errors get logged.
      if (!isE164(sms.to)) throw new PermanentError('Not an E.164 phone number');
      const form = new URLSearchParams({ To: sms.to, Body: sms.body });
      if (opts.messagingServiceSid) form.set('MessagingServiceSid', opts.messagingServiceSid);
      else form.set('From', opts.from!);
      let res: Response;
      try {
        res = await doFetch(url, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form.toString(),
          // A hung connection must not hold the queue consumer.
          signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
        });
      } catch (err) {
        throw new TransientError(`Twilio unreachable: ${err instanceof Error ? err.message : String(err)}`);
      }
      const body = (await res.json().catch(() => ({}))) as { sid?: string; code?: number; message?: string; more_info?: string };
      if (res.ok && typeof body.sid === 'string') return { providerMessageId: body.sid };
      // Accepted but unreadable: retrying could send it twice, so stop and let an operator look.
      if (res.ok) throw new PermanentError(`Twilio ${res.status}: response had no sid (the message may have been sent)`);
      const detail = `Twilio ${res.status}${body.code ? ` ${body.code}` : ''}: ${body.message ?? res.statusText}`;
      // Rejected credentials are an operator's mistake: keep retrying (and logging) while they fix it.
      if (res.status === 401 || res.status === 403) throw new TransientError(`${detail} (check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)`);
      if (res.status === 429 || res.status >= 500) throw new TransientError(detail, parseRetryAfter(res.headers.get('retry-after')));
      const message = body.more_info ? `${detail} (${body.more_info})` : detail;
      // The recipient replied STOP: callers put the phone on the opt-out list and stop offering texts.
      if (body.code === 21610) throw new SmsRecipientOptedOutError(message, opts.from ?? null);
      // 21211 invalid To, 21614 not a mobile number, …
      throw new PermanentError(message);
    },
  };
}
