/**
 * Headline normalization: wire-service status tags are not part of a story's identity.
 *
 * Agencies re-issue one story many times with a tag that says which version it is: Yonhap's "(LEAD)",
 * "(2nd LD)", "(URGENT)", "(News Focus)"; Reuters' "UPDATE 1-", "EXCLUSIVE-", "REFILE-"; "BREAKING:";
 * Korean "[속보]", "[1보]", "(종합)", "(종합2보)", "<2보>" (Yonhap puts "(종합)" at the end); Chinese "【快讯】",
 * "突发：". stripWireTags removes such tags at the start and end of a title (repeatedly: "(2nd LD) (URGENT) …"),
 * plus a trailing " - Reuters" / " | Yonhap" outlet suffix (Google News style) for the outlets in OUTLETS and the
 * story's own source name. Tags are recognized from a closed list — a bracketed word that is not a known tag
 * ("(Yonhap Interview)" aside, e.g. "[Editorial]", "(Photo)") stays, because it may be all that distinguishes
 * two items.
 *
 * normalizeTitle = stripWireTags, then the same units as the body text (core/dedupe/text.ts) joined by single
 * spaces: "(2nd LD) N. Korea's Kim visits Chinese war cemetery" → "north korea kim visits chinese war cemetery".
 */
import { textUnits, type Unit } from './text';

/** Tag words (inside brackets) that mark a version of a story, never its content. Lower-case. */
const TAG_WORDS = [
  'lead', 'urgent', 'news focus', 'news analysis', 'update', 'updated', 'updates', 'breaking', 'breaking news',
  'flash', 'alert', 'refile', 'repeat', 'rpt', 'corrected', 'correction', 'recasts', 'yonhap interview',
  'yonhap feature', 'live', 'exclusive', 'wrapup', 'factbox', 'focus', 'analysis', 'insight',
  '속보', '단독', '긴급', '종합', '1보', '2보', '3보', '4보', '5보', '2신', '3신', '상보', '업데이트', '뉴스포커스',
  '快讯', '突发', '独家', '更新', '最新', '速报', '速報', '快訊', '突發', '獨家',
];
const TAG_PATTERNS = [
  /^\d+(?:st|nd|rd|th)\s*ld$/i, // (2nd LD)
  /^ld$/i,
  /^(?:lead|update|wrapup)\s*\d+$/i, // (UPDATE 2)
  /^종합\s*\d*\s*보?$/, // (종합2보)
  /^\d+\s*[보신]$/, // [1보]
  /^(?:2nd|3rd|\d+th)?\s*lead$/i,
];

function isTag(inner: string): boolean {
  const t = inner.trim().toLowerCase().replace(/\s+/g, ' ');
  return TAG_WORDS.includes(t) || TAG_PATTERNS.some((p) => p.test(t));
}

/** Outlets whose names are appended to headlines by aggregators (" - Reuters"). */
export const OUTLETS = ['reuters', 'ap', 'ap news', 'afp', 'yonhap', 'yonhap news agency', 'ians', 'xinhua', 'kcna', 'the korea herald', 'korea herald', 'the korea times', 'korea times', 'global times', 'scmp', 'south china morning post', 'nk news', 'kyodo', '연합뉴스', '新华社', '新华网'];

const BRACKETS: Array<[string, string]> = [['(', ')'], ['[', ']'], ['<', '>'], ['【', '】'], ['（', '）'], ['〈', '〉'], ['《', '》'], ['［', '］']];
/** Colon-style leading tags, any case: "BREAKING:", "Update 2:", "突发：", "속보:". */
const COLON_TAG = /^\s*(?:update|wrapup|refile|corrected|exclusive|breaking(?: news)?|factbox|focus|analysis|insight|live|urgent|flash|快讯|突发|独家|快訊|突發|獨家|속보|단독)(?:\s*\d+)?\s*[:：|]\s*/i;
/** Reuters' dash-style tags, upper-case only so "Live-streamed …" stays: "UPDATE 1-", "EXCLUSIVE-". */
const DASH_TAG = /^\s*(?:UPDATE|WRAPUP|REFILE|RPT|CORRECTED|EXCLUSIVE|BREAKING|FACTBOX|FOCUS|ANALYSIS|INSIGHT|LIVE|URGENT|FLASH)(?:\s*\d+)?\s*[-—–]\s*/;

function stripOnce(title: string, outlets: string[]): string {
  let t = title.trim();
  for (const [open, close] of BRACKETS) {
    if (t.startsWith(open)) {
      const end = t.indexOf(close, open.length);
      if (end > 0 && isTag(t.slice(open.length, end))) return t.slice(end + close.length).replace(/^[\s:：\-—–|]+/, '');
    }
    if (t.endsWith(close)) {
      const start = t.lastIndexOf(open, t.length - close.length - 1);
      if (start >= 0 && isTag(t.slice(start + open.length, t.length - close.length))) return t.slice(0, start).trim();
    }
  }
  const lead = COLON_TAG.exec(t) ?? DASH_TAG.exec(t);
  if (lead) return t.slice(lead[0].length);
  return withoutOutlet(t, outlets);
}

/**
 * `title` without a trailing outlet suffix (" - Reuters", " | Yonhap", Google News's " - Xinhua"), when the
 * suffix is one of `outlets` (lower-case); otherwise `title` as it is. Only the end is cut, so offsets into the
 * rest stay those of the title.
 */
export function withoutOutlet(title: string, outlets: readonly string[]): string {
  const suffix = /\s+[-—–|]\s+([^-—–|]{2,200})$/.exec(title);
  return suffix && outlets.includes(suffix[1]!.trim().toLowerCase()) ? title.slice(0, suffix.index).trim() : title;
}

/** The outlet names a title's suffix is cut by (lower-case): the known wires, and `names` (a source's, a publisher's). */
export function outletsWith(...names: Array<string | undefined>): string[] {
  return [...OUTLETS, ...names.filter((n): n is string => !!n?.trim()).map((n) => n.trim().toLowerCase())];
}

/**
 * The title without wire version tags and outlet suffixes (display-safe: case and punctuation kept). `names`: the
 * story's own source name and the outlet an aggregator named for it (Story.outlet), cut like the known wires.
 */
export function stripWireTags(title: string, ...names: Array<string | undefined>): string {
  const outlets = outletsWith(...names);
  let t = title.trim();
  for (let i = 0; i < 8; i++) {
    const next = stripOnce(t, outlets);
    if (next === t || next === '') break;
    t = next;
  }
  return t;
}

/** Comparison form of a title (see header). */
export function normalizeTitle(title: string, ...names: Array<string | undefined>): string {
  return joinUnits(textUnits(stripWireTags(title, ...names)));
}

/** Units back to text: words separated by spaces, adjacent CJK characters written together (re-cutting the
 * result with textUnits yields the same units). */
export function joinUnits(units: Unit[]): string {
  let out = '';
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (i > 0 && !(u.script === 'cjk' && units[i - 1]!.script === 'cjk')) out += ' ';
    out += u.text;
  }
  return out;
}
