import { describedBy, Field, FieldFrame, SelectField } from './field';

/**
 * A postal address as inputs named <prefix>Line1, <prefix>Line2, <prefix>Zip, <prefix>City and
 * <prefix>State (ids f-<prefix>…), and <prefix>Country with withCountry. The ZIP input carries
 * data-zip-fill so public/js/zip-fill.js fills the city and state from it; the server checks every part.
 */
export function AddressFields({ prefix, legend, values, errors, hint, withCountry = false, focus }: {
  prefix: string;
  legend: string;
  values: Record<string, string | undefined>;
  errors: Record<string, string>;
  /** A line under the legend (what is required, when the address is optional). */
  hint?: string;
  withCountry?: boolean;
  /** The field to focus (the first with a problem), by name. */
  focus?: string | undefined;
}) {
  const zip = `${prefix}Zip`;
  const zipId = `f-${zip}`;
  const zipError = errors[zip];
  return (
    <fieldset>
      <legend>{legend}</legend>
      {hint ? <p class="hint">{hint}</p> : null}
      <Field name={`${prefix}Line1`} label="Street address" value={values[`${prefix}Line1`]} error={errors[`${prefix}Line1`]} maxlength={120} autocomplete="off" autofocus={focus === `${prefix}Line1`} />
      <Field name={`${prefix}Line2`} label="Apartment, suite, unit (optional)" value={values[`${prefix}Line2`]} error={errors[`${prefix}Line2`]} maxlength={120} autocomplete="off" autofocus={focus === `${prefix}Line2`} />
      <FieldFrame id={zipId} label="ZIP or postal code" hint="City and state are filled in from a US ZIP code." error={zipError}>
        <input
          id={zipId} name={zip} type="text" class="short-input" value={values[zip] ?? ''} maxlength={10} autocomplete="off" data-zip-fill={prefix} autofocus={focus === zip || undefined}
          aria-invalid={zipError ? 'true' : undefined} aria-describedby={describedBy(zipId, true, zipError)}
        />
      </FieldFrame>
      <Field name={`${prefix}City`} label="City" value={values[`${prefix}City`]} error={errors[`${prefix}City`]} maxlength={80} autocomplete="off" autofocus={focus === `${prefix}City`} />
      <Field name={`${prefix}State`} label="State or province (two letters)" value={values[`${prefix}State`]} error={errors[`${prefix}State`]} maxlength={2} autocomplete="off" autofocus={focus === `${prefix}State`} />
      {withCountry ? (
        <SelectField name={`${prefix}Country`} label="Country" value={values[`${prefix}Country`] || 'US'} error={errors[`${prefix}Country`]} options={[['US', 'United States'], ['CA', 'Canada']]} autofocus={focus === `${prefix}Country`} />
      ) : null}
    </fieldset>
  );
}

/** The names of an address's inputs, in the order they appear (for focusing the first with a problem). */
export const addressFieldOrder = (prefix: string) => ['Line1', 'Line2', 'Zip', 'City', 'State', 'Country'].map((f) => `${prefix}${f}`);
