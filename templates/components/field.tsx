import type { Child } from 'hono/jsx';

/** What an input's aria-describedby names: its hint and its error, when it has them. */
export const describedBy = (id: string, hint: unknown, error: unknown): string | undefined => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** The frame of a labelled control: label, hint (id <id>-hint), the control, its error (id <id>-error). */
export function FieldFrame({ id, label, hint, error, children }: { id: string; label: Child; hint?: Child; error?: string | undefined; children: Child }) {
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input with its error message tied to it (aria-describedby), keeping what was typed. */
export function Field(props: {
  name: string;
  /** Defaults to f-<name>; set it when a page has two fields of the same name. */
  id?: string;
  label: string;
  type?: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal' | 'tel' | 'email' | 'text';
  maxlength?: number;
  multiline?: boolean;
  /** Focus on load (the first field with a problem in a form sent back). */
  autofocus?: boolean;
}) {
  const id = props.id ?? `f-${props.name}`;
  const common = {
    id,
    name: props.name,
    required: props.required,
    autofocus: props.autofocus || undefined,
    'aria-invalid': props.error ? 'true' : undefined,
    'aria-describedby': describedBy(id, props.hint, props.error),
  };
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={props.error}>
      {props.multiline ? (
        <textarea {...common} rows={3}>
          {props.value ?? ''}
        </textarea>
      ) : (
        <input {...common} type={props.type ?? 'text'} value={props.value ?? ''} autocomplete={props.autocomplete} inputmode={props.inputmode} maxlength={props.maxlength} />
      )}
    </FieldFrame>
  );
}

/**
 * A labelled select with its hint and error tied to it (aria-describedby), like Field. With
 * keepValue, a value no longer offered (a category since removed from a list) stays choosable.
 */
export function SelectField(props: {
  name: string;
  /** Defaults to f-<name>; set it when a page has two fields of the same name. */
  id?: string;
  label: string;
  options: readonly (readonly [string, string])[];
  value?: string | undefined;
  error?: string | undefined;
  hint?: string;
  /** An empty first option with this text. */
  placeholder?: string;
  required?: boolean;
  keepValue?: boolean;
  /** Extra attributes for the select (data-… hooks for scripts). */
  attrs?: Record<string, string>;
  autofocus?: boolean;
}) {
  const id = props.id ?? `f-${props.name}`;
  const unlisted = props.keepValue && props.value && !props.options.some(([v]) => v === props.value) ? props.value : undefined;
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={props.error}>
      <select id={id} name={props.name} required={props.required} autofocus={props.autofocus || undefined} aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy(id, props.hint, props.error)} {...props.attrs}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map(([value, label]) => (
          <option value={value} selected={props.value === value}>
            {label}
          </option>
        ))}
        {unlisted ? (
          <option value={unlisted} selected>
            {unlisted}
          </option>
        ) : null}
      </select>
    </FieldFrame>
  );
}

/** A labelled checkbox with its hint and error tied to it. */
export function CheckField(props: { name: string; id?: string; label: string; checked: boolean; error?: string | undefined; hint?: string; autofocus?: boolean }) {
  const id = props.id ?? `f-${props.name}`;
  return (
    <div class={`choice${props.error ? ' field-invalid' : ''}`}>
      <input type="checkbox" id={id} name={props.name} checked={props.checked} autofocus={props.autofocus || undefined} aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy(id, props.hint, props.error)} />
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** Which field of a form sent back to focus: the first, in the form's order, with a problem. */
export function firstProblem(order: readonly string[], errors: Record<string, string>): string | undefined {
  return order.find((name) => errors[name]) ?? Object.keys(errors).find((name) => name !== '_form');
}
