import { encode } from 'uqr';

/** The quiet zone the QR standard asks for, in modules; scanners miss codes without it. */
const QUIET_ZONE = 4;

/**
 * A self-contained SVG QR code (for the TOTP enrolment URI): black on white, one path, no
 * scripts or external references, so it can be inlined into a page under a strict CSP.
 * ECC level M survives a scuffed screen; `label` names the image for screen readers.
 */
export function qrSvg(text: string, { label, pixelsPerModule = 4 }: { label: string; pixelsPerModule?: number }): string {
  const qr = encode(text, { ecc: 'M', border: QUIET_ZONE });
  let path = '';
  qr.data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }),
  );
  const side = qr.size * pixelsPerModule;
  const name = escapeXml(label);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${qr.size} ${qr.size}" width="${side}" height="${side}" ` +
    `shape-rendering="crispEdges" role="img" aria-label="${name}">` +
    `<title>${name}</title>` +
    `<rect width="${qr.size}" height="${qr.size}" fill="#fff"/>` +
    `<path d="${path}" fill="#000"/>` +
    `</svg>`
  );
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
