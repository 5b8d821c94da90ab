/**
 * Message bodies as plain text. Our own emails keep a plain-text part written for reading, but
 * imported or provider-forwarded bodies can carry HTML: staff pages show them without markup.
 */

// A real tag: a name, then a space, a slash or the end (so <https://…> and <name@example.com> stay).
const TAG_SOURCE = String.raw`<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>`;
const TAG = new RegExp(TAG_SOURCE, 'g');
const ANY_MARKUP = new RegExp(`${TAG_SOURCE}|<!--|<![a-zA-Z]`);
const BLOCK_BREAK = /<(?:br|\/p|\/div|\/li|\/tr|\/h[1-6]|\/table|\/blockquote)\b[^<>]*>/gi;
const HIDDEN = /<(script|style|head|title)\b[^<>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const DECLARATION = /<![a-zA-Z][^<>]*>/g;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', copy: '©', reg: '®' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** Whether the text carries HTML markup (a tag, a comment or a declaration). */
export function hasMarkup(text: string): boolean {
  return ANY_MARKUP.test(text);
}

/**
 * The text without HTML: hidden parts (scripts, styles, the head) dropped, block ends as line
 * breaks, tags removed and entities decoded. Text without markup is returned as it is, but with
 * its line endings normalised.
 */
export function plainText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n');
  if (!hasMarkup(lines)) return lines;
  const stripped = lines.replace(COMMENT, '').replace(HIDDEN, '').replace(DECLARATION, '').replace(BLOCK_BREAK, '\n').replace(TAG, '');
  return decodeEntities(stripped)
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * At most `max` characters of the plain text on one line (whitespace runs collapsed), never
 * cutting a character in two; `truncated` says whether there was more.
 */
export function excerpt(text: string, max = 500): { text: string; truncated: boolean } {
  const flat = plainText(text).replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? { text: flat, truncated: false } : { text: chars.slice(0, max).join('').trimEnd(), truncated: true };
}
