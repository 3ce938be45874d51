/**
 * MinHash signatures of shingle sets (Broder 1997), stored with each story so that comparing a new story with
 * the recent window needs no re-tokenizing of stored text.
 *
 * A signature keeps, for each of K = 128 hash functions, the minimum hash over the set's shingles, plus the
 * set's size. The share of equal slots between two signatures estimates the Jaccard similarity J of the sets
 * (standard error ≈ √(J(1−J)/K) ≤ 0.045); with the two sizes, J also gives the estimated intersection
 * |A∩B| = J(|A|+|B|)/(1+J), hence the containment |A∩B| / min(|A|,|B|) — what matters when one outlet carries a
 * two-sentence lede and another the whole article.
 *
 * Serialized as `m1:<size>:<base64url of K little-endian uint32>` (≈ 690 characters); the `m1` version prefix
 * lets a later algorithm ignore (and recompute) old signatures.
 */
export const MINHASH_K = 128;
const VERSION = 'm1';

export interface MinHash {
  size: number;
  mins: Uint32Array;
}

/** murmur3's 32-bit finalizer: a cheap, well-mixed permutation of 32-bit integers. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** K fixed seeds (splitmix-style sequence), so every process computes the same signatures. */
const SEEDS = (() => {
  const seeds = new Uint32Array(MINHASH_K);
  let s = 0x9e3779b9;
  for (let i = 0; i < MINHASH_K; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    seeds[i] = fmix32(s);
  }
  return seeds;
})();

export function minHash(shingles: Iterable<number>): MinHash {
  const mins = new Uint32Array(MINHASH_K).fill(0xffffffff);
  let size = 0;
  for (const x of shingles) {
    size++;
    for (let i = 0; i < MINHASH_K; i++) {
      const h = fmix32(x ^ SEEDS[i]!);
      if (h < mins[i]!) mins[i] = h;
    }
  }
  return { size, mins };
}

/** Estimated Jaccard similarity (0 when either set is empty). */
export function jaccardEstimate(a: MinHash, b: MinHash): number {
  if (a.size === 0 || b.size === 0) return 0;
  let eq = 0;
  for (let i = 0; i < MINHASH_K; i++) if (a.mins[i] === b.mins[i]) eq++;
  return eq / MINHASH_K;
}

/**
 * Estimated containment |A∩B| / min(|A|,|B|), from the Jaccard estimate and the sizes (capped at 1); pass `j`
 * when the caller already has the Jaccard estimate.
 */
export function containmentEstimate(a: MinHash, b: MinHash, j = jaccardEstimate(a, b)): number {
  if (j === 0) return 0;
  const inter = (j * (a.size + b.size)) / (1 + j);
  return Math.min(1, inter / Math.min(a.size, b.size));
}

export function encodeMinHash(m: MinHash): string {
  const bytes = Buffer.alloc(MINHASH_K * 4);
  for (let i = 0; i < MINHASH_K; i++) bytes.writeUInt32LE(m.mins[i]!, i * 4);
  return `${VERSION}:${m.size}:${bytes.toString('base64url')}`;
}

/** The signature, or undefined when `s` is missing, of another version, or malformed. */
export function decodeMinHash(s: string | undefined): MinHash | undefined {
  if (!s) return undefined;
  const [v, size, data] = s.split(':');
  if (v !== VERSION || size === undefined || data === undefined || !/^\d+$/.test(size)) return undefined;
  const bytes = Buffer.from(data, 'base64url');
  if (bytes.length !== MINHASH_K * 4) return undefined;
  const mins = new Uint32Array(MINHASH_K);
  for (let i = 0; i < MINHASH_K; i++) mins[i] = bytes.readUInt32LE(i * 4);
  return { size: Number(size), mins };
}
