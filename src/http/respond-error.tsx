import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../env';
import { ErrorBody, ErrorFragment } from '../../templates/pages/error-page';
import { errorTitles, isApiPath, type ErrorCode } from './errors';
import { visiblePath } from './hosts';
import { isHtmxRequest } from './htmx';
import { renderPage } from './render';

/**
 * One error response in the caller's language: problem JSON for /api, a fragment for htmx
 * (retargeted to the page's status region; 422 form re-renders never come here, their routes
 * answer with the form itself), a branded page otherwise.
 */
export function respondError(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: ErrorCode,
  detail: string,
  headers: Record<string, string> = {},
) {
  const requestId = c.get('requestId');
  const title = errorTitles[code];
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  const path = visiblePath(c.req.path);
  if (isApiPath(c, path)) {
    return c.body(JSON.stringify({ type: `https://onlineaccess.io/problems/${code}`, title, status, detail, requestId }), status, {
      'content-type': 'application/problem+json',
    });
  }
  const view = { status, title, detail, requestId };
  if (isHtmxRequest(c)) {
    c.header('HX-Retarget', '#flash');
    c.header('HX-Reswap', 'innerHTML');
    return c.html(<ErrorFragment {...view} />, status);
  }
  return renderPage(c, title, <ErrorBody {...view} />, status);
}
