/**
 * htmlToText and sanitizeHtml's no-markup shortcut give what sanitize-html gives. The reference below is the
 * former htmlToText (sanitize-html with no allowed tags, then its escapes undone), kept here as the oracle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sanitize from 'sanitize-html';
import { describe, expect, it } from 'vitest';
import { htmlToText, sanitizeHtml, sanitizeOptions } from '../../../src/core/sanitize';
import { bound } from '../../../src/core/normalize';
import { parseFeed } from '../../../src/core/parse';

const DROP = ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'title', 'head', 'select', 'button'];
const BLOCK = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|pre|hr|dd|dt|figure|figcaption)\b[^>]*>/gi;

function reference(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, ' ').trim();
  return sanitize(html.replace(BLOCK, ' $& '), { allowedTags: [], allowedAttributes: {}, nonTextTags: DROP })
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#0?39;/g, "'").replace(/&amp;/g, '&')
    .replace(/[\s\u00a0]+/g, ' ').trim();
}

const CASES = [
  'plain text', '  spaced\n\ttext  ', 'a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#039; &amp;quot; &amp;amp;', '&nbsp;x&nbsp;&euro;&#x20AC;&#8364;',
  '<p>one</p><p>two<br>three</p>', '<b>bold</b><i>it</i>alic', '<script>alert(1)</script>after', '<style>p{}</style>s',
  '<option>a<b>c</b>d</option>e', '<select><option>x</option></select>y', '<textarea>&lt;b&gt;</textarea>t', '<title>T</title>body',
  '<svg><g><text>x</text></g></svg>z', '<math><mi>x</mi></math>m', '<noscript><img src=x></noscript>n', '<iframe src="x">i</iframe>j',
  '<div>unclosed <span>nest', '</b>stray close', '<option>a</b>c</option>d', '<p>a<option>b<p>c</option>d', '<!-- c -->x<![CDATA[y]]>z',
  'a < b and c > d', '<a href="x">link</a> &unknown; &amp', 'tab\u00a0nbsp', '<br/><br />x', '<<>>', '<img alt="a">after', 'x\u0000y',
  '<ul><li>1</li><li>2</li></ul>', '<h1>Head</h1>text', '<template><p>t</p></template>v', '<head><title>x</title></head><body>b</body>',
  '<button>b</button>after', '<object><embed src=x></object>o', '&lt;script&gt;alert(1)&lt;/script&gt;', '<p>中国과 한국</p>',
];

describe('htmlToText', () => {
  it.each(CASES)('equals the sanitize-html text of %j', (html) => {
    expect(htmlToText(html)).toBe(reference(html));
  });

  it('equals the sanitize-html text of every field of the fixture feeds', () => {
    const dir = join(import.meta.dirname, '../../fixtures');
    const fields: string[] = [];
    for (const sub of ['e2e', 'feeds']) {
      for (const name of readdirSync(join(dir, sub))) {
        const feed = parseFeed(readFileSync(join(dir, sub, name)), undefined, { source: { id: 's', name: 's', url: 'https://x.example/' }, now: new Date(0) });
        for (const s of feed.stories) fields.push(s.title, s.summary, s.content ?? '');
      }
    }
    for (const f of fields) expect(htmlToText(f)).toBe(reference(f));
  });
});

describe('htmlToText with a limit', () => {
  const long = [
    `<p>${'word '.repeat(3000)}</p>`,
    `${'<b>x</b>   \n'.repeat(4000)}<script>${'s'.repeat(9000)}</script>tail`,
    `<div>${'한국과 중국 '.repeat(2000)}</div>${' '.repeat(10000)}`,
    `${'a'.repeat(4095)}&amp;${'b '.repeat(3000)}`,
    `<p>short</p>${'<i></i>'.repeat(5000)}   `,
  ];
  it.each(long.map((h, i) => [i, h]))('bounds case %i as the whole text does', (_i, html) => {
    for (const max of [1, 120, 500, 1000, 4096]) {
      const cut = htmlToText(html as string, max);
      expect(bound(cut, max)).toBe(bound(reference(html as string), max));
      expect(reference(html as string).startsWith(cut.trimEnd())).toBe(true);
    }
  });
});

describe('sanitizeHtml without markup', () => {
  it.each(['plain "quoted" text', '  with spaces  ', 'x\u0000y', "it's"])('returns %j as sanitize-html does', (text) => {
    expect(sanitizeHtml(text, 'https://x.example/')).toBe(sanitize(text).trim());
    expect(sanitizeHtml(text)).toBe(sanitize(text).trim());
  });
});

describe('sanitizeHtml on plain markup (tags without attributes)', () => {
  const oracle = (html: string): string => sanitize(html, sanitizeOptions()).trim();
  it.each([
    '<p>one</p><p>two<br>three</p>', '<b>x</b> &amp; <i>y</i> &lt;z&gt; &quot;q&quot; &nbsp;&euro;', '<p>a<p>b', '</p>stray', '</br>x',
    '<b><i>x</b>y</i>', '<ul><li>a<li>b</ul>', '<div><span>x</div></span>', '<h1>T</h1><hr>after<hr/>', '<P>Upper</P><BR>',
    '<blockquote><p>q</blockquote>', '  <p> spaced </p>  ', 'a > b &amp c', '<b>unclosed <i>nested', '<p/>x', '<strong>&#60;&#x3e;</strong>',
    '<em>\u00a0\u0000</em>', '<br \n>line', '<li>x</li></ul>', 'x &ampy &notit; &#0; &#xD800;',
  ])('%j as sanitize-html does', (html) => {
    expect(sanitizeHtml(html, 'https://x.example/a/')).toBe(oracle(html));
    expect(sanitizeHtml(html)).toBe(oracle(html));
  });

  it('gives what sanitize-html gives on 4,000 random documents of plain tags, text and entities', () => {
    let seed = 16;
    const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const tags = ['p', 'br', 'b', 'i', 'em', 'strong', 'li', 'ul', 'ol', 'blockquote', 'h2', 'div', 'span', 'hr', 'P', 'Br'];
    const bits = ['text', ' ', '\n', '&amp;', '&lt;', '&gt;', '&quot;', '&nbsp;', '&#169;', '&#x4e2d;', '&bogus;', '&amp', '>', '"', "'", '中国', '한국', '&'];
    for (let n = 0; n < 4000; n++) {
      let html = '';
      for (let k = Math.floor(rnd() * 12); k >= 0; k--) {
        const t = tags[Math.floor(rnd() * tags.length)]!;
        const r = rnd();
        html += r < 0.3 ? `<${t}>` : r < 0.5 ? `</${t}>` : r < 0.55 ? `<${t}/>` : bits[Math.floor(rnd() * bits.length)]!;
      }
      expect(sanitizeHtml(html, 'https://x.example/')).toBe(oracle(html));
    }
  });
});
