import type { RuleResult } from '../../src/auth/password-policy';
import { describedBy, FieldFrame } from './field';

/**
 * A new-password field with its rules listed beside it; public/js/password-rules.js ticks them
 * live as the person types (the server checks the same rules on submit).
 */
export function NewPasswordField(props: { name: string; label: string; rules: RuleResult[]; error?: string | undefined; email?: string | undefined; autofocus?: boolean }) {
  const id = `f-${props.name}`;
  return (
    <FieldFrame id={id} label={props.label} error={props.error}>
      <input
        id={id}
        name={props.name}
        type="password"
        autocomplete="new-password"
        required
        maxlength={256}
        autofocus={props.autofocus || undefined}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={`${id}-rules${props.error ? ` ${id}-error` : ''}`}
        data-password-rules={`${id}-rules`}
        data-email={props.email ?? ''}
      />
      <ul class="rules" id={`${id}-rules`} aria-live="polite">
        {props.rules.map((r) => (
          <li data-rule={r.id} class={r.met ? 'met' : ''}>
            {r.label}
          </li>
        ))}
      </ul>
    </FieldFrame>
  );
}

/** The new password typed a second time (name "confirm"), with its error tied to it. */
export function ConfirmPasswordField({ error, label = 'Type it again' }: { error?: string | undefined; label?: string }) {
  return (
    <FieldFrame id="f-confirm" label={label} error={error}>
      <input id="f-confirm" name="confirm" type="password" autocomplete="new-password" required maxlength={256} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy('f-confirm', undefined, error)} />
    </FieldFrame>
  );
}
