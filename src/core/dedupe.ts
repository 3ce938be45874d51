/**
 * Deduplication, in three layers (each module's header states its rules):
 *  1. identity (core/identity.ts): canonical URLs and the story-id fallback chain — the same article under
 *     tracking parameters, http/https, fragments, `www.` or another GUID gets one id, so the conditional put
 *     stores it once;
 *  2. near-duplicates (core/dedupe/*): a MinHash signature of the body's shingles (3-word shingles for spaced
 *     scripts, character 3-grams for Hangul and Han) plus the title with wire tags ("(LEAD)", "UPDATE 1-",
 *     "[속보]", "(종합)") stripped, compared against the recent window (similarity.ts), and a conservative
 *     cross-language link on named entities and time (crosslang.ts);
 *  3. clusters (pipeline/cluster.ts): one published item per story, the earliest stored copy, with the other
 *     outlets under "also reported".
 */
export { canonicalUrl, isTrackingParam, storyId, sha256Hex, TRACKING_PARAMS } from './identity';
export { normalizeTitle, stripWireTags } from './dedupe/title';
export { bodyText, compare, fingerprint, signatureOf, THRESHOLDS, type Comparison, type Fingerprint } from './dedupe/similarity';
export { crossEvidence, crossKeyOf, crossMatch, entities, readCrossKey, writingOf, CROSS, type CrossCandidate } from './dedupe/crosslang';
