import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../lib/delivery-errors';
import { SmsRecipientOptedOutError, twilioSmsSender } from './twilio';

/** A Twilio that answers every send with this error body and status. */
const answering = (status: number, body: object): typeof fetch => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const credentials = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'token' };
const message = { idempotencyKey: 'k1', to: '+15005550004', body: 'Your code is 123456' };

describe('Twilio send errors', () => {
  it('tells an unsubscribed recipient (21610) apart, with the number that must receive START', async () => {
    const unsubscribed = answering(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', more_info: 'https://www.twilio.com/docs/errors/21610', status: 400 });
    const fromNumber = await twilioSmsSender({ ...credentials, from: '+13035550142', fetch: unsubscribed }).send(message).catch((e: unknown) => e);
    expect(fromNumber).toBeInstanceOf(SmsRecipientOptedOutError);
    // Still permanent: the queue gives up at once.
    expect(fromNumber).toBeInstanceOf(PermanentError);
    expect(fromNumber).toMatchObject({ replyNumber: '+13035550142', message: 'Twilio 400 21610: Attempt to send to unsubscribed recipient (https://www.twilio.com/docs/errors/21610)' });
    // Through a Messaging Service, the number is one of its pool: not known here.
    const viaService = await twilioSmsSender({ ...credentials, messagingServiceSid: 'MG0123456789abcdef0123456789abcdef', fetch: unsubscribed }).send(message).catch((e: unknown) => e);
    expect(viaService).toBeInstanceOf(SmsRecipientOptedOutError);
    expect(viaService).toMatchObject({ replyNumber: null });
  });

  it('keeps other validation errors plain permanent errors', async () => {
    const invalid = await twilioSmsSender({ ...credentials, from: '+13035550142', fetch: answering(400, { code: 21211, message: "The 'To' number is not a valid phone number." }) }).send(message).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(PermanentError);
    expect(invalid).not.toBeInstanceOf(SmsRecipientOptedOutError);
  });
});
