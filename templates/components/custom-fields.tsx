import type { CustomField } from '../../src/db/schema';
import { CheckField, Field, SelectField } from './field';

/** Inputs for a tenant's custom fields (named cf-<id>), with each field's error and the typed value kept. */
export function CustomFieldInputs({ fields, values, errors = {}, focus }: { fields: CustomField[]; values: Record<string, string | undefined>; errors?: Record<string, string>; focus?: string | undefined }) {
  if (fields.length === 0) return null;
  return (
    <fieldset>
      <legend>Additional information</legend>
      {fields.map((f) => {
        const name = `cf-${f.id}`;
        const error = errors[name];
        const autofocus = focus === name;
        if (f.type === 'yes-no') return <CheckField name={name} label={f.label} checked={values[name] === 'on'} autofocus={autofocus} />;
        if (f.type === 'list') return <SelectField name={name} label={f.label} options={(f.options ?? []).map((o) => [o, o] as const)} value={values[name]} error={error} placeholder="—" autofocus={autofocus} />;
        return f.type === 'number' ? (
          <Field name={name} label={f.label} inputmode="numeric" value={values[name]} error={error} maxlength={500} autofocus={autofocus} />
        ) : (
          <Field name={name} label={f.label} type={f.type === 'date' ? 'date' : 'text'} value={values[name]} error={error} maxlength={500} autofocus={autofocus} />
        );
      })}
    </fieldset>
  );
}
