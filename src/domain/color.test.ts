import { describe, expect, it } from 'vitest';
import { contrastRatio, isHexColor, luminance, meetsAA, readableTextOn } from './color';

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
});
