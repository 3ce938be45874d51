import { describe, expect, it } from 'vitest';
import { decodeHtmlEntity, htmlToText, sanitizeHtml } from '../../../src/core/sanitize';

describe('sanitizeHtml', () => {
  it.each([
    ['drops script with its content', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['drops event handlers', '<img src="https://x.test/a.png" onerror="alert(1)">', '<img src="https://x.test/a.png" />'],
    ['drops javascript: links', '<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['drops obfuscated javascript: links', '<a href="  JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
    ['drops data: images', '<img src="data:text/html;base64,PHNjcmlwdD4=">', '<img />'],
    ['drops style attributes and elements', '<p style="x:expression(1)">a</p><style>p{}</style>', '<p>a</p>'],
    ['drops iframes with content', '<iframe src="https://evil.test">x</iframe>ok', 'ok'],
    ['drops svg with nested script', '<svg><script>alert(1)</script></svg>ok', 'ok'],
    ['keeps structure', '<p>a <b>b</b> <a href="https://x.test/" title="t">c</a></p>', '<p>a <b>b</b> <a href="https://x.test/" title="t">c</a></p>'],
  ])('%s', (_label, html, want) => {
    expect(sanitizeHtml(html)).toBe(want);
  });

  it('makes relative URLs absolute against the base', () => {
    const out = sanitizeHtml('<a href="/story/1">s</a><img src="pic.jpg">', 'https://news.test/section/item');
    expect(out).toBe('<a href="https://news.test/story/1">s</a><img src="https://news.test/section/pic.jpg" />');
  });
});

describe('htmlToText', () => {
  it.each([
    ['AT&amp;T &lt;b&gt; &euro; &#8217; &#x2019;', 'AT&T <b> € ’ ’'],
    ['<p>one</p><p>two</p>', 'one two'],
    ['a<br>b', 'a b'],
    ['<b>bold</b>  and\n\n <i>italic</i>', 'bold and italic'],
    ['x<script>var a = "<b>";</script>y', 'xy'],
    ['plain text, no markup', 'plain text, no markup'],
    ['5 < 6 and 7 > 3', '5 < 6 and 7 > 3'],
  ])('%j → %j', (html, want) => {
    expect(htmlToText(html)).toBe(want);
  });
});

describe('decodeHtmlEntity', () => {
  it.each([
    ['euro', '€'],
    ['nbsp', '\u00a0'],
    ['hellip', '…'],
    ['notanentity', undefined],
  ])('%s → %j', (name, want) => {
    expect(decodeHtmlEntity(name)).toBe(want);
  });
});
