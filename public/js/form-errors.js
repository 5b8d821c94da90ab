// After a form comes back refused inside the page (an htmx swap), keyboard and screen-reader users
// land on the first field with a problem, which is tied to its message (aria-describedby).
// Fields that name their own focus (autofocus) are left to htmx.
(() => {
  document.addEventListener('htmx:afterSettle', (event) => {
    const root = event.detail && event.detail.elt instanceof Element ? event.detail.elt : document;
    if (root.querySelector('[autofocus]')) return;
    const invalid = root.querySelector('[aria-invalid="true"]');
    if (invalid instanceof HTMLElement && !invalid.closest('[hidden]')) invalid.focus();
  });
})();
