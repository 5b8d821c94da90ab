// Stripe's Payment Element: the card is typed into Stripe's own frames and confirmed with Stripe
// (a SetupIntent); our server only receives the resulting payment method id.
(() => {
  const box = document.querySelector('[data-stripe-card]');
  const form = document.querySelector('[data-card-token-form]');
  const status = document.querySelector('[data-card-status]');
  if (!box || !form || typeof window.Stripe !== 'function') {
    if (status) status.textContent = 'The card form could not load. Check your connection and reload the page.';
    return;
  }
  const stripe = window.Stripe(box.dataset.publishableKey);
  const elements = stripe.elements({ clientSecret: box.dataset.clientSecret });
  elements.create('payment').mount('#stripe-payment-element');
  const button = box.querySelector('[data-stripe-save]');
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = 'Saving your card…';
    const { setupIntent, error } = await stripe.confirmSetup({ elements, redirect: 'if_required' });
    if (error || !setupIntent || !setupIntent.payment_method) {
      status.textContent = (error && error.message) || 'The card could not be saved. Check the details and try again.';
      button.disabled = false;
      return;
    }
    form.elements.token.value = typeof setupIntent.payment_method === 'string' ? setupIntent.payment_method : setupIntent.payment_method.id;
    form.submit();
  });
})();
