export function PlatformHome({ baseDomain }: { baseDomain: string }) {
  return (
    <>
      <section class="hero">
        <h1>Borrower portals for lenders</h1>
        <p class="lead">
          Every lender gets its own branded portal at <code>your-name.{baseDomain}</code>, where borrowers see their
          loans, pay, set up AutoPay and manage documents, and where the lender's staff serve them.
        </p>
      </section>
      <section aria-labelledby="what">
        <h2 id="what">What each portal offers</h2>
        <ul class="feature-list">
          <li>
            <strong>Borrowers</strong>: balances, schedules and statements that are right to the cent, one-time and
            recurring payments, documents and insurance.
          </li>
          <li>
            <strong>Agents</strong>: customers, accounts, access, notes and full change history on the same host, at{' '}
            <code>/admin</code>.
          </li>
          <li>
            <strong>Owners</strong>: the portal's name, logo, colours, sign-in and payment rules, set by the lender
            itself.
          </li>
        </ul>
      </section>
      <section aria-labelledby="find">
        <h2 id="find">Looking for your lender's portal?</h2>
        <p>Use the address your lender gave you; it ends in <code>.{baseDomain}</code>.</p>
      </section>
    </>
  );
}
