/**
 * Feed date text → Date, or undefined when the text is not a date we can trust. Tried in order:
 *
 *   1. Korean: `2004-05-25 오후 11:23:17` (Nate), `2004년 05월 28일 01:31:15` (OnBlog), `2024년 5월 25일`.
 *      No zone given → KST (+09:00).
 *   2. Chinese/Japanese: `2024年5月25日 14:30`, `2024年05月25日`. No zone given → +08:00.
 *   3. W3C-DTF / ISO 8601 (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `T` or space, fractional seconds, `Z`/±hh:mm/±hhmm),
 *      including the two-digit-year ISO forms (`031231`, `03-12-31`, `-0312`) and Google's `2003-012-31`.
 *      No zone → UTC. Localised month names (Hungarian) are translated first.
 *   4. RFC 822 / 1123 and its relatives: optional weekday, day and month in either order, full or short month
 *      names (English, Greek), 2- or 4-digit years, optional seconds or time, asctime (`Sun Jan  4 16:29:06 2004`,
 *      zone before the year as Twitter writes it), Perforce `2006/09/15`, named zones (GMT, UT, EST, KST, MET, …),
 *      `±hhmm`, `±hh:mm`, `GMT±hh:mm`, `Etc/GMT`. No zone or an unknown zone name → UTC.
 *
 * Every field is range-checked (hour 0–23, minute 0–59, second 0–60 → clamped, day within the month) and the
 * result must fall in years 0001–9999; anything else is rejected rather than guessed. Pure: no clock.
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  // Greek short months (with and without tonos)
  ιαν: 1, φεβ: 2, μάρ: 3, μαρ: 3, μάώ: 3, απρ: 4, άπρ: 4, μάι: 5, μαΐ: 5, μαι: 5, μάί: 5, ιούν: 6, ιον: 6, ιουν: 6,
  ιούλ: 7, ιολ: 7, ιουλ: 7, αύγ: 8, αυγ: 8, σεπ: 9, οκτ: 10, νοέ: 11, νοε: 11, δεκ: 12,
};
/** English full month names (and "sept"); their first three letters are the key in MONTHS. */
const FULL_MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'sept']);
const HUNGARIAN_MONTHS = ['január', 'február', 'március', 'április', 'május', 'június', 'július', 'augusztus', 'szeptember', 'október', 'november', 'december'];

/** Offsets in minutes east of UTC for zone names seen in feeds (RFC 822 names first). */
const ZONES: Record<string, number> = {
  gmt: 0, ut: 0, utc: 0, z: 0, 'etc/gmt': 0, 'etc/utc': 0, wet: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  et: -300, ct: -360, mt: -420, pt: -480, at: -240, ast: -240, adt: -180, akst: -540, akdt: -480, hst: -600,
  bst: 60, cet: 60, met: 60, west: 60, cest: 120, mest: 120, eet: 120, eest: 180, msk: 180,
  ist: 330, ict: 420, wib: 420, hkt: 480, sgt: 480, awst: 480, pht: 480, kst: 540, jst: 540,
  acst: 570, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
};

export function parseDate(text: string): Date | undefined {
  const s = text.trim().replace(/\s+/g, ' ');
  if (!s) return undefined;
  return parseKorean(s) ?? parseChinese(s) ?? parseIso(translateHungarian(s)) ?? parseRfc822(s);
}

/** Builds the instant from local fields and an offset (minutes east of UTC), validating every field. */
function makeDate(y: number, mo: number, d: number, h = 0, mi = 0, sec = 0, offsetMin = 0, ms = 0): Date | undefined {
  if (![y, mo, d, h, mi, sec, offsetMin].every(Number.isFinite)) return undefined;
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 60 || h < 0 || mi < 0 || sec < 0) return undefined;
  if (Math.abs(offsetMin) >= 24 * 60) return undefined;
  const daysInMonth = new Date(Date.UTC(2000, mo, 0)).getUTCDate() + (mo === 2 && !isLeap(y) ? -1 : 0);
  if (d < 1 || d > daysInMonth) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, Math.min(sec, 59), ms);
  date.setTime(date.getTime() - offsetMin * 60_000);
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999 ? date : undefined;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function twoDigitYear(yy: number): number {
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

// ---------- 1. Korean ----------

function parseKorean(s: string): Date | undefined {
  // 2004-05-25 오후 11:23:17 (Nate): 오전 = a.m., 오후 = p.m.
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2}) (오전|오후) ?(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (m) return makeDate(+m[1]!, +m[2]!, +m[3]!, to24(+m[5]!, m[4]!), +m[6]!, +(m[7] ?? 0), 540);
  // 2004년 05월 28일 01:31:15 | 2024년 5월 25일 오후 2:30 | 2024년 5월 25일 14시 30분
  m = /^(\d{4})년 ?(\d{1,2})월 ?(\d{1,2})일(?: ?\(?[월화수목금토일]\)?)?(?: ?(오전|오후)? ?(\d{1,2})(?::|시 ?)(\d{1,2})(?:분)?(?: ?(?::|)(\d{2})초?)?)?$/.exec(s);
  if (m) {
    const hour = m[5] === undefined ? 0 : to24(+m[5], m[4]);
    return makeDate(+m[1]!, +m[2]!, +m[3]!, hour, +(m[6] ?? 0), +(m[7] ?? 0), 540);
  }
  return undefined;
}

function to24(hour: number, half: string | undefined): number {
  if (half === '오후') return hour === 12 ? 12 : hour + 12;
  if (half === '오전') return hour === 12 ? 0 : hour;
  return hour;
}

// ---------- 2. Chinese / Japanese ----------

