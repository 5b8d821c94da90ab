import { TransientError } from '../lib/delivery-errors';

/**
 * One call to a provider's JSON API: the response, and its body parsed as JSON (undefined when it
 * is not JSON, as in a proxy's HTML error page). Not reaching the provider, a timeout, or a body
 * cut off on the way is a TransientError ("<provider> unreachable: …"), so the caller retries.
 */
export async function fetchJson(doFetch: typeof fetch, provider: string, url: string, init: RequestInit): Promise<{ res: Response; body: unknown }> {
  let res: Response;
  let text: string;
  try {
    res = await doFetch(url, init);
    text = await res.text();
  } catch (err) {
    throw new TransientError(`${provider} unreachable: ${err instanceof Error ? err.message : String(err)}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { res, body };
}
