import type { Context } from 'hono';
import { z } from 'zod';
import { emailAddressProblem, normalizeEmailAddress } from '../domain/email-address';
import { AppError } from './errors';

export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, string> }
  | { ok: false; errors: Record<string, string>; values: Record<string, string> };

/**
 * The one form validator: parses a urlencoded or multipart body against a zod schema and returns
 * either the data or a message per field, always with the submitted values so the form keeps them.
 */
export async function parseForm<S extends z.ZodType>(c: Context, schema: S): Promise<FormResult<z.infer<S>>> {
  const values: Record<string, string> = {};
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    let body: Record<string, unknown>;
    try {
      body = await c.req.parseBody();
    } catch {
      throw new AppError('bad_request', 'The form could not be read. Reload the page and send it again.');
    }
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v;
  }
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '_form');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/**
 * An email-address field under the one rule (domain/email-address): trimmed and lower-cased when
 * valid, else the rule's message for the field. `optional` lets an empty field through as ''.
 */
export function emailField(opts: { optional?: boolean } = {}) {
  return z
    .string()
    .default('')
    .superRefine((value, ctx) => {
      if (opts.optional && value.trim() === '') return;
      const problem = emailAddressProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform(normalizeEmailAddress);
}
