/**
 * Issue 14, item 4: decoding degrades per character, not per document. A stray invalid byte costs that
 * character (U+FFFD), not the feed; a declared charset that contradicts valid UTF-8 bytes loses; documents that
 * really are in a legacy charset (EUC-KR, GBK, Big5, windows-1252) still decode with it.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../../src/core/decode';
import { parseFeed } from '../../../src/core/parse';

const KO_TITLES = [
  '한중 정상회담, 서울에서 열려',
  '중국 외교부 "한국과 공급망 협력 강화"',
  '북핵 문제 두고 한국과 중국 외교장관 통화',
  '한중 FTA 2단계 협상 재개',
  '베이징 주재 한국 대사관, 영사 업무 확대',
];
const ZH_TITLES = ['中韩外长在北京举行会谈', '韩国总统访问上海', '中韩自贸协定第二阶段谈判重启'];
const ZH_HANT_TITLES = ['中韓外長在北京舉行會談', '韓國總統訪問台北', '中韓自貿協定第二階段談判重啟'];

const NOW = new Date('2024-06-01T00:00:00Z');
const ctx = () => ({ source: { id: 'src-ko', name: 'Korean wire', url: 'https://ko.example/rss.xml' }, now: NOW });

/** An RSS 2.0 document with one item per title; `decl` is the XML declaration's encoding, if any. */
function rss(titles: string[], decl?: string): string {
  const prolog = decl ? `<?xml version="1.0" encoding="${decl}"?>\n` : '';
  const items = titles
    .map(
      (t, i) =>
        `<item><title>${t}</title><link>https://ko.example/news/${i + 1}</link>` +
        `<guid>https://ko.example/news/${i + 1}</guid><pubDate>Fri, 31 May 2024 0${i}:00:00 GMT</pubDate>` +
        `<description>${t} — 기사 본문 요약.</description></item>`,
    )
    .join('\n');
  return `${prolog}<rss version="2.0"><channel><title>한국 뉴스</title><link>https://ko.example/</link>\n${items}\n</channel></rss>`;
}

/** The UTF-8 bytes of `text` with the last byte of the first occurrence of `char` (a multi-byte character) cut. */
function truncateChar(text: string, char: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const at = bytes.indexOf(Buffer.from(char, 'utf8'));
  expect(at).toBeGreaterThan(-1);
  const len = Buffer.byteLength(char, 'utf8');
  return Buffer.concat([bytes.subarray(0, at + len - 1), bytes.subarray(at + len)]);
}

/** The UTF-8 bytes of `text` with `stray` inserted just before the first occurrence of `before`. */
function insertBytes(text: string, before: string, stray: number[]): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const at = bytes.indexOf(Buffer.from(before, 'utf8'));
  expect(at).toBeGreaterThan(-1);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(stray), bytes.subarray(at)]);
}

const count = (s: string, c: string): number => s.split(c).length - 1;

