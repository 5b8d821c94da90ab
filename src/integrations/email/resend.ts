import { PermanentError, TransientError } from '../../lib/delivery-errors';
import { parseRetryAfter } from '../../lib/retry-after';
import type { EmailSender, OutgoingEmail } from './index';

export interface ResendOptions {
  apiKey: string;
  /** https://api.resend.com in production; a loopback server in tests. */
  baseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Resend's documented API: POST /emails with a bearer key and an Idempotency-Key header
 * (Resend keeps keys 24 h, so a redelivered queue message is not sent twice).
 * Errors are {statusCode, message, name}; 429 carries Retry-After.
 */
export function resendEmailSender(opts: ResendOptions): EmailSender {
  const baseUrl = (opts.baseUrl ?? 'https://api.resend.com').replace(/\/$/, '');
  const doFetch = opts.fetch ?? fetch;
  return {
    provider: 'resend',
    async send(email: OutgoingEmail) {
      let res: Response;
      try {
        res = await doFetch(`${baseUrl}/emails`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${opts.apiKey}`,
            'content-type': 'application/json',
            'idempotency-key': email.idempotencyKey,
          },
          body: JSON.stringify({ from: email.from, to: [email.to], subject: email.subject, html: email.html, text: email.text }),
          // A hung connection must not hold the queue consumer.
          signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
        });
      } catch (err) {
        throw new TransientError(`Resend unreachable: ${err instanceof Error ? err.message : String(err)}`);
      }
      const body = (await res.json().catch(() => ({}))) as { id?: string; name?: string; message?: string };
      if (res.ok && typeof body.id === 'string') return { providerMessageId: body.id };
      const detail = `Resend ${res.status} ${body.name ?? ''}: ${body.message ?? res.statusText}`.trim();
      // Same key with a different body will never succeed; a concurrent request with the key may.
      if (res.status === 409 && body.name === 'invalid_idempotent_request') throw new PermanentError(detail);
      // A rejected key is an operator's mistake: keep retrying (and logging) while they fix it.
      if (res.status === 401 || res.status === 403) throw new TransientError(`${detail} (check RESEND_API_KEY)`);
      if (res.status === 429 || res.status === 409 || res.status >= 500) {
        throw new TransientError(detail, parseRetryAfter(res.headers.get('retry-after')));
      }
      if (res.ok) throw new TransientError(`Resend ${res.status}: response had no id`);
      throw new PermanentError(detail);
    },
  };
}
