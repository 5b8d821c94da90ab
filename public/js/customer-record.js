// The customer record forms: company-only fields show for company and flooring customers, and the
// ID number types offered follow the customer type. Without this script every field shows and the
// server checks the combination.
(() => {
  const kindsFor = { individual: ['ssn', 'sin'], company: ['ein', 'ssn'], flooring: ['ein', 'ssn'] };
  const apply = (select) => {
    const form = select.form;
    if (!form) return;
    const type = select.value;
    form.querySelectorAll('[data-for-types]').forEach((el) => {
      el.hidden = !el.getAttribute('data-for-types').split(' ').includes(type);
    });
    const kind = form.querySelector('select[name=taxIdKind]');
    if (!kind) return;
    const allowed = kindsFor[type] || ['ssn', 'sin', 'ein'];
    Array.from(kind.options).forEach((o) => {
      o.hidden = !allowed.includes(o.value);
      o.disabled = !allowed.includes(o.value);
    });
    if (!allowed.includes(kind.value)) kind.value = allowed[0];
  };
  const init = () => document.querySelectorAll('select[data-customer-type]').forEach(apply);
  document.addEventListener('change', (e) => {
    if (e.target instanceof HTMLSelectElement && e.target.hasAttribute('data-customer-type')) apply(e.target);
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
