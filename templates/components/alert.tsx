import type { Child } from 'hono/jsx';

/** A status message; role=alert for errors so screen readers announce them at once. */
export function Alert({ kind, title, children }: { kind: 'error' | 'info' | 'success'; title: string; children?: Child }) {
  return (
    <div class={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <p class="alert-title">{title}</p>
      {children}
    </div>
  );
}
