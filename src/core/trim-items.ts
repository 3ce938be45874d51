/**
 * The item limit, applied to the document text before the XML parser builds anything: a feed of a million
 * `<item/>`s costs one linear scan here (typed arrays, no object per item), not a million parsed objects.
 *
 * The scan finds every top-level `<item>` (RSS 0.9x/2.0, RSS 1.0) or `<entry>` (Atom) element — skipping
 * comments and CDATA sections, whose text may contain anything — and, when there are more than `max`, keeps
 * the `max` newest by the first date each names (pubDate, published, updated, dc:date…; undated items count as
 * oldest, ties keep document order), removes the others, and leaves the rest of the document as it was.
 */
import { parseDate } from './dates';

export interface TrimmedItems {
  xml: string;
  /** Items in the document. */
  total: number;
  /** Items removed (0 when the feed is within the limit). */
  removed: number;
}

const TAG = /<(!\[CDATA\[|!--|\/?(?:item|entry)(?=[\s/>]))/gi;
const DATE_TAG = /<(?:pubDate|published|updated|dc:date|modified|issued|created)\b[^>]*>\s*(?:<!\[CDATA\[)?([^<\]]{4,80})/gi;

export function trimItems(xml: string, max: number): TrimmedItems {
  const spans = itemSpans(xml);
  const total = spans.length / 2;
  if (total <= max) return { xml, total, removed: 0 };
  const times = itemTimes(xml, spans, total);
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort((a, b) => (times[a] === times[b] ? a - b : times[b]! > times[a]! ? 1 : -1));
  const keep = new Uint8Array(total);
  for (let k = 0; k < max; k++) keep[order[k]!] = 1;

  const parts: string[] = [];
  let at = 0;
  let previousRemoved = false;
  for (let i = 0; i < total; i++) {
    if (keep[i]) {
      previousRemoved = false;
      continue;
    }
    const start = spans[2 * i]!;
    // The whitespace between two removed items goes with them (a million of them would be a million strings).
    if (start > at && !(previousRemoved && isBlank(xml, at, start))) parts.push(xml.slice(at, start));
    at = spans[2 * i + 1]!;
    previousRemoved = true;
  }
  parts.push(xml.slice(at));
  return { xml: parts.join(''), total, removed: total - max };
}

/** [start, end) of every outermost item/entry element, in document order, as pairs in one typed array. */
function itemSpans(xml: string): Int32Array {
  let spans = new Int32Array(1024);
  let n = 0;
  let depth = 0;
  let start = -1;
  const push = (s: number, e: number): void => {
    if (n + 2 > spans.length) {
      const grown = new Int32Array(spans.length * 2);
      grown.set(spans);
      spans = grown;
    }
    spans[n++] = s;
    spans[n++] = e;
  };
  TAG.lastIndex = 0;
  for (let m = TAG.exec(xml); m; m = TAG.exec(xml)) {
    const what = m[1]!;
    if (what === '![CDATA[' || what === '!--') {
      const close = xml.indexOf(what === '!--' ? '-->' : ']]>', m.index);
      if (close < 0) break;
      TAG.lastIndex = close + 3;
      continue;
    }
    const gt = xml.indexOf('>', m.index);
    if (gt < 0) break;
    TAG.lastIndex = gt + 1;
    if (what.charCodeAt(0) === 0x2f /* / */) {
      if (depth > 0 && --depth === 0) push(start, gt + 1);
      continue;
    }
    if (depth === 0) start = m.index;
    if (xml.charCodeAt(gt - 1) === 0x2f) {
      if (depth === 0) push(start, gt + 1);
    } else {
      depth++;
    }
  }
  return spans.subarray(0, n);
}

/** The time of the first date inside each item (−∞ when it has none), from one pass over the date tags. */
function itemTimes(xml: string, spans: Int32Array, total: number): Float64Array {
  const times = new Float64Array(total).fill(Number.NEGATIVE_INFINITY);
  let item = 0;
  DATE_TAG.lastIndex = 0;
  for (let m = DATE_TAG.exec(xml); m && item < total; m = DATE_TAG.exec(xml)) {
    while (item < total && spans[2 * item + 1]! <= m.index) item++;
    if (item >= total) break;
    if (m.index < spans[2 * item]! || times[item] !== Number.NEGATIVE_INFINITY) continue;
    const text = m[1]!.trim();
    const fast = Date.parse(text);
    const t = Number.isFinite(fast) ? fast : parseDate(text)?.getTime();
    if (t !== undefined && Number.isFinite(t)) times[item] = t;
  }
  return times;
}

function isBlank(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return true;
}
