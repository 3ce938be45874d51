/**
 * Cross-language linking (English ↔ Korean ↔ Chinese): a Korean or Chinese report and its English counterpart
 * share no shingles, so they are linked on named entities and time instead — conservatively.
 *
 * ENTITIES is a small hand-written gazetteer for the Korea–China beat: people, places, organizations and a few
 * event words (cemetery, currency swap, denuclearization), each with its English, Korean and Chinese spellings
 * (matched on normalizeText output, so Traditional Chinese is covered by the Simplified forms). Two stories in
 * different scripts are the same story only when all of these hold:
 *  - published within CROSS_HOURS of each other;
 *  - at least CROSS_MIN_ACTORS shared actors (people, places, organizations, and context words such as
 *    "summit") AND at least CROSS_MIN_EVENTS shared event words (cemetery, currency swap, denuclearization, …)
 *    whose Dice coefficient over both stories' event words is at least CROSS_MIN_DICE. Leaders and the venue
 *    alone (Xi, Lee, Gyeongju, summit) are never enough: that is what keeps two different stories about the same
 *    summit apart;
 *  - the match is unambiguous: no other candidate comes within CROSS_MARGIN of the best Dice score.
 * Anything less leaves the stories apart: a missed link costs one extra feed item, a wrong one hides a story.
 */
import { normalizeText } from '../rules/normalize';

export const CROSS = { CROSS_HOURS: 24, CROSS_MIN_ACTORS: 2, CROSS_MIN_EVENTS: 2, CROSS_MIN_DICE: 0.5, CROSS_MARGIN: 0.15 } as const;

/**
 * canonical id → spellings (en, ko, zh), folded by normalizeText. Ids from `cemetery` on are event words; the
 * ones before are actors and context.
 */
const ENTITIES: Record<string, string[]> = {
  kim_jong_un: ['kim jong un', '김정은', '金正恩'],
  xi_jinping: ['xi jinping', 'xi', '시진핑', '习近平'],
  lee_jae_myung: ['lee jae myung', '이재명', '李在明'],
  yoon_suk_yeol: ['yoon suk yeol', '윤석열', '尹锡悦'],
  wang_yi: ['wang yi', '왕이', '王毅'],
  li_qiang: ['li qiang', '리창', '李强'],
  choe_son_hui: ['choe son hui', '최선희', '崔善姬'],
  mao_anying: ['mao anying', '마오안잉', '毛岸英'],
  cpv: ["chinese people's volunteers", 'cpv', '중국인민지원군', '인민지원군', '志愿军'],
  kcna: ['korean central news agency', 'kcna', '조선중앙통신', '朝中社'],
  wpk: ["workers' party", '노동당', '劳动党'],
  jcs: ['joint chiefs of staff', 'jcs', '합참', '합동참모본부', '联合参谋本部'],
  hoechang: ['hoechang', '회창', '桧仓'],
  south_pyongan: ['south pyongan', 'south phyongan', '평안남도', '平安南道'],
  pyongyang: ['pyongyang', '평양', '平壤'],
  seoul: ['seoul', '서울', '首尔'],
  beijing: ['beijing', '베이징', '北京'],
  gyeongju: ['gyeongju', '경주', '庆州'],
  dandong: ['dandong', '단둥', '丹东'],
  sinuiju: ['sinuiju', '신의주', '新义州'],
  incheon: ['incheon', '인천', '仁川'],
  dalian: ['dalian', '다롄', '大连'],
  jeju: ['jeju', '제주', '济州'],
  yellow_sea: ['yellow sea', '서해', '황해', '黄海'],
  east_sea: ['east sea', '동해', '东海'],
  apec: ['apec', '에이펙', '亚太经合组织'],
  thaad: ['thaad', '사드', '萨德'],
  summit: ['summit', '정상회담', '首脑会谈', '元首会谈'],
  anniversary: ['anniversary', '기념일', '주년', '纪念日', '周年'],
  cemetery: ['cemetery', '묘', '陵园', '墓'],
  korean_war: ['korean war', '한국전쟁', '6·25', '抗美援朝', '朝鲜战争'],
  trade: ['trade', '교역', '무역', '贸易'],
  economic_dialogue: ['economic dialogue', '경제대화', '经济对话'],
  supply_chain: ['supply chain', '공급망', '供应链'],
  carbon: ['carbon', '탄소', '碳'],
  currency_swap: ['currency swap', '통화스와프', '통화 스와프', '货币互换'],
  memorandum: ['memorandum', '양해각서', '合作文件', '谅解备忘录'],
  denuclearization: ['denuclearization', 'denuclearisation', '비핵화', '无核化'],
  missile: ['missile', '미사일', '导弹'],
  ballistic: ['ballistic', '탄도', '弹道'],
  sanctions: ['sanction', '제재', '制裁'],
  defectors: ['defector', '탈북', '脱北'],
  tourists: ['tourist', '관광객', '游客'],
  visa: ['visa', '비자', '签证'],
  ferry: ['ferry', '여객선', '카페리', '客轮', '渡轮'],
  kimchi: ['kimchi', '김치', '泡菜'],
  fta: ['free trade agreement', 'fta', '자유무역협정', '自贸协定'],
  aquaculture: ['aquaculture', 'fish farm', '양식', '养殖'],
  foreign_minister: ['foreign minister', '외교장관', '외교부 장관', '外长', '外交部长'],
  national_security: ['national security adviser', 'national security office', '안보실장', '国家安保室'],
  floral_basket: ['floral basket', 'flowers', '화환', '花篮'],
  tribute: ['tribute', '참배', '参谒', '敬献'],
};

