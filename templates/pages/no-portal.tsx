export function NoPortal({ host, baseDomain }: { host: string; baseDomain: string }) {
  return (
    <section class="error-panel" aria-labelledby="no-portal-title">
      <p class="error-status">Error 404</p>
      <h1 id="no-portal-title">There is no portal at this address</h1>
      <p>
        Nothing is published at <code>{host}</code>. Check the address your lender gave you: portals live at{' '}
        <code>lender-name.{baseDomain}</code>.
      </p>
      <p>If you followed a link from your lender, contact them; the portal may have moved or been closed.</p>
    </section>
  );
}
