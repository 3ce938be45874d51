/**
 * Feed bytes → text. The charset is chosen from the strongest evidence present, in this order:
 *
 *   1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE)                         evidence 'bom'
 *   2. the HTTP Content-Type `charset` parameter                                       evidence 'http'
 *   3. the XML declaration's `encoding` (read through the UTF-16/32 byte pattern of     evidence 'xml'
 *      `<?xml` when there is no BOM, XML 1.0 Appendix F)
 *   4. detection: valid UTF-8 → utf-8, otherwise jschardet                            evidence 'detected'
 *   5. nothing usable: utf-8 for ASCII, windows-1252 for 8-bit text                    evidence 'default'
 *
 * "Better on charsets" than taking the first label: a label (2 or 3) is only trusted when the bytes are
 * plausible for it — a `charset=utf-8` header on EUC-KR bytes (a common server default) or `us-ascii` on 8-bit
 * bytes is skipped and the next evidence decides. Labels are decoded with their superset (the WHATWG Encoding
 * practice): ISO-8859-1/US-ASCII → windows-1252, EUC-KR → CP949, GB2312/GBK → GB18030, Shift_JIS → CP932,
 * Big5 → CP950. The reported `charset` is the label as found (lower-case), or the detected name.
 *
 * The returned text has no BOM and its XML declaration says encoding="UTF-8", so no later parser re-decodes it.
 */
import iconv from 'iconv-lite';
import jschardet from 'jschardet';

export type CharsetEvidence = 'bom' | 'http' | 'xml' | 'detected' | 'default';

export interface DecodedFeed {
  text: string;
  charset: string;
  evidence: CharsetEvidence;
}

const SUPERSETS: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'l1': 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'euc-kr': 'cp949',
  'x-euc-kr': 'cp949',
  'ks_c_5601-1987': 'cp949',
  'ks_c_5601': 'cp949',
  'uhc': 'cp949',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'euc-cn': 'gb18030',
  'shift_jis': 'cp932',
  'shift-jis': 'cp932',
  sjis: 'cp932',
  'x-sjis': 'cp932',
  'windows-31j': 'cp932',
  big5: 'cp950',
  'x-big5': 'cp950',
};

/** The iconv-lite codec for a charset label, or undefined when the label is unknown. */
function codecFor(label: string): string | undefined {
  const l = label.trim().toLowerCase();
  const codec = SUPERSETS[l] ?? l;
  return iconv.encodingExists(codec) ? codec : undefined;
}

export function decodeFeedBytes(body: Buffer, contentType?: string): DecodedFeed {
  const bom = sniffBom(body);
  if (bom) return finish(iconv.decode(body.subarray(bom.length), bom.codec), bom.codec, 'bom');

  const wide = sniffWide(body);
  const httpLabel = charsetParam(contentType);
  // A UTF-16/32 byte pattern beats an ASCII-family HTTP label: such a label cannot describe these bytes.
  if (httpLabel && !(wide && !/^utf-?(16|32)/i.test(httpLabel))) {
    const decoded = tryLabel(body, httpLabel, wide);
    if (decoded) return finish(decoded.text, reported(httpLabel, decoded.codec), 'http');
  }

  const head = wide ? iconv.decode(body.subarray(0, 512), wide) : body.subarray(0, 1024).toString('latin1');
  const xmlLabel = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
  if (xmlLabel) {
    const decoded = tryLabel(body, xmlLabel, wide);
    if (decoded) return finish(decoded.text, reported(xmlLabel, decoded.codec), 'xml');
  }
  if (wide) return finish(iconv.decode(body, wide), wide, 'detected');

  if (isAscii(body)) return finish(body.toString('utf8'), 'utf-8', 'default');
  const utf8 = strictUtf8(body);
  if (utf8 !== undefined) return finish(utf8, 'utf-8', 'detected');
  const guess = detect(body);
  if (guess) return finish(iconv.decode(body, codecFor(guess)!), guess, 'detected');
  return finish(iconv.decode(body, 'windows-1252'), 'windows-1252', 'default');
}

function tryLabel(body: Buffer, label: string, wide: string | undefined): { text: string; codec: string } | undefined {
  const l = label.toLowerCase();
  let codec = codecFor(l);
  // "utf-16"/"utf-32" without a BOM: the byte order comes from the `<` pattern (big-endian by default).
  if (l === 'utf-16' || l === 'utf16' || l === 'utf_16' || l === 'ucs-2') codec = wide?.startsWith('utf-16') ? wide : 'utf-16be';
  if (l === 'utf-32' || l === 'utf32' || l === 'utf_32' || l === 'ucs-4') codec = wide?.startsWith('utf-32') ? wide : 'utf-32be';
  if (!codec) return undefined;
  if ((l === 'us-ascii' || l === 'ascii') && !isAscii(body)) return undefined;
  // UTF-8 is decoded strictly: invalid bytes mean the label is wrong (the strict decode is the decode).
  const text = codec === 'utf-8' || codec === 'utf8' ? strictUtf8(body) : iconv.decode(body, codec);
  if (text === undefined) return undefined;
  return plausible(text) ? { text, codec } : undefined;
}

