import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetParam, decodeFeedBytes } from '../../../src/core/decode';

const KO = '한국과 중국의 외교 관계가 새로운 국면에 들어섰다. 서울과 베이징이 정상회담을 열었다.';
const ZH_HANS = '中国与韩国的外交关系进入新阶段。首尔和北京举行了首脑会谈。';
const ZH_HANT = '中國與韓國的外交關係進入新階段。首爾和北京舉行了首腦會談。';
const JA = '日本と韓国の外交関係は新しい段階に入った。東京で首脳会談が開かれた。';
const FR = 'Café crème, déjà vu — « naïve » façon';
const FR_LATIN1 = 'Café crème, déjà vu « naïve » façon';

function feed(title: string, encodingDecl?: string): string {
  const decl = encodingDecl ? `<?xml version="1.0" encoding="${encodingDecl}"?>\n` : '';
  return `${decl}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;
}

describe('decodeFeedBytes', () => {
  it.each([
    // [charset as declared in the XML prolog, text, encoder]
    ['euc-kr', KO, 'euc-kr'],
    ['EUC-KR', KO, 'cp949'],
    ['ks_c_5601-1987', KO, 'cp949'],
    ['gb2312', ZH_HANS, 'gb2312'],
    ['gbk', ZH_HANS, 'gbk'],
    ['gb18030', ZH_HANS, 'gb18030'],
    ['big5', ZH_HANT, 'big5'],
    ['shift_jis', JA, 'shift_jis'],
    ['windows-1252', FR, 'windows-1252'],
    ['iso-8859-1', FR_LATIN1, 'latin1'],
  ])('decodes %s declared only in the XML prolog', (label, text, codec) => {
    // Prepare
    const body = iconv.encode(feed(text, label), codec);
    // Act
    const out = decodeFeedBytes(body);
    // Assess
    expect(out.evidence).toBe('xml');
    expect(out.charset).toBe(label.toLowerCase());
    expect(out.text).toContain(`<title>${text}</title>`);
    expect(out.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
  });

  it('reads ISO-8859-1 as windows-1252 (curly quotes in 0x80–0x9F)', () => {
    const body = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><t>don'), Buffer.from([0x92]), Buffer.from('t</t></rss>')]);
    expect(decodeFeedBytes(body).text).toContain('don’t');
  });

  it.each([
    ['utf-8', [0xef, 0xbb, 0xbf]],
    ['utf-16le', [0xff, 0xfe]],
    ['utf-16be', [0xfe, 0xff]],
    ['utf-32le', [0xff, 0xfe, 0, 0]],
    ['utf-32be', [0, 0, 0xfe, 0xff]],
  ])('honours a %s byte-order mark over a wrong declaration', (codec, bom) => {
    const body = Buffer.concat([Buffer.from(bom), iconv.encode(feed(KO, 'iso-8859-1'), codec)]);
    const out = decodeFeedBytes(body, 'text/xml; charset=windows-1252');
    expect(out).toMatchObject({ charset: codec, evidence: 'bom' });
    expect(out.text).toContain(KO);
    expect(out.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it.each(['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'])('recognises %s without a BOM', (codec) => {
    const out = decodeFeedBytes(iconv.encode(feed(ZH_HANS, codec.slice(0, 6)), codec));
    expect(out.charset).toBe(codec);
    expect(out.text).toContain(ZH_HANS);
  });

  it('recognises BOM-less UTF-16 with no declaration at all', () => {
    const out = decodeFeedBytes(iconv.encode(feed(KO), 'utf-16le'));
    expect(out).toMatchObject({ charset: 'utf-16le', evidence: 'detected' });
    expect(out.text).toContain(KO);
  });

  it('prefers the HTTP charset over the XML declaration', () => {
    const out = decodeFeedBytes(iconv.encode(feed(KO, 'utf-8'), 'euc-kr'), 'application/rss+xml; charset="EUC-KR"');
    expect(out).toMatchObject({ charset: 'euc-kr', evidence: 'http' });
    expect(out.text).toContain(KO);
  });

  it('skips an HTTP charset=utf-8 the bytes contradict and uses the XML prolog (Korean server default)', () => {
    const out = decodeFeedBytes(iconv.encode(feed(KO, 'euc-kr'), 'euc-kr'), 'text/xml; charset=utf-8');
    expect(out).toMatchObject({ charset: 'euc-kr', evidence: 'xml' });
    expect(out.text).toContain(KO);
  });

  it.each([
    ['euc-kr', KO, 'euc-kr'],
    ['gb18030', ZH_HANS + ZH_HANS, 'gb18030'],
    ['shift_jis', JA + JA, 'shift_jis'],
  ])('detects undeclared %s', (_name, text, codec) => {
    const out = decodeFeedBytes(iconv.encode(feed(text.repeat(3)), codec));
    expect(out.evidence).toBe('detected');
    expect(out.text).toContain(text);
  });

  it('defaults ASCII to utf-8 and detects undeclared UTF-8', () => {
    expect(decodeFeedBytes(Buffer.from(feed('plain'))).evidence).toBe('default');
    expect(decodeFeedBytes(Buffer.from(feed(KO)))).toMatchObject({ charset: 'utf-8', evidence: 'detected' });
  });

  it('ignores an unknown charset label and falls through to the next evidence', () => {
    const out = decodeFeedBytes(iconv.encode(feed(KO, 'euc-kr'), 'euc-kr'), 'text/xml; charset=x-bogus');
    expect(out).toMatchObject({ charset: 'euc-kr', evidence: 'xml' });
  });

  it.each([
    ['text/xml; charset=UTF-8', 'UTF-8'],
    ['application/xml;charset= "us-ascii"', 'us-ascii'],
    ["text/xml; charset='euc-kr'; q=1", 'euc-kr'],
    ['text/xml', undefined],
    [undefined, undefined],
  ])('charsetParam(%s) = %s', (ct, want) => {
    expect(charsetParam(ct)).toBe(want);
  });
});
