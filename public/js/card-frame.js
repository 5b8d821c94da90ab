// The sandbox processor's card page, framed on Payment methods (iframe[data-card-frame]), talks to
// this page by postMessage, and only messages from our own origin (where that page is served) and
// from that frame's window are read:
// - {type: 'card-frame-height', height}: the frame takes the height of its content, so the security
//   code and Save are never hidden inside a frame too short for them (it posts again as errors
//   appear or the width changes);
// - {type: 'card-token', card}: the card's token (never its number) is posted to our server, which
//   reads the card's details back from the processor.
(() => {
  const MAX_HEIGHT = 2000;
  window.addEventListener('message', (event) => {
    if (event.origin !== window.location.origin) return;
    const frame = [...document.querySelectorAll('iframe[data-card-frame]')].find((f) => f.contentWindow === event.source);
    const data = event.data;
    if (!frame || !data || typeof data !== 'object') return;
    if (data.type === 'card-frame-height') {
      const height = Number(data.height);
      // The frame's own border is added: the page inside gets the whole height it asked for.
      const border = frame.offsetHeight - frame.clientHeight;
      if (Number.isFinite(height) && height > 0) frame.style.height = `${Math.min(Math.ceil(height), MAX_HEIGHT) + border}px`;
      return;
    }
    if (data.type !== 'card-token' || !data.card) return;
    const form = document.querySelector('[data-card-token-form]');
    if (!form) return;
    form.elements.token.value = data.card.token;
    const status = document.querySelector('[data-card-status]');
    if (status) status.textContent = 'Saving your card…';
    form.submit();
  });
})();
