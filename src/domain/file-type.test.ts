import { describe, expect, it } from 'vitest';
import { ALLOWED_UPLOADS, checkUpload, contentDisposition, safeFileName, sniffType } from './file-type';

const MB = 1024 * 1024;
const LIMIT = 10 * MB;

/** Bytes from a mix of text (latin1) and numbers. */
function bytes(...parts: (string | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p));
  return new Uint8Array(out);
}

// Real headers of each kind, as produced by common software.
const samples = {
  pdf: bytes('%PDF-1.7\n%', [0xe2, 0xe3, 0xcf, 0xd3], '\n1 0 obj\n'),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]),
  jfif: bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
  exif: bytes([0xff, 0xd8, 0xff, 0xe1, 0x2f, 0xfe], 'Exif', [0, 0], 'MM', [0, 0x2a]),
  heic: bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic', [0, 0, 0, 0x0c], 'meta'),
  heif: bytes([0, 0, 0, 0x1c], 'ftypmif1', [0, 0, 0, 0], 'mif1heicmiaf', [0, 0, 0, 0x0c], 'meta'),
  webp: bytes('RIFF', [0x24, 0x08, 0, 0], 'WEBPVP8 ', [0x18, 0x08, 0, 0]),
  tiffLE: bytes('II', [0x2a, 0, 8, 0, 0, 0, 0x0e, 0]),
  tiffBE: bytes('MM', [0, 0x2a, 0, 0, 0, 8, 0, 0x0e]),
};

const hostile = {
  html: bytes('<!DOCTYPE html><html><body>hi</body></html>'),
  script: bytes('<script>fetch("/api/v1/me").then(r=>r.text()).then(alert)</script>'),
  svg: bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
  exe: bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0], 'This program cannot be run in DOS mode'),
  elf: bytes([0x7f], 'ELF', [2, 1, 1, 0]),
  zip: bytes('PK', [3, 4, 0x14, 0, 0, 0, 8, 0]),
  htmlThenPdf: bytes('<html><script>x()</script>%PDF-1.4\n'),
  avif: bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0], 'avifmif1miaf'),
  mp4: bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 2, 0], 'isomiso2'),
  wav: bytes('RIFF', [0x24, 0x08, 0, 0], 'WAVEfmt '),
  text: bytes('just some notes\n'),
};

