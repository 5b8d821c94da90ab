/** What a member of staff viewing as the borrower gets when they try to change something. */
export function ViewAsReadOnlyPage({ customerName }: { customerName: string }) {
  return (
    <section class="error-panel" aria-labelledby="read-only-title">
      <p class="error-status">Error 403</p>
      <h1 id="read-only-title">You are viewing as the borrower: read-only</h1>
      <p>
        You are looking at {customerName}’s portal as they see it. Nothing can be paid, changed or revealed from here: payments, AutoPay, security settings and card numbers
        are the borrower’s own.
      </p>
      <p>To act for the customer, return to the staff area and use their record there.</p>
      <form method="post" action="/view-as/end" class="inline-form">
        <button type="submit">Return to staff area</button>
      </form>
    </section>
  );
}