describe('decodeFeedBytes: a few invalid bytes in UTF-8 cost those characters only', () => {
  it('a truncated 3-byte sequence becomes exactly one U+FFFD in place of that character', () => {
    // Prepare: '회' (EC 9A 8C) of the first title loses its last byte.
    const body = truncateChar(rss(KO_TITLES), '회');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).toThrow();
    // Act
    const out = decodeFeedBytes(body, 'application/rss+xml; charset=utf-8');
    // Assess
    expect(out).toMatchObject({ charset: 'utf-8', evidence: 'http' });
    expect(count(out.text, '\ufffd')).toBe(1);
    expect(out.text).toContain('<title>한중 정상\ufffd담, 서울에서 열려</title>');
    for (const t of KO_TITLES.slice(1)) expect(out.text).toContain(`<title>${t}</title>`);
  });

  it.each([
    ['no label', undefined, undefined, 'utf-8', 'detected'],
    ['an XML declaration of utf-8', undefined, 'utf-8', 'utf-8', 'xml'],
    ['a header of EUC-KR', 'text/xml; charset=EUC-KR', undefined, 'utf-8', 'detected'],
    ['a header of windows-1252', 'text/xml; charset=windows-1252', undefined, 'utf-8', 'detected'],
  ])('the same truncated feed with %s is still UTF-8', (_name, contentType, decl, charset, evidence) => {
    const out = decodeFeedBytes(truncateChar(rss(KO_TITLES, decl), '회'), contentType);
    expect(out).toMatchObject({ charset, evidence });
    expect(count(out.text, '\ufffd')).toBe(1);
    for (const t of KO_TITLES.slice(1)) expect(out.text).toContain(`<title>${t}</title>`);
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['a byte never used by UTF-8', [0xff]],
    ['a windows-1252 apostrophe', [0x92]],
    ['a lead byte without its continuation', [0xe4]],
  ])('%s in Chinese UTF-8 becomes one U+FFFD and nothing else changes', (_name, stray) => {
    const body = insertBytes(rss(ZH_TITLES, 'UTF-8'), '访问', stray);
    const out = decodeFeedBytes(body);
    expect(out).toMatchObject({ charset: 'utf-8', evidence: 'xml' });
    expect(count(out.text, '\ufffd')).toBe(1);
    expect(out.text).toContain('<title>韩国总统\ufffd访问上海</title>');
    expect(out.text).toContain(`<title>${ZH_TITLES[0]}</title>`);
    expect(out.text).toContain(`<title>${ZH_TITLES[2]}</title>`);
  });

  it('a body cut in the middle of its last character keeps everything before it', () => {
    const full = Buffer.from(rss(KO_TITLES) + '\n<!-- 끝 -->', 'utf8');
    const out = decodeFeedBytes(full.subarray(0, full.length - ' -->'.length - 1));
    expect(out.charset).toBe('utf-8');
    expect(out.text.endsWith('<!-- \ufffd')).toBe(true);
    for (const t of KO_TITLES) expect(out.text).toContain(`<title>${t}</title>`);
  });

  it('a handful of bad bytes among many good sequences is still UTF-8', () => {
    const good = Buffer.from(rss(KO_TITLES), 'utf8');
    const cuts = ['정상', '공급망', '영사'].map((c) => good.indexOf(Buffer.from(c, 'utf8'))).sort((a, b) => a - b);
    const body = Buffer.concat([
      good.subarray(0, cuts[0]),
      ...cuts.map((at, i) => Buffer.concat([Buffer.from([0xc0]), good.subarray(at, cuts[i + 1] ?? good.length)])),
    ]);
    const out = decodeFeedBytes(body);
    expect(out).toMatchObject({ charset: 'utf-8', evidence: 'detected' });
    expect(count(out.text, '\ufffd')).toBe(3);
    expect(out.text).toContain('<title>한중 \ufffd정상회담, 서울에서 열려</title>');
    expect(out.text).toContain('<title>중국 외교부 "한국과 \ufffd공급망 협력 강화"</title>');
    expect(out.text).toContain('<title>베이징 주재 한국 대사관, \ufffd영사 업무 확대</title>');
    expect(out.text).toContain(`<title>${KO_TITLES[2]}</title>`);
    expect(out.text).toContain(`<title>${KO_TITLES[3]}</title>`);
  });
});

