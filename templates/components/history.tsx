import { HISTORY_PAGE_SIZE, type HistoryLine, type HistoryView } from '../../src/services/customer-history';

const Change = ({ parts }: { parts: HistoryLine['before'] }) =>
  parts.length === 0 ? (
    <span class="muted">—</span>
  ) : (
    <ul class="change-list">
      {parts.map((p) => (
        <li>
          <span class="change-label">{p.label}:</span> {p.value}
        </li>
      ))}
    </ul>
  );

/** Previous and next pages of a history: plain links, fetched in place by htmx when there is a fragment. */
function Pager({ view, sectionId, label }: { view: HistoryView; sectionId: string; label: string }) {
  if (view.pages <= 1) return null;
  const link = (n: number, text: string, rel: 'prev' | 'next') => (
    <a
      href={view.pageHref(n)}
      rel={rel}
      {...(view.fragmentHref ? { 'hx-get': view.fragmentHref(n), 'hx-target': `#${sectionId}`, 'hx-swap': 'outerHTML', 'hx-push-url': view.pageHref(n) } : {})}
    >
      {text}
    </a>
  );
  return (
    <nav class="pager" aria-label={label}>
      {view.page > 1 ? link(view.page - 1, 'Newer changes', 'prev') : null}
      <span>
        Page {view.page} of {view.pages}
      </span>
      {view.page < view.pages ? link(view.page + 1, 'Older changes', 'next') : null}
    </nav>
  );
}

/**
 * A history, newest first, a page at a time: when, what, who (by name and role, or the borrower,
 * or the system), and the values before and after in words. The JSON download has every row.
 */
export function HistorySection({ view, id = 'tab-history', title = 'History', oob }: { view: HistoryView; id?: string; title?: string; oob?: boolean }) {
  const first = (view.page - 1) * HISTORY_PAGE_SIZE + 1;
  return (
    <section id={id} aria-labelledby={`${id}-title`} class="history" hx-swap-oob={oob ? 'true' : undefined}>
      <h2 id={`${id}-title`} tabindex={-1}>
        {title}
      </h2>
      <p>
        <a href={view.jsonHref} download>
          Download this history (JSON)
        </a>
      </p>
      {view.total === 0 ? (
        <p class="muted">No changes recorded yet.</p>
      ) : (
        <>
          <p class="muted">
            {view.total === 1 ? '1 change' : `${view.total.toLocaleString('en-US')} changes`}
            {view.pages > 1 ? `, ${first}–${first + view.lines.length - 1} shown` : ''}, newest first.
          </p>
          <table class="table history-table">
            <caption class="visually-hidden">Changes, newest first{view.pages > 1 ? `, page ${view.page} of ${view.pages}` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">By</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {view.lines.map((l) => (
                <tr>
                  <td data-label="When">
                    <time datetime={l.at.toISOString()}>{l.when}</time>
                  </td>
                  <td data-label="What">{l.what}</td>
                  <td data-label="By">{l.by}</td>
                  <td data-label="Before">
                    <Change parts={l.before} />
                  </td>
                  <td data-label="After">
                    <Change parts={l.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager view={view} sectionId={id} label={`${title}: pages`} />
        </>
      )}
    </section>
  );
}
