import { expect, it } from 'vitest';
import { PermanentError, TransientError } from '../../src/lib/delivery-errors';
import { defaultRetryPolicy, type Handlers } from '../../src/queues/dispatch';
import type { QueueName } from '../../src/queues/messages';

export interface DeliveryReport {
  acked: boolean;
  retryDelaySeconds?: number;
  dead?: { lastError: string };
}

/** One delivery of `body` on `queue` as its `attempt`-th attempt, through a host's real queue adapter. */
export interface QueueHarness {
  deliver(queue: QueueName, body: unknown, attempt: number, handlers: Handlers): Promise<DeliveryReport>;
}

let seq = 0;
export const emailBody = (overrides: Record<string, unknown> = {}) => ({
  id: `contract-${Date.now()}-${++seq}`,
  tenantId: 'tenant-x',
  to: 'someone@example.com',
  template: 'test',
  data: { note: 'contract' },
  ...overrides,
});

/** Ack / retry with backoff / dead-letter semantics every queue implementation must show. */
export function queueContract(harness: () => QueueHarness) {
  it('delivers the body to the consumer and acks on success', async () => {
    const seen: unknown[] = [];
    const body = emailBody();
    const report = await harness().deliver('email', body, 1, { email: async (m) => void seen.push(m) });
    expect(report).toEqual({ acked: true });
    expect(seen).toEqual([body]);
  });

  it('retries a failed delivery with exponential backoff', async () => {
    const failing: Handlers = { email: async () => { throw new Error('smtp timeout'); } };
    expect(await harness().deliver('email', emailBody(), 1, failing)).toEqual({ acked: false, retryDelaySeconds: 30 });
    expect(await harness().deliver('email', emailBody(), 3, failing)).toEqual({ acked: false, retryDelaySeconds: 120 });
    expect(await harness().deliver('email', emailBody(), 7, failing)).toEqual({ acked: false, retryDelaySeconds: 1920 });
  });

  it("honours a provider's Retry-After", async () => {
    const limited: Handlers = { email: async () => { throw new TransientError('rate limited', 7); } };
    expect(await harness().deliver('email', emailBody(), 1, limited)).toEqual({ acked: false, retryDelaySeconds: 7 });
  });

  it('dead-letters with the last error once attempts are exhausted', async () => {
    const failing: Handlers = { email: async () => { throw new Error(`mailbox unavailable (attempt ${defaultRetryPolicy.maxAttempts})`); } };
    const report = await harness().deliver('email', emailBody(), defaultRetryPolicy.maxAttempts, failing);
    expect(report.acked).toBe(false);
    expect(report.dead?.lastError).toContain(`mailbox unavailable (attempt ${defaultRetryPolicy.maxAttempts})`);
  });

  it('dead-letters at once on a permanent error, an invalid message or a queue without consumer', async () => {
    const permanent: Handlers = { email: async () => { throw new PermanentError('address rejected'); } };
    expect((await harness().deliver('email', emailBody(), 1, permanent)).dead?.lastError).toContain('address rejected');
    expect((await harness().deliver('email', { id: 'x', to: 'not-an-email' }, 1, permanent)).dead?.lastError).toContain('invalid message');
    const payment = { id: `pay-${Date.now()}`, tenantId: 't', kind: 'process-payment', paymentId: 'p1', idempotencyKey: 'k1' };
    expect((await harness().deliver('payments', payment, 1, {})).dead?.lastError).toContain('no consumer is registered for the payments queue');
  });
}
