// The header's Menu button (templates/layouts/base.tsx): a disclosure for the signed-in links on
// narrow screens. Without this script the button stays hidden and the links wrap under the brand;
// with it, `menu-ready` lets the CSS fold them away until the button opens them (they open below
// the bar, pushing the page down). Escape closes the menu and gives focus back to the button.
(() => {
  document.querySelectorAll('[data-site-menu]').forEach((row) => {
    const button = row.querySelector('.menu-toggle');
    const panel = button && document.getElementById(button.getAttribute('aria-controls') || '');
    if (!button || !panel) return;
    const isOpen = () => button.getAttribute('aria-expanded') === 'true';
    const setOpen = (open) => button.setAttribute('aria-expanded', open ? 'true' : 'false');
    button.hidden = false;
    row.classList.add('menu-ready');
    button.addEventListener('click', () => setOpen(!isOpen()));
    row.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !isOpen()) return;
      setOpen(false);
      button.focus();
    });
  });
})();
