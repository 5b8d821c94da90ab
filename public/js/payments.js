// Payment pages: Pay multiple keeps its count and total current, and a payment form cannot be sent
// twice by a double click. Every form still works without this script. (The card frame's messages
// are read by card-frame.js.)
(() => {
  const cents = (text) => {
    const m = /^\$?\s*(\d{1,3}(,\d{3})*|\d+)(\.\d{1,2})?$/.exec(String(text).trim());
    if (!m) return null;
    return Math.round(Number(m[0].replace(/[$,\s]/g, '')) * 100);
  };
  const money = (c) => `$${(c / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const summarize = (form) => {
    const out = form.querySelector('[data-multi-summary]');
    if (!out) return;
    let count = 0;
    let total = 0;
    form.querySelectorAll('input[type=checkbox][name^="pay-"]').forEach((box) => {
      if (!box.checked) return;
      const amount = cents(form.elements[`amount-${box.name.slice(4)}`].value);
      count += 1;
      if (amount) total += amount;
    });
    // The convenience fee of the chosen method, once for the whole payment, is part of what is charged.
    const option = form.elements.method && form.elements.method.selectedOptions && form.elements.method.selectedOptions[0];
    const fee = count > 0 && option && option.dataset.fee ? Number(option.dataset.fee) : 0;
    out.textContent = count === 0 ? 'Choose accounts above.' : `${count} ${count === 1 ? 'account' : 'accounts'}, ${money(total + fee)} in all${fee > 0 ? ` (with a ${money(fee)} fee)` : ''}.`;
  };
  document.addEventListener('input', (e) => {
    const form = e.target instanceof Element && e.target.closest('[data-pay-multiple]');
    if (!form) return;
    // Typing an account's amount ticks it, as typing on the pay form picks "Another amount".
    const input = e.target;
    if (input instanceof HTMLInputElement && input.name.startsWith('amount-') && input.value.trim() !== '') {
      const box = form.elements[`pay-${input.name.slice(7)}`];
      if (box && !box.disabled) box.checked = true;
    }
    summarize(form);
  });
  document.addEventListener('change', (e) => {
    const form = e.target instanceof Element && e.target.closest('[data-pay-multiple]');
    if (form) summarize(form);
  });
  document.querySelectorAll('[data-pay-multiple]').forEach(summarize);

  // A pay form: typing an amount chooses "Another amount"; choosing a listed amount clears the box,
  // so what is paid is always what the form shows (the server refuses a mismatch either way).
  document.addEventListener('input', (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || input.name !== 'custom') return;
    const form = input.closest('[data-pay-form]');
    const custom = form && form.querySelector('input[name=choice][value=custom]');
    if (custom && input.value.trim() !== '') custom.checked = true;
  });
  document.addEventListener('change', (e) => {
    const radio = e.target;
    if (!(radio instanceof HTMLInputElement) || radio.name !== 'choice' || radio.value === 'custom') return;
    const form = radio.closest('[data-pay-form]');
    const box = form && form.querySelector('input[name=custom]');
    if (box) box.value = '';
  });

  // One submission per form: the button says so while the page changes.
  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-submit-once')) return;
    if (form.dataset.sent === '1') {
      e.preventDefault();
      return;
    }
    form.dataset.sent = '1';
    const button = form.querySelector('button[type=submit]');
    if (button) {
      button.setAttribute('aria-disabled', 'true');
      button.textContent = 'Paying…';
    }
  });
})();
