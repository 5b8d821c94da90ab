// The branding form's live preview: the frame reloads with the colours and name being chosen.
(() => {
  const form = document.querySelector('[data-branding-form]');
  const frame = document.querySelector('[data-branding-preview]');
  if (!form || !frame) return;
  let timer;
  const update = () => {
    const url = new URL(frame.src, window.location.href);
    for (const name of ['portalName', 'primaryColor', 'accentColor']) url.searchParams.set(name, form.elements[name].value);
    frame.src = url.pathname + url.search;
  };
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  });
})();
