// Drag-and-drop onto upload fields, with the chosen file's name and size shown and an early size
// check. The plain file input works without this script; the server checks everything again.
(() => {
  const zoneOf = (el) => el instanceof Element && el.closest('[data-drop-zone]');
  const describe = (zone) => {
    const input = zone.querySelector('input[type=file]');
    const status = zone.querySelector('[data-drop-status]');
    const form = zone.closest('form');
    const max = Number(form && form.dataset.maxBytes) || Infinity;
    const file = input && input.files && input.files[0];
    if (!status) return;
    if (!file) { status.textContent = ''; return; }
    const mb = (file.size / 1048576).toFixed(1);
    status.textContent = file.size > max ? `${file.name} is ${mb} MB, over the ${(max / 1048576).toFixed(0)} MB limit: choose a smaller file.` : `Selected: ${file.name} (${mb} MB)`;
  };
  document.addEventListener('dragover', (e) => {
    const zone = zoneOf(e.target);
    if (!zone) return;
    e.preventDefault();
    zone.classList.add('drop-active');
  });
  document.addEventListener('dragleave', (e) => {
    const zone = zoneOf(e.target);
    if (zone && !zone.contains(e.relatedTarget)) zone.classList.remove('drop-active');
  });
  document.addEventListener('drop', (e) => {
    const zone = zoneOf(e.target);
    if (!zone) return;
    e.preventDefault();
    zone.classList.remove('drop-active');
    const input = zone.querySelector('input[type=file]');
    if (input && e.dataTransfer && e.dataTransfer.files.length > 0) {
      input.files = e.dataTransfer.files;
      describe(zone);
      input.focus();
    }
  });
  document.addEventListener('change', (e) => {
    const zone = zoneOf(e.target);
    if (zone) describe(zone);
  });
  // Refuse an oversize file before sending it.
  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.maxBytes) return;
    const input = form.querySelector('input[type=file]');
    const file = input && input.files && input.files[0];
    if (file && file.size > Number(form.dataset.maxBytes)) {
      e.preventDefault();
      e.stopImmediatePropagation();
      describe(zoneOf(input));
      input.focus();
    }
  }, true);
  document.addEventListener('htmx:beforeRequest', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.maxBytes) return;
    const input = form.querySelector('input[type=file]');
    const file = input && input.files && input.files[0];
    if (file && file.size > Number(form.dataset.maxBytes)) e.preventDefault();
  });
})();
