import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formParams, inboundKeyword, parseInboundSms, smsKeyword, twilioSignature, twilioSigningString, verifyTwilioSignature } from './twilio-inbound';

// Twilio's documented example (twilio.com/docs/usage/security): auth token 12345, this URL, these
// POST parameters. The current page uses +12349013030 (signature 0/KCTR6…); older pages and
// Twilio's own helper-library tests use +14158675309 (RSOYDt4T…). Both are checked.
const DOCS_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const docsParams = (number: string): [string, string][] => [
  ['CallSid', 'CA1234567890ABCDE'],
  ['Caller', number],
  ['Digits', '1234'],
  ['From', number],
  ['To', '+18005551212'],
];

describe('Twilio request signatures', () => {
  it("reproduces Twilio's documented signatures", async () => {
    expect(await twilioSignature('12345', DOCS_URL, docsParams('+12349013030'))).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    expect(await twilioSignature('12345', DOCS_URL, docsParams('+14158675309'))).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(await verifyTwilioSignature('12345', DOCS_URL, docsParams('+12349013030'), '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(true);
  });

  it('signs the URL then each parameter name and value, sorted by name, whatever the order they came in', async () => {
    const body = 'To=%2B18005551212&From=%2B14158675309&Digits=1234&CallSid=CA1234567890ABCDE&Caller=%2B14158675309';
    const params = formParams(body);
    expect(twilioSigningString(DOCS_URL, params)).toBe(`${DOCS_URL}CallSidCA1234567890ABCDECaller+14158675309Digits1234From+14158675309To+18005551212`);
    expect(await verifyTwilioSignature('12345', DOCS_URL, params, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(true);
    // Independently: node's HMAC over the same string, for a body with spaces ('+') and unicode.
    const reply = formParams('Body=Can+I+pay+Friday%3F+%F0%9F%99%82&From=%2B13035550188&MessageSid=SM1');
    const expected = createHmac('sha1', 'secret-token').update('https://portal.test/webhooks/sms/twilioBodyCan I pay Friday? 🙂From+13035550188MessageSidSM1').digest('base64');
    expect(await twilioSignature('secret-token', 'https://portal.test/webhooks/sms/twilio', reply)).toBe(expected);
  });

  it('refuses a changed parameter, URL or token, and a missing or malformed signature', async () => {
    const good = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';
    const params = docsParams('+12349013030');
    expect(await verifyTwilioSignature('12345', DOCS_URL, params.map(([n, v]) => [n, n === 'Digits' ? '9999' : v] as [string, string]), good)).toBe(false);
    expect(await verifyTwilioSignature('12345', `${DOCS_URL}&baz=3`, params, good)).toBe(false);
    expect(await verifyTwilioSignature('12346', DOCS_URL, params, good)).toBe(false);
    expect(await verifyTwilioSignature('12345', DOCS_URL, [...params, ['Body', 'STOP']], good)).toBe(false);
    for (const bad of [null, undefined, '', 'not base64!', '0/KCTR6DLpKmkAf8muzZqo1nDg', 'AAAA', good.replace('0', '1')]) {
      expect(await verifyTwilioSignature('12345', DOCS_URL, params, bad)).toBe(false);
    }
  });
});

describe('incoming messages', () => {
  const base: [string, string][] = [['AccountSid', 'AC123'], ['From', '+13035550188'], ['To', '+13035550142'], ['MessageSid', 'SM123'], ['NumMedia', '0']];

  it('reads the sender, our number, the text and the message id', () => {
    expect(parseInboundSms([...base, ['Body', '  Can I pay Friday? ']])).toEqual({ accountSid: 'AC123', from: '+13035550188', to: '+13035550142', messageSid: 'SM123', body: '  Can I pay Friday? ' });
    // Older webhooks name the id SmsSid / SmsMessageSid.
    expect(parseInboundSms([...base.filter(([n]) => n !== 'MessageSid'), ['SmsSid', 'SM9'], ['Body', 'hi']])?.messageSid).toBe('SM9');
  });

  it('says what was left out of a picture message without text, and refuses a message missing its parts', () => {
    expect(parseInboundSms([...base.filter(([n]) => n !== 'NumMedia'), ['NumMedia', '2'], ['Body', '']])?.body).toBe('[2 picture or media attachments, not kept]');
    for (const missing of ['AccountSid', 'From', 'To', 'MessageSid']) expect(parseInboundSms([...base.filter(([n]) => n !== missing), ['Body', 'hi']]), missing).toBeNull();
  });

  it("knows Twilio's opt-out and opt-in keywords only as the whole message, in any case", () => {
    for (const word of ['STOP', 'stop', ' Stop \n', 'STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit']) expect(smsKeyword(word), word).toBe('opt-out');
    for (const word of ['START', 'unstop']) expect(smsKeyword(word), word).toBe('opt-in');
    for (const text of ['Please stop texting me', 'STOP!', 'stopp', 'Can I end my loan early?', '', 'YES']) expect(smsKeyword(text), text).toBeNull();
  });

  it("reads the Messaging Service and Twilio's OptOutType, which decides over the body when present", () => {
    const sms = parseInboundSms([...base, ['Body', 'Arrêt'], ['MessagingServiceSid', 'MG1'], ['OptOutType', 'stop']])!;
    expect(sms).toMatchObject({ messagingServiceSid: 'MG1', optOutType: 'STOP' });
    expect(inboundKeyword(sms)).toBe('opt-out');
    expect(parseInboundSms([...base, ['Body', 'x'], ['MessagingServiceSid', '']])!.messagingServiceSid).toBeUndefined();
    expect(inboundKeyword({ body: 'Bonjour', optOutType: 'START' })).toBe('opt-in');
    expect(inboundKeyword({ body: 'STOP', optOutType: 'HELP' })).toBeNull();
    expect(inboundKeyword({ body: ' stop ' })).toBe('opt-out');
    expect(inboundKeyword({ body: 'unstop' })).toBe('opt-in');
  });
});
