// Fills a staff address form's city and state from its ZIP code. A ZIP input names its fields by
// a prefix: <input data-zip-fill="primary"> fills #f-primaryCity and #f-primaryState (an empty
// prefix: #f-city and #f-state). Only empty fields, or fields this script filled and nobody has
// changed since, are filled: what a person typed is never overwritten. The form works the same
// without this script. Listens on the document, so forms swapped in by htmx work too.
(() => {
  // Pages may include this more than once (and htmx swaps do not run scripts): listen once.
  if (window.zipFillListening) return;
  window.zipFillListening = true;
  const ZIP = /^(\d{5})(?:[-\s]?\d{4})?$/;
  const MESSAGE = 'City and state filled from the ZIP code';
  /** ZIP → {city, state} or null (no such ZIP): one request per ZIP code per page. */
  const answers = new Map();
  /** The ZIP last looked up for each input, so change and blur together ask once. */
  const asked = new WeakMap();

  let region = null;
  const announce = (text) => {
    if (!region || !document.body.contains(region)) {
      region = document.createElement('div');
      region.className = 'visually-hidden';
      region.setAttribute('role', 'status');
      region.setAttribute('aria-live', 'polite');
      region.setAttribute('data-zip-fill-status', '');
      document.body.append(region);
    }
    // Emptied first so the same words are announced again for a second address.
    region.textContent = '';
    setTimeout(() => { region.textContent = text; }, 100);
  };
  // Present from the start: some screen readers ignore a live region created when it speaks.
  const ready = () => announce('');
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();

  const fieldsOf = (prefix) => ({
    city: document.getElementById(prefix ? `f-${prefix}City` : 'f-city'),
    state: document.getElementById(prefix ? `f-${prefix}State` : 'f-state'),
  });

  // Ours to fill: empty, or still holding what this script put there.
  const fillable = (field) => field instanceof HTMLInputElement || field instanceof HTMLSelectElement
    ? field.value.trim() === '' || field.dataset.zipFilled === field.value
    : false;

  const fill = (field, value) => {
    if (field instanceof HTMLSelectElement && ![...field.options].some((o) => o.value === value)) return false;
    if (field.value === value) {
      field.dataset.zipFilled = value;
      return false;
    }
    field.value = value;
    field.dataset.zipFilled = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.dispatchEvent(new Event('change', { bubbles: true }));
    return true;
  };

  // {city, state}; null: no such ZIP; undefined: no answer now (signed out, service down).
  const lookup = async (zip) => {
    if (answers.has(zip)) return answers.get(zip);
    const res = await fetch(`/admin/zip/${zip}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    // A signed-out agent is sent to the sign-in page (HTML): nothing to fill.
    if (!(res.headers.get('content-type') || '').includes('application/json')) return undefined;
    if (res.status === 404) {
      answers.set(zip, null);
      return null;
    }
    if (!res.ok) return undefined;
    const body = await res.json();
    const answer = typeof body.city === 'string' && typeof body.state === 'string' ? { city: body.city, state: body.state } : null;
    answers.set(zip, answer);
    return answer;
  };

  const onZip = async (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute('data-zip-fill')) return;
    const match = ZIP.exec(input.value.trim());
    if (!match) return;
    const zip = match[1];
    if (asked.get(input) === zip) return;
    asked.set(input, zip);
    const { city, state } = fieldsOf(input.getAttribute('data-zip-fill') || '');
    if (!fillable(city) && !fillable(state)) return;
    let answer;
    try {
      answer = await lookup(zip);
    } catch {
      answer = undefined;
    }
    // Ask again on the next change or blur.
    if (answer === undefined) asked.delete(input);
    // The ZIP changed while we asked: that lookup will fill instead.
    const now = ZIP.exec(input.value.trim());
    if (!answer || !now || now[1] !== zip) return;
    let filled = false;
    if (fillable(city)) filled = fill(city, answer.city) || filled;
    if (fillable(state)) filled = fill(state, answer.state) || filled;
    if (filled) announce(MESSAGE);
  };

  document.addEventListener('change', onZip);
  // blur does not bubble; focusout does.
  document.addEventListener('focusout', onZip);
})();
