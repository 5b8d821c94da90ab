import { describe, expect, it } from 'vitest';
import { CANVAS, contrastRatio, darkenToContrast, isHexColor, luminance, meetsAA, PAPER, readableTextOn } from './color';

describe('colour contrast', () => {
  it('matches the WCAG extremes', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBeCloseTo(1, 5);
    expect(luminance('#ffffff')).toBeCloseTo(1, 5);
  });

  it('matches a published pair (#767676 on white is 4.54:1, the lightest AA grey)', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(meetsAA('#767676', '#ffffff')).toBe(true);
    expect(meetsAA('#777777', '#ffffff')).toBe(false);
  });

  it('picks white on dark brands and ink on light ones', () => {
    expect(readableTextOn('#0b3d91')).toBe('#ffffff');
    expect(readableTextOn('#ffd54f')).toBe('#111827');
  });

  it('darkens a colour just enough to read on a background, and leaves one that already does', () => {
    // #767676 passes on white (4.54:1) but not on the grey page behind the cards.
    expect(contrastRatio('#767676', CANVAS)).toBeLessThan(4.5);
    const onCanvas = darkenToContrast('#767676', CANVAS);
    expect(contrastRatio(onCanvas, CANVAS)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(onCanvas, CANVAS)).toBeLessThan(5);
    expect(darkenToContrast('#0b5394', CANVAS)).toBe('#0b5394');
    expect(darkenToContrast('#c2410c', CANVAS, 3)).toBe('#c2410c');
    // Every colour gets there, light ones by a long way.
    for (const hex of ['#ffffff', '#ffd54f', '#00ff00', '#2f80ed', '#e11d48']) {
      expect(contrastRatio(darkenToContrast(hex, CANVAS), CANVAS), hex).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(darkenToContrast(hex, PAPER, 3), PAPER), hex).toBeGreaterThanOrEqual(3);
    }
  });

  it('accepts only #rrggbb', () => {
    expect(isHexColor('#0b3d91')).toBe(true);
    expect(isHexColor('0b3d91')).toBe(false);
    expect(isHexColor('#0b3')).toBe(false);
    expect(() => luminance('red')).toThrow(RangeError);
  });
});

describe('themeFor', () => {
  it('keeps only same-origin logo paths (the CSP allows no other image origin)', async () => {
    const { themeFor } = await import('./theme');
    const base = { portalName: 'X', primaryColor: '#000000', accentColor: '#ffffff' };
    expect(themeFor({ ...base, logoUrl: '/files/logo.png' }).logoUrl).toBe('/files/logo.png');
    expect(themeFor({ ...base, logoUrl: 'https://evil.example/x.png' }).logoUrl).toBeUndefined();
    expect(themeFor({ ...base, logoUrl: '//evil.example/x.png' }).logoUrl).toBeUndefined();
    expect(themeFor({ ...base, logoUrl: '/x" onerror="alert(1)' }).logoUrl).toBeUndefined();
    expect(themeFor({ ...base, primaryColor: 'red;}body{display:none' }).vars['--brand-primary']).toBe('#1f4e79');
  });

  it('gives links and focus outlines brand colours that stand on the grey page (a colour passed on white may not)', async () => {
    const { themeFor } = await import('./theme');
    // #767676 met the 4.5:1 the settings ask of a primary colour against white.
    const vars = themeFor({ portalName: 'X', primaryColor: '#767676', accentColor: '#949494' }).vars;
    expect(vars['--brand-primary']).toBe('#767676');
    expect(contrastRatio(vars['--brand-link']!, CANVAS)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(vars['--brand-focus']!, CANVAS)).toBeGreaterThanOrEqual(3);
    expect(themeFor({ portalName: 'X', primaryColor: '#0b5394', accentColor: '#b45309' }).vars).toMatchObject({ '--brand-link': '#0b5394', '--brand-focus': '#b45309' });
  });
});
