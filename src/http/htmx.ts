import type { Context } from 'hono';

/**
 * An htmx request for a region (not a boosted navigation): answer with just the fragment.
 * Decided on HX-Target, since boosted links also send HX-Request.
 */
export function isFragmentRequest(c: Context): boolean {
  return c.req.header('hx-request') === 'true' && c.req.header('hx-boosted') !== 'true' && !!c.req.header('hx-target');
}

/** Any htmx-initiated request, boosted or not. */
export function isHtmxRequest(c: Context): boolean {
  return c.req.header('hx-request') === 'true';
}