const FIRST_EVENT = Object.keys(ENTITIES).indexOf('cemetery');
const EVENT_IDS = new Set(Object.keys(ENTITIES).slice(FIRST_EVENT));

export const HAS_CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/**
 * The spellings as `entities` compares them, built on its first call: the Latin ones folded and padded (they match
 * whole words), the CJK ones folded on the first text with CJK characters (they match as substrings; a text
 * without such characters cannot contain one). Folding CJK needs normalizeText's Traditional→Simplified table,
 * which text in Latin script alone then never builds.
 */
interface EntityNames {
  id: string;
  latin: string[];
  cjk: string[];
}
let names: EntityNames[] | undefined;
let cjkFolded = false;

function entityNames(withCjk: boolean): EntityNames[] {
  names ??= Object.entries(ENTITIES).map(([id, list]) => ({
    id,
    latin: list.filter((n) => !HAS_CJK.test(n)).map((n) => ` ${normalizeText(n)}`),
    cjk: list.filter((n) => HAS_CJK.test(n)),
  }));
  if (withCjk && !cjkFolded) {
    for (const e of names) e.cjk = e.cjk.map((n) => normalizeText(n));
    cjkFolded = true;
  }
  return names;
}

/** Entity ids mentioned in a text. */
export function entities(text: string): Set<string> {
  const norm = ` ${normalizeText(text).replace(/[^\p{L}\p{N}'·\s]/gu, ' ').replace(/\s+/g, ' ')} `;
  const withCjk = HAS_CJK.test(norm);
  const out = new Set<string>();
  for (const e of entityNames(withCjk)) {
    if (e.latin.some((n) => norm.includes(`${n} `) || norm.includes(`${n}s `)) || (withCjk && e.cjk.some((n) => norm.includes(n)))) out.add(e.id);
  }
  return out;
}

/** Each spelling and its folded form (for tests: `entities` takes a spelling with HAS_CJK to fold to one with it, and the reverse). */
export function foldedSpellings(): Array<{ id: string; spelling: string; folded: string }> {
  return Object.entries(ENTITIES).flatMap(([id, list]) => list.map((spelling) => ({ id, spelling, folded: normalizeText(spelling) })));
}

