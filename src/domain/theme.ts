import { CANVAS, darkenToContrast, isHexColor, readableTextOn } from './color';

export interface BrandInput {
  portalName: string;
  primaryColor: string;
  accentColor: string;
  logoUrl?: string | undefined;
  faviconUrl?: string | undefined;
}

export interface Theme {
  name: string;
  logoUrl: string | undefined;
  faviconUrl: string | undefined;
  /** CSS custom properties for :root; values are validated colours only. */
  vars: Record<string, string>;
}

/** The platform's own look, also used where a tenant's colour is unusable. */
export const platformBrand: BrandInput = { portalName: 'OnlineAccess', primaryColor: '#1f4e79', accentColor: '#c2410c' };

export function themeFor(brand: BrandInput): Theme {
  const primary = isHexColor(brand.primaryColor) ? brand.primaryColor.toLowerCase() : platformBrand.primaryColor;
  const accent = isHexColor(brand.accentColor) ? brand.accentColor.toLowerCase() : platformBrand.accentColor;
  return {
    name: brand.portalName,
    logoUrl: sameOriginPath(brand.logoUrl),
    faviconUrl: sameOriginPath(brand.faviconUrl),
    vars: {
      '--brand-primary': primary,
      '--brand-on-primary': readableTextOn(primary),
      '--brand-accent': accent,
      '--brand-on-accent': readableTextOn(accent),
      // Text and outlines in the brand's colours stand on the grey page as well as on white cards.
      '--brand-link': darkenToContrast(primary, CANVAS, 4.5),
      '--brand-focus': darkenToContrast(accent, CANVAS, 3),
    },
  };
}

export function cssVars(theme: Theme): string {
  return `:root{${Object.entries(theme.vars)
    .map(([k, v]) => `${k}:${v}`)
    .join(';')}}`;
}

/** Logos and favicons are served by the portal itself (the CSP allows no other image origin). */
function sameOriginPath(url: string | undefined): string | undefined {
  return url && /^\/(?!\/)[^\s"'<>]*$/.test(url) ? url : undefined;
}
