/** Every message of a form that came back, above it, announced (role="alert"); nothing when there are none. */
export function ErrorSummary({ errors, title = 'Please check the form' }: { errors?: Record<string, string> | undefined; title?: string }) {
  const messages = Object.values(errors ?? {});
  if (messages.length === 0) return null;
  return (
    <div class="alert alert-error" role="alert">
      <p class="alert-title">{title}</p>
      {messages.map((e) => (
        <p>{e}</p>
      ))}
    </div>
  );
}
