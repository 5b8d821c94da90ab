/**
 * What a borrower may upload, judged by the file's first bytes rather than its name or the browser's
 * Content-Type (both are chosen by the sender). Pure: runs on Workers and Node.
 */

export interface UploadType {
  mime: string;
  label: string;
  /** The first is the canonical one. */
  extensions: readonly string[];
}

export const ALLOWED_UPLOADS: readonly UploadType[] = [
  { mime: 'application/pdf', label: 'PDF', extensions: ['pdf'] },
  { mime: 'image/png', label: 'PNG', extensions: ['png'] },
  { mime: 'image/jpeg', label: 'JPEG', extensions: ['jpg', 'jpeg'] },
  { mime: 'image/heic', label: 'HEIC', extensions: ['heic', 'heif'] },
  { mime: 'image/webp', label: 'WebP', extensions: ['webp'] },
  { mime: 'image/tiff', label: 'TIFF', extensions: ['tiff', 'tif'] },
];

// ISO-BMFF major brands of HEIC/HEIF stills and sequences (ISO/IEC 23008-12); AVIF's "avif" is not one.
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return bytes.length < to ? '' : String.fromCharCode(...bytes.subarray(from, to));
}

function detectMime(bytes: Uint8Array): string | null {
  if (ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(bytes, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(bytes, 8, 12))) return 'image/heic';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  return null;
}

export function sniffType(bytes: Uint8Array): { mime: string; extension: string } | null {
  const mime = detectMime(bytes);
  const type = ALLOWED_UPLOADS.find((t) => t.mime === mime);
  return type ? { mime: type.mime, extension: type.extensions[0]! } : null;
}

function baseName(name: string): string {
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
}

/**
 * The extension after the last dot, lower case; '' when there is none. Text after the dot counts only
 * if it looks like an extension, so "Statement for J. Doe" or "Scan 2024.05.01" are judged by content.
 */
function extensionOf(name: string): string {
  const base = baseName(name).trim();
  const ext = base.slice(base.lastIndexOf('.') + 1).toLowerCase();
  return base.includes('.') && /^(?=[a-z0-9]*[a-z])[a-z0-9]{1,8}$/.test(ext) ? ext : '';
}

const MB = 1024 * 1024;

/** Sizes for people; rounded up so a file just over the limit never reads as equal to it. */
function describeSize(bytes: number, roundUp: boolean): string {
  const round = roundUp ? Math.ceil : Math.floor;
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < MB) return `${round(bytes / 1024)} KB`;
  return `${Number((round((bytes / MB) * 10) / 10).toFixed(1))} MB`;
}

const labels = ALLOWED_UPLOADS.map((t) => t.label);
const ONLY_ALLOWED = `Only ${labels.slice(0, -1).join(', ')} and ${labels.at(-1)} files can be uploaded.`;

export function checkUpload(
  fileName: string,
  bytes: Uint8Array,
  maxBytes: number,
): { ok: true; mime: string; extension: string } | { ok: false; problem: string } {
  if (bytes.length === 0) return { ok: false, problem: 'This file is empty.' };
  if (bytes.length > maxBytes) {
    return { ok: false, problem: `This file is ${describeSize(bytes.length, true)}; the limit is ${describeSize(maxBytes, false)}.` };
  }
  const named = extensionOf(fileName);
  const claimed = named ? ALLOWED_UPLOADS.find((t) => t.extensions.includes(named)) : undefined;
  if (named && !claimed) return { ok: false, problem: ONLY_ALLOWED };
  const found = sniffType(bytes);
  if (!found) {
    return { ok: false, problem: claimed ? `This file's name says .${named} but its content is not a ${claimed.label}.` : ONLY_ALLOWED };
  }
  if (claimed && claimed.mime !== found.mime) {
    return { ok: false, problem: `This file's name says .${named} but its content is not a ${claimed.label}.` };
  }
  // Keep the sender's spelling (.jpeg stays .jpeg) when it is right.
  return { ok: true, mime: found.mime, extension: claimed ? named : found.extension };
}

// Letters, marks and digits of any script plus a little punctuation: nothing a shell, a path or a
// header treats specially. Bidi overrides (U+202E) and other format characters are outside it.
const UNSAFE = /[^\p{L}\p{M}\p{N} ._()-]+/gu;
const MAX_NAME = 120;

export function safeFileName(name: string, extension: string): string {
  const ext = extension.toLowerCase().replace(/[^a-z0-9]/g, '') || 'bin';
  let base = baseName(name)
    .normalize('NFC')
    .replace(/\s+/gu, ' ')
    .replace(/\p{Cc}/gu, '')
    .replace(UNSAFE, '_')
    .trim();
  if (base.toLowerCase().endsWith(`.${ext}`)) base = base.slice(0, -(ext.length + 1));
  const room = MAX_NAME - ext.length - 1;
  // Cut by code point so a surrogate pair is never split; no leading dots (hidden files, "..").
  base = Array.from(base).slice(0, room).join('').replace(/^[\s.]+|[\s.]+$/g, '');
  return `${base || 'document'}.${ext}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** RFC 6266 header with an RFC 5987 UTF-8 name and a plain ASCII fallback for old clients. */
export function contentDisposition(fileName: string): string {
  const name = fileName.replace(LONE_SURROGATE, '\uFFFD').normalize('NFC');
  const fallback =
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      // Quotes and backslashes are replaced, not escaped: some clients ignore escapes. '%' too, as
      // some clients percent-decode the plain parameter.
      .replace(/[^\x20-\x7e]|["\\%]/g, '_') || 'download';
  // encodeURIComponent leaves ' ( ) * as they are; RFC 5987 attr-char does not allow them.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
