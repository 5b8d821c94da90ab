import type { CustomField } from '../../src/db/schema';
import { Field } from './field';

/** Inputs for a tenant's custom fields (named cf-<id>), with each field's error and the typed value kept. */
export function CustomFieldInputs({ fields, values, errors = {} }: { fields: CustomField[]; values: Record<string, string | undefined>; errors?: Record<string, string> }) {
  if (fields.length === 0) return null;
  return (
    <fieldset>
      <legend>Additional information</legend>
      {fields.map((f) => {
        const name = `cf-${f.id}`;
        const error = errors[name];
        if (f.type === 'yes-no') {
          return (
            <div class="choice">
              <input type="checkbox" id={`f-${name}`} name={name} checked={values[name] === 'on'} />
              <label for={`f-${name}`}>{f.label}</label>
            </div>
          );
        }
        if (f.type === 'list') {
          return (
            <div class={`field${error ? ' field-invalid' : ''}`}>
              <label for={`f-${name}`}>{f.label}</label>
              <select id={`f-${name}`} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `f-${name}-error` : undefined}>
                <option value="">—</option>
                {(f.options ?? []).map((o) => (
                  <option value={o} selected={values[name] === o}>
                    {o}
                  </option>
                ))}
              </select>
              {error ? (
                <p class="field-error" id={`f-${name}-error`}>
                  {error}
                </p>
              ) : null}
            </div>
          );
        }
        return f.type === 'number' ? (
          <Field name={name} label={f.label} inputmode="numeric" value={values[name]} error={error} maxlength={500} />
        ) : (
          <Field name={name} label={f.label} type={f.type === 'date' ? 'date' : 'text'} value={values[name]} error={error} maxlength={500} />
        );
      })}
    </fieldset>
  );
}
