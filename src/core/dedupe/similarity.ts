/**
 * Near-duplicate decision between two stories, from their fingerprints.
 *
 * A fingerprint holds the normalized title (core/dedupe/title.ts), the title's content tokens, and a MinHash
 * signature (core/dedupe/signature.ts) of the body's shingles — the body being the summary (or, when the summary
 * is short, the summary plus the content's text), dateline stripped, first BODY_CHARS characters.
 *
 * Two stories are the same story when, in this order:
 *  1. body: the body shingles overlap (estimated containment ≥ BODY_CONTAINMENT, both bodies with at least
 *     MIN_SHINGLES shingles) — syndicated copies and republished items with the lede unchanged or lightly edited;
 *     beyond SAME_DAY_HOURS apart the bar is higher (BODY_CONTAINMENT_LATE), because formulaic ledes recur
 *     ("North Korea fired a ballistic missile into the East Sea, the JCS said");
 *  2. title + body: titles alike (title token Jaccard ≥ TITLE_SIMILAR) and the bodies share some text
 *     (containment ≥ BODY_SUPPORT), within SAME_DAY_HOURS — an "UPDATE 2" whose lede was rewritten around the
 *     same headline;
 *  3. title only, for items without usable bodies: the same normalized title (≥ MIN_TITLE_TOKENS tokens) within
 *     SAME_DAY_HOURS.
 * Nothing is compared across MAX_GAP_HOURS. Thresholds were chosen on test/fixtures/dedupe (labeled pairs of
 * syndicated copies, republishes, rewrites and hard negatives: other stories about the same summit, the same
 * kind of event on another day); test/unit/dedupe/pairs.test.ts asserts the precision and recall they reach.
 */
import { htmlToText } from '../sanitize';
import type { Story } from '../story';
import { containmentEstimate, decodeMinHash, encodeMinHash, jaccardEstimate, minHash, type MinHash } from './signature';
import { dominantScript, shingleHashes, stripDateline, textUnits, type Script, type Unit } from './text';
import { normalizeTitle } from './title';

export const THRESHOLDS = {
  BODY_CONTAINMENT: 0.5,
  BODY_CONTAINMENT_LATE: 0.7,
  MIN_SHINGLES: 8,
  TITLE_SIMILAR: 0.5,
  BODY_SUPPORT: 0.3,
  MIN_TITLE_TOKENS: 3,
  SAME_DAY_HOURS: 36,
  MAX_GAP_HOURS: 72,
} as const;

/** Only a lede's worth of text is compared: enough to identify a story, bounded work per item. */
export const BODY_CHARS = 1500;

/** Words that carry no identity in a headline. */
const TITLE_STOPWORDS = new Set(
  'a an the of to in on for and or with at by as from is are was were be been says say said over after amid into its his her their than that this new'.split(' '),
);

/** Fields a fingerprint is computed from; `signature` and `normalizedTitle` are reused when stored. */
export type Fingerprintable = Pick<Story, 'id' | 'title' | 'summary' | 'content' | 'published' | 'source' | 'canonicalUrl' | 'outlet'> & {
  signature?: string;
  normalizedTitle?: string;
};

export interface Fingerprint {
  id: string;
  normalizedTitle: string;
  titleTokens: Set<string>;
  body: MinHash;
  script: Script;
  publishedMs: number;
}

export function bodyText(story: Pick<Story, 'summary' | 'content'>): string {
  let text = story.summary ?? '';
  if (text.length < 200 && story.content) text = `${text}\n${htmlToText(story.content)}`;
  return stripDateline(text.trim()).slice(0, BODY_CHARS);
}

function bodyMinHash(story: Pick<Story, 'summary' | 'content'>): MinHash {
  return minHash(shingleHashes(textUnits(bodyText(story))));
}

/** The stored signature of a story's body (see signature.ts). */
export function signatureOf(story: Pick<Story, 'summary' | 'content'>): string {
  return encodeMinHash(bodyMinHash(story));
}

function titleTokens(units: Unit[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (u.script === 'word') {
      if (!TITLE_STOPWORDS.has(u.text)) out.add(u.text);
    } else {
      const next = units[i + 1];
      // CJK: character bigrams (a lone character counts as itself)
      if (next?.script === 'cjk') out.add(u.text + next.text);
      else if (units[i - 1]?.script !== 'cjk') out.add(u.text);
    }
  }
  return out;
}

export function fingerprint(story: Fingerprintable): Fingerprint {
  const normalizedTitle = story.normalizedTitle ?? normalizeTitle(story.title, story.source.name, story.outlet);
  const units = textUnits(normalizedTitle);
  const body = decodeMinHash(story.signature) ?? bodyMinHash(story);
  return {
    id: story.id,
    normalizedTitle,
    titleTokens: titleTokens(units),
    body,
    script: dominantScript(units),
    publishedMs: Date.parse(story.published),
  };
}

export function jaccard<T>(a: Set<T>, b: Set<T>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

export interface Comparison {
  duplicate: boolean;
  /** Which rule (1–3 in the header) decided, or why not. */
  reason: 'body' | 'title+body' | 'title' | 'too-far-apart' | 'different';
  title: number;
  containment: number;
  jaccard: number;
  hoursApart: number;
}

export function compare(a: Fingerprint, b: Fingerprint): Comparison {
  const T = THRESHOLDS;
  const hoursApart = Math.abs(a.publishedMs - b.publishedMs) / 3_600_000;
  const title = jaccard(a.titleTokens, b.titleTokens);
  const bodies = Math.min(a.body.size, b.body.size) >= T.MIN_SHINGLES;
  const jac = bodies ? jaccardEstimate(a.body, b.body) : 0;
  const containment = bodies ? containmentEstimate(a.body, b.body, jac) : 0;
  const base = { title, containment, jaccard: jac, hoursApart };
  if (!(hoursApart <= T.MAX_GAP_HOURS)) return { duplicate: false, reason: 'too-far-apart', ...base };
  const sameDay = hoursApart <= T.SAME_DAY_HOURS;
  if (bodies && containment >= (sameDay ? T.BODY_CONTAINMENT : T.BODY_CONTAINMENT_LATE)) return { duplicate: true, reason: 'body', ...base };
  if (sameDay && bodies && title >= T.TITLE_SIMILAR && containment >= T.BODY_SUPPORT) return { duplicate: true, reason: 'title+body', ...base };
  if (sameDay && !bodies && a.titleTokens.size >= T.MIN_TITLE_TOKENS && a.normalizedTitle === b.normalizedTitle) {
    return { duplicate: true, reason: 'title', ...base };
  }
  return { duplicate: false, reason: 'different', ...base };
}
