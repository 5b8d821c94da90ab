import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { qrSvg } from './qr';

const uri = 'otpauth://totp/Alpha%20Lending:pat%40example.com?issuer=Alpha%20Lending&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30';

describe('qrSvg', () => {
  const svg = qrSvg(uri, { label: 'Scan with your authenticator app' });

  it('is one accessible, self-contained SVG element', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" ')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg.match(/<svg\b/g)).toHaveLength(1);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-label="Scan with your authenticator app"');
    expect(svg).toContain('<title>Scan with your authenticator app</title>');
    expect(svg).toContain('shape-rendering="crispEdges"');
    expect(svg).not.toMatch(/<script|href|url\(|\bon\w+=|<image|<foreignObject/i);
    // The only URL is the SVG namespace.
    expect(svg.match(/https?:\/\//g)).toEqual(['http://']);
  });

  it('is square, sized as a QR version plus a 4-module quiet zone on each side', () => {
    const [, w, h] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number) as [number, number, number];
    expect(w).toBe(h);
    const modules = w - 8;
    expect((modules - 17) % 4).toBe(0); // QR sizes are 17 + 4 × version
    expect(modules).toBe(encode(uri, { ecc: 'M', border: 0 }).size);
    expect(svg).toContain(`width="${w * 4}" height="${w * 4}"`);
    expect(qrSvg(uri, { label: 'x', pixelsPerModule: 6 })).toContain(`width="${w * 6}"`);
  });

  it('draws black modules on white, none in the quiet zone', () => {
    expect(svg).toMatch(/<rect width="\d+" height="\d+" fill="#fff"\/>/);
    const size = Number(/viewBox="0 0 (\d+)/.exec(svg)![1]);
    const cells = [...svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    const dark = encode(uri, { ecc: 'M', border: 4 }).data.flat().filter(Boolean).length;
    expect(cells).toHaveLength(dark);
    for (const [x, y] of cells) {
      expect(Math.min(x, y)).toBeGreaterThanOrEqual(4);
      expect(Math.max(x, y)).toBeLessThan(size - 4);
    }
    // Top-left finder pattern: a dark 7-module ring starting just inside the quiet zone.
    expect(cells).toContainEqual([4, 4]);
    expect(cells).toContainEqual([10, 10]);
  });

  it('differs for different text', () => {
    expect(qrSvg(`${uri}x`, { label: 'Scan with your authenticator app' })).not.toBe(svg);
  });

  it('escapes the label', () => {
    const out = qrSvg('hi', { label: `<script>alert("x")</script> & 'co'` });
    expect(out).not.toContain('<script>');
    expect(out).toContain('<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;co&apos;</title>');
    expect(out).toContain('aria-label="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;co&apos;"');
  });
});
