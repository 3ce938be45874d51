/**
 * Feed bytes → text. The charset is chosen from the strongest evidence present, in this order:
 *
 *   1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE)                         evidence 'bom'
 *   2. the bytes themselves when they are UTF-8 (see below), whatever a label says     evidence 'http'/'xml'
 *      (when that label is UTF-8) or 'detected'
 *   3. the HTTP Content-Type `charset` parameter                                       evidence 'http'
 *   4. the XML declaration's `encoding` (read through the UTF-16/32 byte pattern of     evidence 'xml'
 *      `<?xml` when there is no BOM, XML 1.0 Appendix F)
 *   5. detection: valid UTF-8 → utf-8, otherwise jschardet                            evidence 'detected'
 *   6. nothing usable: utf-8 for ASCII, windows-1252 for 8-bit text                    evidence 'default'
 *
 * UTF-8 by the bytes (2): valid multi-byte UTF-8 is almost never accidental, while charset labels often are wrong
 * (an `iso-8859-1` server default, a copied XML declaration). A byte scanner counts the well-formed multi-byte
 * UTF-8 sequences and the invalid ones (each maximal ill-formed subpart, as the WHATWG decoder replaces it). The
 * body is UTF-8 when it has at least one well-formed sequence (two when the label it contradicts names a CJK
 * multi-byte charset, whose text can form one short valid run by chance) and at least UTF8_SHARE of them per
 * invalid one. It is then decoded with replacement: a truncated sequence or a stray byte costs that character
 * (one U+FFFD), not the document. Legacy text is far below that share (EUC-KR, GBK, Big5, Shift_JIS and
 * windows-1252 documents measure 0–0.4 valid sequences per invalid one), so their labels and detection still
 * decide. ASCII-only bodies carry no such evidence and follow the labels. A UTF-16/32 byte pattern skips (2).
 *
 * "Better on charsets" than taking the first label: a label (3 or 4) is only trusted when the bytes are
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
  // iconv-lite knows UTF-8, and asking it loads every codec table (~15 ms of poll's cold start): most feeds are UTF-8.
  if (l === 'utf-8' || l === 'utf8') return l;
  const codec = SUPERSETS[l] ?? l;
  return iconv.encodingExists(codec) ? codec : undefined;
}

export function decodeFeedBytes(body: Buffer, contentType?: string): DecodedFeed {
  const bom = sniffBom(body);
  if (bom) return finish(iconv.decode(body.subarray(bom.length), bom.codec), bom.codec, 'bom');

  const wide = sniffWide(body);
  const httpLabel = charsetParam(contentType);
  const head = wide ? iconv.decode(body.subarray(0, 512), wide) : body.subarray(0, 1024).toString('latin1');
  const xmlLabel = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];

  if (!wide) {
    const utf8 = utf8ByTheBytes(body, httpLabel, xmlLabel);
    if (utf8) return finish(utf8.text, utf8.charset, utf8.evidence);
  }

  // A UTF-16/32 byte pattern beats an ASCII-family HTTP label: such a label cannot describe these bytes.
  if (httpLabel && !(wide && !/^utf-?(16|32)/i.test(httpLabel))) {
    const decoded = tryLabel(body, httpLabel, wide);
    if (decoded) return finish(decoded.text, reported(httpLabel, decoded.codec), 'http');
  }

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

/** Well-formed multi-byte UTF-8 sequences per invalid one from which a body is UTF-8 with a few bad bytes. */
const UTF8_SHARE = 4;

/** Codecs whose text is pairs of high bytes, so that a short run of it can be well-formed UTF-8 by chance. */
const CJK_MULTIBYTE = /^(cp9(32|36|49|50)|gb|big5|euc|shift|windows-(31j|936|949|950)|ks|uhc|johab)/;

/**
 * The body as UTF-8 when its bytes say so (see the header): decoded with U+FFFD for each invalid sequence, and
 * reported after the label that agrees (a UTF-8 HTTP charset, else a UTF-8 XML declaration), else as detected.
 */
function utf8ByTheBytes(
  body: Buffer,
  httpLabel: string | undefined,
  xmlLabel: string | undefined,
): { text: string; charset: string; evidence: CharsetEvidence } | undefined {
  // Most bodies are valid UTF-8: the native strict decoder says so faster than the scan, which then only has
  // to tell whether there are 0, 1 or more multi-byte sequences (code points above U+007F).
  const strict = strictUtf8(body);
  const { valid, invalid } = strict === undefined ? scanUtf8(body) : { valid: countNonAscii(strict, 2), invalid: 0 };
  if (valid === 0) return undefined;
  // The label that would decide otherwise: the first one iconv-lite knows.
  const deciding = [httpLabel, xmlLabel].map((l) => (l ? codecFor(l) : undefined)).find((c) => c !== undefined);
  const least = deciding && CJK_MULTIBYTE.test(deciding) ? 2 : 1;
  if (valid < least || invalid * UTF8_SHARE > valid) return undefined;
  const text = strict ?? lenientUtf8.decode(body);
  if (httpLabel && isUtf8Label(httpLabel)) return { text, charset: httpLabel.toLowerCase(), evidence: 'http' };
  if (xmlLabel && isUtf8Label(xmlLabel)) return { text, charset: xmlLabel.toLowerCase(), evidence: 'xml' };
  return { text, charset: 'utf-8', evidence: 'detected' };
}

/** Code points above U+007F in `text`, counted up to `max`. */
function countNonAscii(text: string, max: number): number {
  const re = /[^\0-\x7f]/gu;
  let n = 0;
  while (n < max && re.exec(text)) n++;
  return n;
}

function isUtf8Label(label: string): boolean {
  return /^utf-?8$/i.test(label.trim());
}

/**
 * Counts the well-formed multi-byte UTF-8 sequences and the invalid ones, with the WHATWG decoder's error
 * boundaries (a lead byte and the continuation bytes it accepted are one error; the byte that broke the sequence
 * is read again), so `invalid` is the number of U+FFFD a replacing decoder produces.
 */
function scanUtf8(b: Buffer): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lower = 0xa0;
      if (c === 0xed) upper = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lower = 0x90;
      if (c === 0xf4) upper = 0x8f;
    } else {
      invalid++;
      i++;
      continue;
    }
    let j = i + 1;
    for (; need > 0; need--, j++) {
      const d = b[j];
      if (d === undefined || d < lower || d > upper) break;
      lower = 0x80;
      upper = 0xbf;
    }
    if (need === 0) valid++;
    else invalid++;
    i = j;
  }
  return { valid, invalid };
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

/**
 * What windows-1252 means by each C1 code point (U+0080–U+009F); the five it leaves undefined stay as they are.
 * Built on first use: iconv-lite's codec tables load only when a document needs them.
 */
let c1AsWindows1252: Map<string, string> | undefined;
function c1Map(): Map<string, string> {
  c1AsWindows1252 ??= new Map(
    Array.from({ length: 0x20 }, (_, i): [string, string] => {
      const fixed = iconv.decode(Buffer.from([0x80 + i]), 'windows-1252');
      const c1 = String.fromCharCode(0x80 + i);
      return [c1, fixed === '\ufffd' ? c1 : fixed];
    }),
  );
  return c1AsWindows1252;
}

/**
 * C1 controls (U+0080–U+009F) never belong in feed text; they are windows-1252 punctuation that went through a
 * Latin-1 → UTF-8 conversion ("don\u0092t"). Map them to what windows-1252 meant (’ “ ” – — € …).
 */
export function demoronize(text: string): string {
  const map = c1Map();
  return text.replace(/[\u0080-\u009f]/g, (c) => map.get(c)!);
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
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });
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
