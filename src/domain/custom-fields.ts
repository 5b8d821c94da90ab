import type { CustomField } from '../db/schema';
import { isIsoDate } from './dates';

/**
 * Reads the tenant's custom fields from a submitted form (inputs named `cf-<id>`). Values are kept
 * as strings; an empty value removes the field. Returns the values or, per input name, what is wrong.
 */
export function readCustomFields(fields: CustomField[], form: Record<string, string | undefined>): { values: Record<string, string>; errors: Record<string, string> } {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const name = `cf-${f.id}`;
    const raw = (form[name] ?? '').trim();
    if (f.type === 'yes-no') {
      if (raw === 'on' || raw === 'yes') values[f.id] = 'yes';
      continue;
    }
    if (raw === '') continue;
    if (raw.length > 500) errors[name] = `${f.label}: at most 500 characters.`;
    else if (f.type === 'number' && !/^-?\d+(\.\d+)?$/.test(raw)) errors[name] = `${f.label}: enter a number, such as 12 or 3.5.`;
    else if (f.type === 'date' && !isIsoDate(raw)) errors[name] = `${f.label}: enter a date.`;
    else if (f.type === 'list' && !(f.options ?? []).includes(raw)) errors[name] = `${f.label}: choose one of the options.`;
    else values[f.id] = raw;
  }
  return { values, errors };
}

/** The form values (`cf-<id>`) for stored custom field values, to prefill an edit form. */
export function customFieldFormValues(fields: CustomField[], stored: Record<string, string>): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [`cf-${f.id}`, f.type === 'yes-no' ? (stored[f.id] === 'yes' ? 'on' : '') : (stored[f.id] ?? '')]));
}
