/**
 * Twilio's incoming-message webhook: the request signature and the message in it. Pure apart from
 * WebCrypto (available on Node and Workers), so no SDK (the twilio package needs Node's http stack).
 *
 * Twilio's documented scheme (twilio.com/docs/usage/security#validating-requests):
 * `X-Twilio-Signature` = base64(HMAC-SHA1(key = the account's Auth Token, data = the full URL
 * Twilio requested, query string included, followed by every POST parameter's name and value,
 * concatenated with no separators, in order of parameter name)).
 */

/** A form-encoded body as Twilio sent it, as (name, value) pairs, repeats kept, in arrival order. */
export function formParams(rawBody: string): [string, string][] {
  return [...new URLSearchParams(rawBody)];
}

/** The string Twilio signs: the URL, then each parameter's name and value, sorted by name (a stable sort keeps repeats in order). */
export function twilioSigningString(url: string, params: readonly (readonly [string, string])[]): string {
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return url + sorted.map(([name, value]) => name + value).join('');
}

const encoder = new TextEncoder();

function hmacKey(authToken: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(authToken), { name: 'HMAC', hash: 'SHA-1' }, false, [usage]);
}

/** The signature Twilio would send for this URL and these parameters (tests, and local tools that play Twilio). */
export async function twilioSignature(authToken: string, url: string, params: readonly (readonly [string, string])[]): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(authToken, 'sign'), encoder.encode(twilioSigningString(url, params))));
  let binary = '';
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Standard base64 (what Twilio sends) to bytes; null when it is not exactly that. */
function fromBase64(value: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) return null;
  try {
    const binary = atob(value);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

/**
 * Whether `signature` (the X-Twilio-Signature header) is Twilio's for this URL and these
 * parameters. WebCrypto's HMAC verify compares in constant time, so the time taken says nothing
 * about how close a forged signature was. A missing or malformed header is simply not valid.
 */
export async function verifyTwilioSignature(authToken: string, url: string, params: readonly (readonly [string, string])[], signature: string | null | undefined): Promise<boolean> {
  if (!signature || !authToken) return false;
  const bytes = fromBase64(signature.trim());
  // An HMAC-SHA1 is 20 bytes: anything else cannot match, and its length is public anyway.
  if (!bytes || bytes.length !== 20) return false;
  return crypto.subtle.verify('HMAC', await hmacKey(authToken, 'verify'), bytes, encoder.encode(twilioSigningString(url, params)));
}

/** A text message a person sent to our number, as Twilio forwards it. */
export interface InboundSms {
  /** Twilio's id for the message (SM… / MM…): the same on every delivery of the webhook. */
  messageSid: string;
  accountSid: string;
  /** The sender, E.164. */
  from: string;
  /** Our number it was sent to, E.164. */
  to: string;
  /** The text; for a picture message without text, a note saying what was left out (media is not kept). */
  body: string;
  /** The Messaging Service (MG…) the message came in through, when our number belongs to one. */
  messagingServiceSid?: string | undefined;
  /**
   * Twilio's own reading of the message under Advanced Opt-Out (STOP, START or HELP, whatever
   * keywords the service is configured with); absent otherwise.
   */
  optOutType?: string | undefined;
}

/** The message in a (verified) webhook's parameters; null when a required parameter is missing. */
export function parseInboundSms(params: readonly (readonly [string, string])[]): InboundSms | null {
  const get = (name: string) => params.find(([n]) => n === name)?.[1]?.trim() ?? '';
  const messageSid = get('MessageSid') || get('SmsMessageSid') || get('SmsSid');
  const accountSid = get('AccountSid');
  const from = get('From');
  const to = get('To');
  if (!messageSid || !accountSid || !from || !to) return null;
  // Body keeps its own spacing (only the opt-out keyword check trims it).
  const text = params.find(([n]) => n === 'Body')?.[1] ?? '';
  const media = Number.parseInt(get('NumMedia'), 10);
  const body = text || (media > 0 ? `[${media} picture or media ${media === 1 ? 'attachment' : 'attachments'}, not kept]` : '');
  return { messageSid, accountSid, from, to, body, messagingServiceSid: get('MessagingServiceSid') || undefined, optOutType: get('OptOutType').toUpperCase() || undefined };
}

/** Twilio's standard opt-out keywords (Advanced Opt-Out defaults): the whole message, any case. */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
/** Twilio's opt-in keywords: Twilio lets texts through again, but our access switches stay for staff to decide. */
const OPT_IN = new Set(['START', 'UNSTOP']);

/** What a reply asks for, by Twilio's keywords (the trimmed body is exactly one of them, case-insensitive). */
export function smsKeyword(body: string): 'opt-out' | 'opt-in' | null {
  const word = body.trim().toUpperCase();
  if (OPT_OUT.has(word)) return 'opt-out';
  if (OPT_IN.has(word)) return 'opt-in';
  return null;
}

/** An empty TwiML document: "received, send no reply". Twilio expects it with a 200 and text/xml. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * What an incoming message asks for: Twilio's OptOutType when it sent one (it knows the keywords
 * configured on the Messaging Service; HELP asks for nothing here), otherwise the standard keywords
 * in the body.
 */
export function inboundKeyword(sms: Pick<InboundSms, 'body' | 'optOutType'>): 'opt-out' | 'opt-in' | null {
  if (sms.optOutType === 'STOP') return 'opt-out';
  if (sms.optOutType === 'START') return 'opt-in';
  if (sms.optOutType) return null;
  return smsKeyword(sms.body);
}
