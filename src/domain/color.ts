/** WCAG 2.x colour contrast, used to pick readable text on a tenant's brand colours. */

const HEX = /^#([0-9a-f]{6})$/i;

export function isHexColor(value: string): boolean {
  return HEX.test(value);
}

function channels(hex: string): [number, number, number] {
  const m = HEX.exec(hex);
  if (!m) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Relative luminance (WCAG 2.2, §1.4.3 definition). */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export const INK = '#111827';
export const PAPER = '#ffffff';
/** The page's background behind cards (public/css/app.css --canvas): a little darker than paper. */
export const CANVAS = '#f5f6f8';

/** Whichever of near-black and white reads better on the background. */
export function readableTextOn(background: string): string {
  return contrastRatio(background, PAPER) >= contrastRatio(background, INK) ? PAPER : INK;
}

/** AA for normal text is 4.5:1. */
export function meetsAA(foreground: string, background: string): boolean {
  return contrastRatio(foreground, background) >= 4.5;
}

/**
 * `color` darkened (mixed toward black) just enough to reach `ratio` against `background`, or
 * unchanged when it already does: a brand colour checked against white still reads as text on the
 * slightly darker page. Assumes a light background, where black always gets there.
 */
export function darkenToContrast(color: string, background: string, ratio = 4.5): string {
  const [r, g, b] = channels(color);
  for (let step = 0; step <= 50; step++) {
    const keep = 1 - step / 50;
    const candidate = `#${[r, g, b].map((v) => Math.round(v * keep).toString(16).padStart(2, '0')).join('')}`;
    if (contrastRatio(candidate, background) >= ratio) return candidate;
  }
  return '#000000';
}
