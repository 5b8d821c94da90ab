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
  inputmode?: 'numeric' | 'tel' | 'email' | 'text';
  maxlength?: number;
  multiline?: boolean;
}) {
  const id = props.id ?? `f-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: props.name,
    required: props.required,
    'aria-invalid': props.error ? 'true' : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.multiline ? (
        <textarea {...common} rows={3}>
          {props.value ?? ''}
        </textarea>
      ) : (
        <input {...common} type={props.type ?? 'text'} value={props.value ?? ''} autocomplete={props.autocomplete} inputmode={props.inputmode} maxlength={props.maxlength} />
      )}
      {props.error ? (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