describe('decodeFeedBytes: valid UTF-8 beats a label that contradicts it', () => {
  const body = Buffer.from(rss(KO_TITLES), 'utf8');

  it.each([
    ['text/xml; charset=iso-8859-1'],
    ['application/rss+xml; charset="ISO-8859-1"'],
    ['text/xml; charset=windows-1252'],
    ['text/xml; charset=us-ascii'],
    ['text/xml; charset=euc-kr'],
    ['text/xml; charset=gbk'],
    ['text/xml; charset=big5'],
    ['text/xml; charset=utf-16'],
  ])('header %s on a valid UTF-8 Korean feed', (contentType) => {
    const out = decodeFeedBytes(body, contentType);
    expect(out).toMatchObject({ charset: 'utf-8', evidence: 'detected' });
    for (const t of KO_TITLES) expect(out.text).toContain(`<title>${t}</title>`);
    expect(out.text).not.toContain('\ufffd');
  });

  it.each(['iso-8859-1', 'ISO-8859-1', 'windows-1252', 'us-ascii', 'euc-kr', 'gb2312'])(
    'XML declaration %s on a valid UTF-8 Korean feed',
    (decl) => {
      const out = decodeFeedBytes(Buffer.from(rss(KO_TITLES, decl), 'utf8'));
      expect(out).toMatchObject({ charset: 'utf-8', evidence: 'detected' });
      for (const t of KO_TITLES) expect(out.text).toContain(`<title>${t}</title>`);
      expect(out.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    },
  );

  it('header and XML declaration both iso-8859-1 on valid UTF-8', () => {
    const out = decodeFeedBytes(Buffer.from(rss(KO_TITLES, 'iso-8859-1'), 'utf8'), 'text/xml; charset=iso-8859-1');
    expect(out).toMatchObject({ charset: 'utf-8', evidence: 'detected' });
    expect(out.text).toContain(`<title>${KO_TITLES[0]}</title>`);
  });

  it('a wrong header loses to the XML declaration that agrees with the bytes', () => {
    const out = decodeFeedBytes(Buffer.from(rss(ZH_TITLES, 'utf-8'), 'utf8'), 'text/xml; charset=iso-8859-1');
    expect(out).toMatchObject({ charset: 'utf-8', evidence: 'xml' });
    for (const t of ZH_TITLES) expect(out.text).toContain(`<title>${t}</title>`);
  });

  it.each([['text/xml; charset=iso-8859-1'], ['text/xml; charset=euc-kr']])(
    'header %s on an English feed with a few Korean words (bytes windows-1252 reads without complaint)',
    (contentType) => {
      const titles = ['Talks in 서울 resume', 'Beijing and 서울 agree on supply chains'];
      const out = decodeFeedBytes(Buffer.from(`<rss><channel>${titles.map((t) => `<item><title>${t}</title></item>`).join('')}</channel></rss>`), contentType);
      expect(out).toMatchObject({ charset: 'utf-8', evidence: 'detected' });
      for (const t of titles) expect(out.text).toContain(`<title>${t}</title>`);
    },
  );

  it('one accented letter is enough against a Latin-1 label', () => {
    const out = decodeFeedBytes(Buffer.from('<rss><channel><title>Café talks in Seoul</title></channel></rss>'), 'text/xml; charset=iso-8859-1');
    expect(out).toMatchObject({ charset: 'utf-8', evidence: 'detected' });
    expect(out.text).toContain('<title>Café talks in Seoul</title>');
  });

  it('an ASCII-only body keeps its label (no UTF-8 evidence either way)', () => {
    const ascii = '<?xml version="1.0" encoding="iso-8859-1"?><rss><channel><title>Seoul and Beijing</title></channel></rss>';
    const out = decodeFeedBytes(Buffer.from(ascii), 'text/xml; charset=iso-8859-1');
    expect(out).toMatchObject({ charset: 'iso-8859-1', evidence: 'http' });
  });
});

describe('decodeFeedBytes: legacy charsets still decode with their charset', () => {
  it.each([
    ['euc-kr', KO_TITLES, 'euc-kr'],
    ['EUC-KR', KO_TITLES, 'cp949'],
    ['gbk', ZH_TITLES, 'gbk'],
    ['gb2312', ZH_TITLES, 'gb2312'],
    ['big5', ZH_HANT_TITLES, 'big5'],
  ])('an %s feed declared in the XML prolog', (label, titles, codec) => {
    const out = decodeFeedBytes(iconv.encode(rss(titles, label), codec));
    expect(out).toMatchObject({ charset: label.toLowerCase(), evidence: 'xml' });
    for (const t of titles) expect(out.text).toContain(`<title>${t}</title>`);
    expect(out.text).not.toContain('\ufffd');
  });

  it.each([
    ['euc-kr', KO_TITLES],
    ['gbk', ZH_TITLES],
    ['big5', ZH_HANT_TITLES],
  ])('an %s feed declared in the header, with an XML declaration of utf-8', (codec, titles) => {
    const out = decodeFeedBytes(iconv.encode(rss(titles, 'utf-8'), codec), `text/xml; charset=${codec}`);
    expect(out).toMatchObject({ charset: codec, evidence: 'http' });
    for (const t of titles) expect(out.text).toContain(`<title>${t}</title>`);
  });

  it('an EUC-KR feed behind a charset=utf-8 header (Korean server default) is still EUC-KR', () => {
    const out = decodeFeedBytes(iconv.encode(rss(KO_TITLES, 'euc-kr'), 'euc-kr'), 'text/xml; charset=utf-8');
    expect(out).toMatchObject({ charset: 'euc-kr', evidence: 'xml' });
    for (const t of KO_TITLES) expect(out.text).toContain(`<title>${t}</title>`);
  });

  it('an undeclared EUC-KR feed is detected, not read as UTF-8', () => {
    const out = decodeFeedBytes(iconv.encode(rss(KO_TITLES), 'euc-kr'));
    expect(out.evidence).toBe('detected');
    for (const t of KO_TITLES) expect(out.text).toContain(`<title>${t}</title>`);
  });

  it('one EUC-KR character that happens to be well-formed UTF-8 does not override a CJK label', () => {
    // '카' is C4 AB in EUC-KR, which is also the UTF-8 encoding of 'ī'.
    const body = iconv.encode('<?xml version="1.0" encoding="euc-kr"?><rss><channel><title>카</title></channel></rss>', 'euc-kr');
    expect(new TextDecoder('utf-8', { fatal: true }).decode(body)).toContain('ī');
    const out = decodeFeedBytes(body);
    expect(out).toMatchObject({ charset: 'euc-kr', evidence: 'xml' });
    expect(out.text).toContain('<title>카</title>');
  });

  it('windows-1252 text with a stray UTF-8-looking pair stays windows-1252', () => {
    // Two bytes that read as UTF-8 'é' (C3 A9) among four Latin-1 letters: below the UTF-8 share.
    const body = Buffer.concat([
      iconv.encode('<rss><channel><title>Déjà vu à Séoul, ', 'windows-1252'),
      Buffer.from([0xc3, 0xa9]),
      Buffer.from('</title></channel></rss>'),
    ]);
    const out = decodeFeedBytes(body, 'text/xml; charset=windows-1252');
    expect(out).toMatchObject({ charset: 'windows-1252', evidence: 'http' });
    expect(out.text).toContain('<title>Déjà vu à Séoul, Ã©</title>');
  });
});

describe('parseFeed: one bad byte no longer hides a Korean feed', () => {
  it('the intact 5-item feed gives 5 stories', () => {
    const feed = parseFeed(Buffer.from(rss(KO_TITLES), 'utf8'), 'application/rss+xml; charset=utf-8', ctx());
    expect(feed.stories.map((s) => s.title)).toEqual(KO_TITLES);
  });

  it('with one truncated sequence it still gives 5 stories, one character replaced', () => {
    // '협' (ED 98 91) of the second title loses its last byte.
    const body = truncateChar(rss(KO_TITLES), '협');
    const feed = parseFeed(body, 'application/rss+xml; charset=utf-8', ctx());
    expect(feed.title).toBe('한국 뉴스');
    expect(feed.stories).toHaveLength(5);
    expect(feed.stories.map((s) => s.title)).toEqual([
      KO_TITLES[0],
      '중국 외교부 "한국과 공급망 \ufffd력 강화"',
      KO_TITLES[2],
      KO_TITLES[3],
      KO_TITLES[4],
    ]);
    expect(feed.stories.map((s) => s.link)).toEqual([1, 2, 3, 4, 5].map((i) => `https://ko.example/news/${i}`));
  });

  it('a valid UTF-8 feed served as iso-8859-1 keeps its Korean titles', () => {
    const feed = parseFeed(Buffer.from(rss(KO_TITLES, 'iso-8859-1'), 'utf8'), 'text/xml; charset=iso-8859-1', ctx());
    expect(feed.title).toBe('한국 뉴스');
    expect(feed.stories.map((s) => s.title)).toEqual(KO_TITLES);
  });

  it('an English feed with Korean place names served as iso-8859-1 is not garbled', () => {
    const titles = ['Talks in 서울 resume', 'Beijing and 서울 agree on supply chains'];
    const items = titles.map((t, i) => `<item><title>${t}</title><link>https://en.example/${i}</link></item>`).join('');
    const body = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Wire</title>${items}</channel></rss>`);
    const feed = parseFeed(body, 'application/rss+xml; charset=ISO-8859-1', ctx());
    expect(feed.stories.map((s) => s.title)).toEqual(titles);
  });

  it('an EUC-KR feed still parses to its Korean titles', () => {
    const feed = parseFeed(iconv.encode(rss(KO_TITLES, 'euc-kr'), 'euc-kr'), 'text/xml', ctx());
    expect(feed.stories.map((s) => s.title)).toEqual(KO_TITLES);
  });
});
