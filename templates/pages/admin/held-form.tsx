import { fieldLabel } from '../../../src/domain/audit-text';
import type { HeldForm } from '../../../src/services/held-forms';

/** Fields sent along but not worth showing (an idempotency key, where to go next). */
const technical = new Set(['key', 'next']);

/**
 * What was typed before the session ended, shown back after signing in again, with the one button
 * that sends it where it was going. Nothing was saved until then.
 */
export function HeldFormPage({ token, form, target, idleMinutes }: { token: string; form: HeldForm; target: string; idleMinutes: number }) {
  const shown = form.fields.filter(([name, value]) => !technical.has(name) && value.trim() !== '');
  return (
    <>
      <h1>Finish saving {target}</h1>
      <p class="alert alert-warning" role="status">
        You were signed out after {idleMinutes} minutes without activity, before this was saved. Nothing has been saved yet: check it and save it now.
      </p>
      {shown.length > 0 ? (
        <dl class="facts held-fields">
          {shown.map(([name, value]) => (
            <>
              <dt>{fieldLabel(name)}</dt>
              <dd class="held-value">{value}</dd>
            </>
          ))}
        </dl>
      ) : null}
      {form.dropped.length > 0 ? (
        <p class="hint">
          {form.dropped.map(fieldLabel).join(', ')} {form.dropped.length === 1 ? 'was' : 'were'} not kept (secrets are never stored): type {form.dropped.length === 1 ? 'it' : 'them'} again after saving.
        </p>
      ) : null}
      <form method="post" action={form.action} class="compact-form held-save">
        {form.fields.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="_held" value={token} />
        <button type="submit" autofocus>
          Save it now
        </button>
      </form>
      <form method="post" action={`/admin/held/${encodeURIComponent(token)}/discard`} class="inline-form">
        <button type="submit" class="button-secondary">
          Discard it
        </button>
      </form>
    </>
  );
}
