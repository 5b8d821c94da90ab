import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ServiceError } from '../services/errors';

/** The one error vocabulary of the app; http/respond-error.tsx turns it into responses. */
export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorStatus;

export const errorTitles: Record<ErrorCode, string> = {
  bad_request: 'That request could not be understood',
  unauthorized: 'Please sign in',
  forbidden: 'That is not allowed',
  not_found: 'Page not found',
  method_not_allowed: 'That action is not available here',
  conflict: 'That conflicts with a change already made',
  payload_too_large: 'That is too large',
  unsupported_media_type: 'That kind of content is not accepted',
  validation: 'Some details need attention',
  rate_limited: 'Too many attempts',
  internal: 'Something went wrong on our side',
  unavailable: 'Temporarily unavailable',
};

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    /** Shown to the user: say what happened and what to do. */
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
  get status(): ContentfulStatusCode {
    return errorStatus[this.code];
  }
}

/** Maps anything thrown to a status, a user-facing title and detail; unknown errors reveal nothing. */
export function describeError(err: unknown): { status: ContentfulStatusCode; code: ErrorCode; detail: string; headers: Record<string, string>; expected: boolean } {
  if (err instanceof AppError) return { status: err.status, code: err.code, detail: err.detail, headers: err.headers, expected: true };
  if (err instanceof ServiceError) {
    const code: ErrorCode = err.code === 'invalid' ? 'validation' : err.code;
    return { status: errorStatus[code], code, detail: err.message, headers: {}, expected: true };
  }
  if (err instanceof HTTPException) {
    const code = (Object.entries(errorStatus).find(([, s]) => s === err.status)?.[0] as ErrorCode | undefined) ?? 'bad_request';
    const status = err.status === 503 ? 503 : err.status >= 500 ? 500 : (err.status as ContentfulStatusCode);
    return { status, code, detail: status >= 500 ? genericDetail : err.message || errorTitles[code], headers: {}, expected: status < 500 };
  }
  return { status: 500, code: 'internal', detail: genericDetail, headers: {}, expected: false };
}

const genericDetail = 'The problem has been logged. Please try again in a moment; if it keeps happening, contact us with the reference below.';

export function isApiPath(c: Context, path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || (c.req.header('accept') ?? '').startsWith('application/problem+json');
}
