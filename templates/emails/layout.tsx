import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Theme } from '../../src/domain/theme';

/** Table-free, inline-styled email shell: mail clients ignore stylesheets. */
export function EmailLayout({ theme, preheader, children }: { theme: Theme; preheader: string; children?: Child }) {
  const primary = theme.vars['--brand-primary'];
  const onPrimary = theme.vars['--brand-on-primary'];
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{theme.name}</title>
        </head>
        <body style="margin:0;background:#f3f4f6;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111827">
          <div style="display:none;max-height:0;overflow:hidden">{preheader}</div>
          <div style="max-width:560px;margin:0 auto;padding:24px">
            <div style={`background:${primary};color:${onPrimary};padding:16px 20px;border-radius:8px 8px 0 0;font-size:18px;font-weight:600`}>
              {theme.name}
            </div>
            <div style="background:#ffffff;padding:20px;border-radius:0 0 8px 8px;line-height:1.5">{children}</div>
          </div>
        </body>
      </html>
    </>
  );
}

export function EmailButton({ href, theme, children }: { href: string; theme: Theme; children?: Child }) {
  return (
    <p>
      <a
        href={href}
        style={`display:inline-block;background:${theme.vars['--brand-primary']};color:${theme.vars['--brand-on-primary']};padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600`}
      >
        {children}
      </a>
    </p>
  );
}