/** The label as found, except that a byte-order-less "utf-16"/"utf-32" names the byte order used. */
function reported(label: string, codec: string): string {
  return /^(utf[-_]?(16|32)|ucs-[24])$/i.test(label) ? codec : label.toLowerCase();
}

/** Too many U+FFFD replacement characters mean the bytes are not in this charset. */
function plausible(text: string): boolean {
  let bad = 0;
  for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) bad++;
  return bad <= Math.max(2, text.length / 1000);
}

/** What windows-1252 means by each C1 code point (U+0080–U+009F); the five it leaves undefined stay as they are. */
const C1_AS_WINDOWS_1252 = new Map(
  Array.from({ length: 0x20 }, (_, i): [string, string] => {
    const fixed = iconv.decode(Buffer.from([0x80 + i]), 'windows-1252');
    const c1 = String.fromCharCode(0x80 + i);
    return [c1, fixed === '\ufffd' ? c1 : fixed];
  }),
);

/**
 * C1 controls (U+0080–U+009F) never belong in feed text; they are windows-1252 punctuation that went through a
 * Latin-1 → UTF-8 conversion ("don\u0092t"). Map them to what windows-1252 meant (’ “ ” – — € …).
 */
export function demoronize(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => C1_AS_WINDOWS_1252.get(c)!);
}

function finish(decoded: string, charset: string, evidence: CharsetEvidence): DecodedFeed {
  let text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  if (/[\u0080-\u009f]/.test(text)) text = demoronize(text);
  text = text.replace(/^(\s*<\?xml[^>]*?\sencoding\s*=\s*)(["'])[^"']*\2/, '$1"UTF-8"');
  return { text, charset, evidence };
}

function sniffBom(b: Buffer): { codec: string; length: number } | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { codec: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { codec: 'utf-32le', length: 4 };
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { codec: 'utf-32be', length: 4 };
  if (b[0] === 0xff && b[1] === 0xfe) return { codec: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { codec: 'utf-16be', length: 2 };
  return undefined;
}

/** UTF-16/32 without a BOM, recognised by the zero bytes around the first ASCII character (`<`, space, …). */
function sniffWide(b: Buffer): string | undefined {
  if (b.length < 4) return undefined;
  const [a, c, d, e] = [b[0]!, b[1]!, b[2]!, b[3]!];
  if (a === 0 && c === 0 && d === 0 && e !== 0) return 'utf-32be';
  if (a !== 0 && c === 0 && d === 0 && e === 0) return 'utf-32le';
  if (a === 0 && c !== 0 && d === 0 && e !== 0) return 'utf-16be';
  if (a !== 0 && c === 0 && d !== 0 && e === 0) return 'utf-16le';
  return undefined;
}

/** The `charset` parameter of a Content-Type value (quoted or not), or undefined. */
export function charsetParam(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*(?:"\s*([^"]*?)\s*"|'([^']*)'|([^\s;]+))/i.exec(contentType);
  const v = (m?.[1] ?? m?.[2] ?? m?.[3])?.trim();
  return v ? v : undefined;
}

function isAscii(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! > 0x7f) return false;
  return true;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
/** The bytes as UTF-8 text, or undefined when they are not valid UTF-8. */
function strictUtf8(b: Buffer): string | undefined {
  try {
    return utf8Decoder.decode(b);
  } catch {
    return undefined;
  }
}

/** jschardet names its guesses after the Windows code page; report the usual IANA label instead. */
const DETECTED_NAMES: Record<string, string> = { cp949: 'euc-kr', cp932: 'shift_jis', 'windows-874': 'tis-620', cp874: 'tis-620' };

/** jschardet's guess over the first 256 KiB, when it is confident enough and iconv-lite knows it. */
function detect(b: Buffer): string | undefined {
  const r = jschardet.detect(b.subarray(0, 256 * 1024).toString('binary'));
  if (!r.encoding || r.confidence < 0.2) return undefined;
  const name = DETECTED_NAMES[r.encoding.toLowerCase()] ?? r.encoding.toLowerCase();
  if (name === 'ascii' || name === 'utf-8') return undefined;
  return codecFor(name) ? name : undefined;
}