describe('sniffType', () => {
  it.each([
    ['pdf', 'application/pdf', 'pdf'],
    ['png', 'image/png', 'png'],
    ['jfif', 'image/jpeg', 'jpg'],
    ['exif', 'image/jpeg', 'jpg'],
    ['heic', 'image/heic', 'heic'],
    ['heif', 'image/heic', 'heic'],
    ['webp', 'image/webp', 'webp'],
    ['tiffLE', 'image/tiff', 'tiff'],
    ['tiffBE', 'image/tiff', 'tiff'],
  ] as const)('detects %s', (sample, mime, extension) => {
    expect(sniffType(samples[sample])).toEqual({ mime, extension });
  });

  it.each(Object.keys(hostile) as (keyof typeof hostile)[])('finds nothing allowed in %s', (sample) => {
    expect(sniffType(hostile[sample])).toBeNull();
  });

  it('does not read past short input', () => {
    expect(sniffType(new Uint8Array())).toBeNull();
    expect(sniffType(bytes('%PDF'))).toBeNull();
    expect(sniffType(bytes([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(sniffType(bytes([0, 0, 0, 0x18], 'ftyphei'))).toBeNull();
    expect(sniffType(bytes('RIFF', [0, 0, 0, 0], 'WEB'))).toBeNull();
  });

  it('lists every type it can detect', () => {
    const detected = Object.values(samples).map((s) => sniffType(s)?.mime);
    expect(new Set(detected)).toEqual(new Set(ALLOWED_UPLOADS.map((t) => t.mime)));
  });
});

describe('checkUpload', () => {
  it('accepts each type under its own extensions, keeping the sender’s spelling', () => {
    expect(checkUpload('statement.pdf', samples.pdf, LIMIT)).toEqual({ ok: true, mime: 'application/pdf', extension: 'pdf' });
    expect(checkUpload('ID.PNG', samples.png, LIMIT)).toEqual({ ok: true, mime: 'image/png', extension: 'png' });
    expect(checkUpload('photo.jpg', samples.jfif, LIMIT)).toEqual({ ok: true, mime: 'image/jpeg', extension: 'jpg' });
    expect(checkUpload('photo.jpeg', samples.exif, LIMIT)).toEqual({ ok: true, mime: 'image/jpeg', extension: 'jpeg' });
    expect(checkUpload('IMG_0001.HEIC', samples.heic, LIMIT)).toEqual({ ok: true, mime: 'image/heic', extension: 'heic' });
    expect(checkUpload('scan.heif', samples.heif, LIMIT)).toEqual({ ok: true, mime: 'image/heic', extension: 'heif' });
    expect(checkUpload('x.webp', samples.webp, LIMIT)).toEqual({ ok: true, mime: 'image/webp', extension: 'webp' });
    expect(checkUpload('fax.tif', samples.tiffLE, LIMIT)).toEqual({ ok: true, mime: 'image/tiff', extension: 'tif' });
    expect(checkUpload('fax.tiff', samples.tiffBE, LIMIT)).toEqual({ ok: true, mime: 'image/tiff', extension: 'tiff' });
  });

  it('judges a file without an extension by its content only', () => {
    expect(checkUpload('scan', samples.png, LIMIT)).toEqual({ ok: true, mime: 'image/png', extension: 'png' });
    expect(checkUpload('Statement for J. Doe', samples.pdf, LIMIT)).toEqual({ ok: true, mime: 'application/pdf', extension: 'pdf' });
    expect(checkUpload('Scan 2024.05.01', samples.jfif, LIMIT)).toEqual({ ok: true, mime: 'image/jpeg', extension: 'jpg' });
    expect(checkUpload('', samples.pdf, LIMIT).ok).toBe(true);
    expect(checkUpload('notes', hostile.text, LIMIT)).toEqual({ ok: false, problem: 'Only PDF, PNG, JPEG, HEIC, WebP and TIFF files can be uploaded.' });
  });

  it('refuses a file whose content does not match its name', () => {
    expect(checkUpload('statement.pdf', samples.png, LIMIT)).toEqual({ ok: false, problem: "This file's name says .pdf but its content is not a PDF." });
    expect(checkUpload('photo.jpeg', samples.png, LIMIT)).toEqual({ ok: false, problem: "This file's name says .jpeg but its content is not a JPEG." });
    expect(checkUpload('photo.heic', samples.jfif, LIMIT)).toEqual({ ok: false, problem: "This file's name says .heic but its content is not a HEIC." });
    expect(checkUpload('photo.webp', hostile.avif, LIMIT)).toEqual({ ok: false, problem: "This file's name says .webp but its content is not a WebP." });
  });

  it('refuses markup, scripts and programs, whatever they are called', () => {
    for (const [name, content] of [
      ['invoice.pdf', hostile.htmlThenPdf],
      ['invoice.pdf', hostile.script],
      ['page.png', hostile.html],
      ['setup.pdf', hostile.exe],
      ['logo.png', hostile.svg],
    ] as const) {
      const result = checkUpload(name, content, LIMIT);
      expect(result.ok, name).toBe(false);
    }
    const only = { ok: false, problem: 'Only PDF, PNG, JPEG, HEIC, WebP and TIFF files can be uploaded.' };
    expect(checkUpload('page.html', hostile.html, LIMIT)).toEqual(only);
    expect(checkUpload('setup.exe', hostile.exe, LIMIT)).toEqual(only);
    expect(checkUpload('setup', hostile.exe, LIMIT)).toEqual(only);
    expect(checkUpload('run.sh', hostile.elf, LIMIT)).toEqual(only);
    expect(checkUpload('docs.zip', hostile.zip, LIMIT)).toEqual(only);
    // Allowed content under a name that is not allowed is refused too: the name is what people open.
    expect(checkUpload('statement.html', samples.pdf, LIMIT)).toEqual(only);
    expect(checkUpload('image.svg', samples.png, LIMIT)).toEqual(only);
  });

  it('refuses an empty file', () => {
    expect(checkUpload('statement.pdf', new Uint8Array(), LIMIT)).toEqual({ ok: false, problem: 'This file is empty.' });
  });

  it('refuses a file over the limit, saying both sizes', () => {
    const big = new Uint8Array(Math.round(12.4 * MB));
    big.set(samples.pdf);
    expect(checkUpload('big.pdf', big, LIMIT)).toEqual({ ok: false, problem: 'This file is 12.4 MB; the limit is 10 MB.' });
    // Just over the limit never reads as equal to it.
    const justOver = new Uint8Array(LIMIT + 1);
    justOver.set(samples.pdf);
    expect(checkUpload('big.pdf', justOver, LIMIT)).toEqual({ ok: false, problem: 'This file is 10.1 MB; the limit is 10 MB.' });
    const atLimit = new Uint8Array(LIMIT);
    atLimit.set(samples.pdf);
    expect(checkUpload('ok.pdf', atLimit, LIMIT).ok).toBe(true);
    expect(checkUpload('small.pdf', samples.pdf, 10)).toEqual({ ok: false, problem: `This file is ${samples.pdf.length} bytes; the limit is 10 bytes.` });
    expect(checkUpload('small.pdf', new Uint8Array(3000).fill(0x25), 2048)).toEqual({ ok: false, problem: 'This file is 3 KB; the limit is 2 KB.' });
  });
});

describe('safeFileName', () => {
  it('keeps an ordinary name and ensures the extension', () => {
    expect(safeFileName('Bank statement (May).pdf', 'pdf')).toBe('Bank statement (May).pdf');
    expect(safeFileName('PHOTO.JPG', 'jpg')).toBe('PHOTO.jpg');
    expect(safeFileName('scan', 'png')).toBe('scan.png');
    expect(safeFileName('statement.html', 'pdf')).toBe('statement.html.pdf');
  });

  it('strips paths of either kind', () => {
    expect(safeFileName('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
    expect(safeFileName('..\\..\\Windows\\system32\\evil.pdf', 'pdf')).toBe('evil.pdf');
    expect(safeFileName('C:\\Users\\ana\\Desktop\\W-2 2025.pdf', 'pdf')).toBe('W-2 2025.pdf');
    expect(safeFileName('/', 'pdf')).toBe('document.pdf');
    expect(safeFileName('..', 'pdf')).toBe('document.pdf');
    expect(safeFileName('...pdf', 'pdf')).toBe('document.pdf');
  });

  it('drops control characters and replaces anything outside a small set', () => {
    expect(safeFileName('a\u0000b\u0007c.pdf', 'pdf')).toBe('abc.pdf');
    expect(safeFileName('line\r\nbreak\tand   spaces.pdf', 'pdf')).toBe('line break and spaces.pdf');
    expect(safeFileName('<img src=x onerror=alert(1)>.png', 'png')).toBe('_img src_x onerror_alert(1)_.png');
    // The "/" of "</script>" is a path separator, so only what follows it survives.
    expect(safeFileName('<script>alert(1)</script>.png', 'png')).toBe('script_.png');
    expect(safeFileName('a"b;c\'d%e*f?.pdf', 'pdf')).toBe('a_b_c_d_e_f_.pdf');
    // Right-to-left override used to disguise "invoice‮fdp.exe".
    expect(safeFileName('invoice\u202Efdp.exe', 'pdf')).toBe('invoice_fdp.exe.pdf');
    expect(safeFileName('.hidden.pdf', 'pdf')).toBe('hidden.pdf');
  });

  it('keeps letters of any script', () => {
    expect(safeFileName('Relevé de compte – mai.pdf', 'pdf')).toBe('Relevé de compte _ mai.pdf');
    expect(safeFileName('身分証明書.jpg', 'jpg')).toBe('身分証明書.jpg');
  });

  it('caps the length at 120 characters without splitting a character', () => {
    const long = safeFileName(`${'a'.repeat(300)}.pdf`, 'pdf');
    expect(long).toHaveLength(120);
    expect(long.endsWith('.pdf')).toBe(true);
    const emoji = safeFileName('名'.repeat(200), 'heic');
    expect(Array.from(emoji)).toHaveLength(120);
    expect(emoji.endsWith('.heic')).toBe(true);
  });

  it('is never empty', () => {
    expect(safeFileName('', 'pdf')).toBe('document.pdf');
    expect(safeFileName('   ', 'tiff')).toBe('document.tiff');
    expect(safeFileName('\u0000\u0001', 'png')).toBe('document.png');
    expect(safeFileName('x', '')).toBe('x.bin');
  });
});

describe('contentDisposition', () => {
  it('gives a plain name as is', () => {
    expect(contentDisposition('statement.pdf')).toBe(`attachment; filename="statement.pdf"; filename*=UTF-8''statement.pdf`);
  });

  it('encodes unicode names per RFC 5987 with an ASCII fallback', () => {
    expect(contentDisposition('Relevé – mai.pdf')).toBe(
      `attachment; filename="Releve _ mai.pdf"; filename*=UTF-8''Relev%C3%A9%20%E2%80%93%20mai.pdf`,
    );
    expect(contentDisposition('身分証.jpg')).toBe(`attachment; filename="___.jpg"; filename*=UTF-8''%E8%BA%AB%E5%88%86%E8%A8%BC.jpg`);
    expect(contentDisposition('😀.png')).toContain(`filename*=UTF-8''%F0%9F%98%80.png`);
  });

  it('never lets quotes, backslashes or line breaks through unescaped', () => {
    const header = contentDisposition('a"b\\c\r\nSet-Cookie: x=1; y\'(z)*%.pdf');
    const quoted = /filename="([^"]*)"/.exec(header)![1]!;
    expect(quoted).toBe('a_b_c__Set-Cookie: x=1; y\'(z)*_.pdf');
    expect(header).not.toMatch(/[\r\n\\]/);
    expect(header.match(/"/g)).toHaveLength(2);
    const star = header.split("filename*=UTF-8''")[1]!;
    // Only RFC 5987 attr-chars and percent escapes.
    expect(star).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(decodeURIComponent(star)).toBe('a"b\\c\r\nSet-Cookie: x=1; y\'(z)*%.pdf');
  });

  it('survives a lone surrogate', () => {
    expect(contentDisposition('bad\uD800.pdf')).toContain(`filename*=UTF-8''bad%EF%BF%BD.pdf`);
  });
});