function parseChinese(s: string): Date | undefined {
  const m = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?: ?(?:星期.|周.|\(.\)))?(?: ?(上午|下午)? ?(\d{1,2})[:时時](\d{1,2})分?(?:[:](\d{2})|(\d{2})秒)?)?$/.exec(s);
  if (!m) return undefined;
  let hour = +(m[5] ?? 0);
  if (m[4] === '下午' && hour < 12) hour += 12;
  if (m[4] === '上午' && hour === 12) hour = 0;
  return makeDate(+m[1]!, +m[2]!, +m[3]!, hour, +(m[6] ?? 0), +(m[7] ?? m[8] ?? 0), 480);
}

// ---------- 3. W3C-DTF / ISO 8601 ----------

function translateHungarian(s: string): string {
  const m = /^(\d{4})-([a-záéíóöőúüű]+)-(\d{1,2})T(\d{1,2}):(\d{2})(.*)$/i.exec(s);
  if (!m) return s;
  const month = HUNGARIAN_MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
  if (month === 0) return s;
  return `${m[1]}-${pad(month)}-${pad(+m[3]!)}T${pad(+m[4]!)}:${m[5]}${m[6]}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const ISO_ZONE = '(Z|[+-]\\d{2}(?::?\\d{2})?)';
const ISO_FULL = new RegExp(
  `^(\\d{4})(?:-0?(\\d{2})(?:-(\\d{2}))?)?(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)? ?${ISO_ZONE}?)?$`,
  'i',
);

function parseIso(s: string): Date | undefined {
  let m = ISO_FULL.exec(s);
  if (m) {
    const offset = m[8] ? isoOffset(m[8]) : 0;
    if (offset === undefined) return undefined;
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
    return makeDate(+m[1]!, +(m[2] ?? 1), +(m[3] ?? 1), +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), offset, ms);
  }
  // Compact basic form: 20031231T101455Z
  m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (m) {
    const offset = m[7] ? isoOffset(m[7]) : 0;
    if (offset === undefined) return undefined;
    return makeDate(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), offset);
  }
  // Two-digit-year forms of ISO 8601:2000 (YYMMDD, YY-MM-DD, -YYMM, -YY-MM). The ordinal YYDDD form is
  // not accepted: it cannot be told apart from a mistyped five-digit year.
  m = /^(\d{2})-?(\d{2})-?(\d{2})$/.exec(s) ?? /^-(\d{2})-?(\d{2})()$/.exec(s);
  if (m) return makeDate(twoDigitYear(+m[1]!), +m[2]!, m[3] ? +m[3] : 1);
  return undefined;
}

function isoOffset(z: string): number | undefined {
  if (z.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return undefined;
  const h = +m[2]!;
  const mi = +(m[3] ?? 0);
  if (h > 23 || mi > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
}

// ---------- 4. RFC 822 and relatives ----------

function parseRfc822(s: string): Date | undefined {
  // Drop a leading weekday ("Thu," "Thu" "Fri,24"), Greek or English, and stray commas.
  const tokens = s.replace(/^[^\d\s,]+,\s*/u, '').replace(/,/g, ' ').replace(/\s+/g, ' ').trim().split(' ');
  if (tokens.length > 0 && /^[^\d+-]{2,}$/u.test(tokens[0]!) && monthOf(tokens[0]!) === undefined) tokens.shift();

  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  let time: [number, number, number] | undefined;
  let offset: number | undefined;
  let zoneSeen = false;
  for (const tok of tokens) {
    if (/^\d{1,2}:\d{1,2}(:\d{1,2})?$/.test(tok) && !time) {
      const [h, mi, sec] = tok.split(':').map(Number) as [number, number, number?];
      time = [h, mi, sec ?? 0];
    } else if (/^\d{4}\/\d{1,2}\/\d{1,2}$/.test(tok) && year === undefined) {
      [year, month, day] = tok.split('/').map(Number) as [number, number, number];
    } else if (/^\d{1,2}$/.test(tok) && day === undefined && (month === undefined || year === undefined)) {
      day = +tok;
    } else if (/^\d{4}$/.test(tok) && year === undefined) {
      year = +tok;
    } else if (/^\d{2}$/.test(tok) && year === undefined && day !== undefined) {
      year = twoDigitYear(+tok);
    } else if (month === undefined && monthOf(tok) !== undefined) {
      month = monthOf(tok);
    } else if (!zoneSeen && time && zoneOffset(tok) !== undefined) {
      offset = zoneOffset(tok);
      zoneSeen = true;
    } else if (!zoneSeen && time && /^[a-z]{1,5}$/i.test(tok)) {
      offset = 0; // an unknown zone name: read as UTC rather than drop the date
      zoneSeen = true;
    } else {
      return undefined;
    }
  }
  if (day === undefined || month === undefined || year === undefined) return undefined;
  const [h, mi, sec] = time ?? [0, 0, 0];
  return makeDate(year, month, day, h, mi, sec, offset ?? 0);
}

function monthOf(tok: string): number | undefined {
  const t = tok.toLowerCase().replace(/\.$/, '');
  if (MONTHS[t] !== undefined) return MONTHS[t];
  return FULL_MONTHS.has(t) ? MONTHS[t.slice(0, 3)] : undefined;
}

function zoneOffset(tok: string): number | undefined {
  const t = tok.toLowerCase();
  if (ZONES[t] !== undefined) return ZONES[t];
  const m = /^(?:gmt|utc|ut)?([+-])(\d{1,2}):?(\d{2})?$/.exec(t);
  if (!m) return undefined;
  const h = +m[2]!;
  const mi = +(m[3] ?? 0);
  if (mi > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
}