export interface CrossEvidence {
  actors: number;
  events: number;
  /** Dice coefficient of the two event-word sets. */
  dice: number;
}

export function crossEvidence(a: Set<string>, b: Set<string>): CrossEvidence {
  let actors = 0, events = 0, ea = 0, eb = 0;
  for (const x of a) {
    const event = EVENT_IDS.has(x);
    if (event) ea++;
    if (b.has(x)) event ? events++ : actors++;
  }
  for (const x of b) if (EVENT_IDS.has(x)) eb++;
  return { actors, events, dice: ea + eb === 0 ? 0 : (2 * events) / (ea + eb) };
}

export function crossStrongEnough(e: CrossEvidence): boolean {
  return e.actors >= CROSS.CROSS_MIN_ACTORS && e.events >= CROSS.CROSS_MIN_EVENTS && e.dice >= CROSS.CROSS_MIN_DICE;
}

export type Writing = 'latin' | 'hangul' | 'han';

/** The writing system most of a text's letters are in (cross-language links only join different ones). */
export function writingOf(text: string): Writing {
  let latin = 0, hangul = 0, han = 0;
  for (const ch of text) {
    if (/[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]/.test(ch)) hangul++;
    else if (/[\u3400-\u9fff\uf900-\ufaff]/.test(ch)) han++;
    else if (/\p{L}/u.test(ch)) latin++;
  }
  // a CJK character carries about as much as a short Latin word
  if (hangul * 3 >= latin && hangul >= han) return 'hangul';
  if (han * 3 >= latin) return 'han';
  return 'latin';
}

/**
 * What cross-language matching needs of a story — its writing system and entity ids — as one string stored with
 * the story when it is planned (`x1|hangul|kim_jong_un,xi_jinping`), so later polls compare against a window of
 * stored stories without extracting entities from each of them again. `x1` is the gazetteer's version: bump it
 * when ENTITIES or writingOf change, and stored keys of the old version are recomputed instead of trusted.
 */
const CROSS_KEY_VERSION = 'x1';

export function crossKeyOf(text: string): string {
  return `${CROSS_KEY_VERSION}|${writingOf(text)}|${[...entities(text)].sort().join(',')}`;
}

/** The writing and entities a stored cross key holds, or undefined when it is absent or of another version. */
export function readCrossKey(key: string | undefined): { writing: Writing; entities: Set<string> } | undefined {
  if (!key) return undefined;
  const [version, writing, ids] = key.split('|');
  if (version !== CROSS_KEY_VERSION || (writing !== 'latin' && writing !== 'hangul' && writing !== 'han') || ids === undefined) return undefined;
  return { writing, entities: new Set(ids ? ids.split(',') : []) };
}

export interface CrossCandidate<T> {
  item: T;
  entities: Set<string>;
  writing: Writing;
  publishedMs: number;
}

/**
 * The one candidate in another writing system that the story is the same as, by the rule in the header, or
 * undefined (no candidate strong enough, or two within CROSS_MARGIN of each other).
 */
export function crossMatch<T>(story: Omit<CrossCandidate<unknown>, 'item'>, candidates: Array<CrossCandidate<T>>): T | undefined {
  const scored: Array<{ item: T; score: number }> = [];
  for (const c of candidates) {
    if (c.writing === story.writing) continue;
    if (Math.abs(c.publishedMs - story.publishedMs) > CROSS.CROSS_HOURS * 3_600_000) continue;
    const e = crossEvidence(story.entities, c.entities);
    if (crossStrongEnough(e)) scored.push({ item: c.item, score: e.dice });
  }
  scored.sort((a, b) => b.score - a.score);
  if (scored.length === 0) return undefined;
  if (scored.length > 1 && scored[0]!.score - scored[1]!.score < CROSS.CROSS_MARGIN) return undefined;
  return scored[0]!.item;
}
