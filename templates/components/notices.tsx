/** A page's outcome messages: a notice (done) and an error (refused), each announced. */
export function Notices({ notice, error }: { notice?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {notice ? (
        <p class="alert alert-success" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
