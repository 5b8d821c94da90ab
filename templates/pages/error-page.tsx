export interface ErrorView {
  status: number;
  title: string;
  detail: string;
  requestId: string | undefined;
}

/** The body of every error page and error fragment: what happened, what to do, a reference. */
export function ErrorBody({ status, title, detail, requestId }: ErrorView) {
  return (
    <section class="error-panel" aria-labelledby="error-title">
      <p class="error-status">Error {status}</p>
      <h1 id="error-title">{title}</h1>
      <p>{detail}</p>
      {requestId ? (
        <p class="muted">
          Reference: <code>{requestId}</code>
        </p>
      ) : null}
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </section>
  );
}

export function ErrorFragment({ status, title, detail, requestId }: ErrorView) {
  return (
    <div class="alert alert-error" role="alert" data-status={status}>
      <p class="alert-title">{title}</p>
      <p>{detail}</p>
      {requestId ? <p class="muted">Reference: {requestId}</p> : null}
    </div>
  );
}
