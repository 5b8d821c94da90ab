import { rgb, type PDFFont } from 'pdf-lib';

/** #rrggbb as a pdf-lib colour (the platform blue for anything else). */
export function brandRgb(color: string) {
  const n = parseInt(/^#([0-9a-f]{6})$/i.exec(color)?.[1] ?? '1f4e79', 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

/** Words into lines that fit `width` points. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const next = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && current) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  if (current) lines.push(current);
  return lines;
}
