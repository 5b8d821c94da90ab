import { describe, expect, it } from 'vitest';
import { excerpt, hasMarkup, plainText } from './plain-text';

describe('plain text of a message body', () => {
  it('leaves text without markup as it is, links and addresses in angle brackets included', () => {
    const text = 'Hello Jordan,\r\n\r\nSee <https://demo.example/pay> or write to <help@sunrise.example>.\nA & B < C';
    expect(hasMarkup(text)).toBe(false);
    expect(plainText(text)).toBe('Hello Jordan,\n\nSee <https://demo.example/pay> or write to <help@sunrise.example>.\nA & B < C');
  });

  it('removes tags, comments, scripts and styles, keeps block ends as line breaks and decodes entities', () => {
    const html = '<!doctype html><html><head><title>T</title><style>p{color:red}</style></head><body><!-- note --><p>Hello <b>Jordan</b>,</p><p>Pay &amp; relax&nbsp;&mdash; &#36;12.00 &#x2713;</p><script>alert(1)</script><br/>Bye</body></html>';
    expect(hasMarkup(html)).toBe(true);
    expect(plainText(html)).toBe('Hello Jordan,\nPay & relax — $12.00 ✓\n\nBye');
  });

  it('decoded text that looks like a tag stays text (it is escaped when shown), not markup run again', () => {
    expect(plainText('<p>&lt;script&gt;x&lt;/script&gt;</p>')).toBe('<script>x</script>');
  });

  it('cuts an excerpt at the limit on one line, without splitting a character, and says so', () => {
    const long = `<div>${'word '.repeat(200)}</div>`;
    const cut = excerpt(long, 500);
    expect(cut.truncated).toBe(true);
    expect(cut.text.length).toBeLessThanOrEqual(500);
    expect(cut.text).not.toContain('<');
    expect(cut.text.startsWith('word word')).toBe(true);
    expect(excerpt('Short\n\nnote', 500)).toEqual({ text: 'Short note', truncated: false });
    const emoji = excerpt('😀'.repeat(10), 4);
    expect(emoji).toEqual({ text: '😀😀😀😀', truncated: true });
  });
});
