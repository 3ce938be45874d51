/**
 * When to poll a source next. Pure: the clock (`now`) and the randomness (`random` in [0,1)) are parameters.
 *
 *   nextFetchAt({ now, intervalMs, consecutiveFailures, retryAfterMs?, ttlMinutes?, cacheControl?, random,
 *                 maxIntervalMs? = 24 h, minIntervalMs? = 1 min }): Date
 *
 * Rules, in order:
 *   1. base = the source's normal interval. After a success (consecutiveFailures = 0) this is all, so a source
 *      that recovers goes straight back to its normal cadence.
 *   2. failure n ≥ 1: exponential backoff, base × 2^n (n = consecutive failures including this one).
 *   3. the feed's `<ttl>` (RSS 2.0: minutes the channel may be cached) and the response's Cache-Control
 *      `max-age` (RFC 9111 §5.2.2.1) are LOWER bounds: we never poll more often than the publisher allows, but
 *      neither may push the interval past `maxIntervalMs` (a feed saying ttl=10080 still gets a daily look).
 *      `no-cache`/`no-store` give no bound. `s-maxage` is for shared caches and ignored.
 *   4. jitter, so sources configured alike do not poll in lockstep: ±10 % after a success, +0–25 % after a
 *      failure (never sooner than the backoff step, spread later to avoid a thundering herd on recovery).
 *   5. Retry-After (429/503, from FetchError.retryAfterMs) is a floor on the delay.
 *   6. the delay is clamped to [minIntervalMs, maxIntervalMs].
 */

export interface ScheduleInput {
  now: Date;
  /** The source's normal poll interval. */
  intervalMs: number;
  /** Consecutive failed attempts including the one just made; 0 after a success. */
  consecutiveFailures: number;
  /** From a 429/503 Retry-After header. */
  retryAfterMs?: number;
  /** The feed's `<ttl>` in minutes. */
  ttlMinutes?: number;
  /** The response's Cache-Control header value. */
  cacheControl?: string;
  /** A random number in [0,1) for jitter. */
  random: number;
  maxIntervalMs?: number;
  minIntervalMs?: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

export function nextFetchAt(input: ScheduleInput): Date {
  const max = input.maxIntervalMs ?? DAY_MS;
  const min = input.minIntervalMs ?? MINUTE_MS;
  const failures = Math.max(0, Math.floor(input.consecutiveFailures));
  const random = Math.min(Math.max(input.random, 0), 1);

  let interval = Math.max(input.intervalMs, min);
  if (failures > 0) interval = Math.min(interval * 2 ** Math.min(failures, 30), max);

  const ttlMs = input.ttlMinutes && input.ttlMinutes > 0 ? input.ttlMinutes * MINUTE_MS : 0;
  const maxAgeMs = maxAgeSeconds(input.cacheControl) * 1000;
  interval = Math.max(interval, Math.min(Math.max(ttlMs, maxAgeMs), max));

  let delay = failures > 0 ? interval * (1 + 0.25 * random) : interval * (1 + 0.1 * (2 * random - 1));
  if (input.retryAfterMs !== undefined && input.retryAfterMs > 0) delay = Math.max(delay, input.retryAfterMs);
  delay = Math.min(Math.max(delay, min), max);
  return new Date(input.now.getTime() + Math.round(delay));
}

/** Cache-Control max-age in seconds; 0 when absent or when no-cache / no-store forbid reuse. */
export function maxAgeSeconds(cacheControl: string | undefined): number {
  if (!cacheControl) return 0;
  const directives = cacheControl.toLowerCase().split(',').map((d) => d.trim());
  if (directives.some((d) => d === 'no-store' || d === 'no-cache')) return 0;
  const m = directives.map((d) => /^max-age\s*=\s*"?(\d+)"?$/.exec(d)).find((x) => x);
  return m ? Number(m[1]) : 0;
}

/**
 * The poll grid of a healthy source: times phase + k × interval (k an integer), the phase a hash of the source id
 * in [0, interval). A source that succeeded and whose interval nothing lengthens (no backoff, Retry-After, ttl or
 * max-age beyond it) is due at its grid points, so *when* it is due follows from the time alone: dispatch sees a
 * grid point pass without the poll having written a new nextFetchAt, and a poll that changed nothing writes
 * nothing (pipeline/poll-source.ts). The phases spread sources over the interval as the jitter did.
 */
export function gridInterval(input: Pick<ScheduleInput, 'intervalMs' | 'consecutiveFailures' | 'retryAfterMs' | 'ttlMinutes' | 'cacheControl' | 'maxIntervalMs' | 'minIntervalMs'>): number | undefined {
  const max = input.maxIntervalMs ?? DAY_MS;
  const min = input.minIntervalMs ?? MINUTE_MS;
  if (input.consecutiveFailures > 0 || (input.retryAfterMs ?? 0) > 0) return undefined;
  if (input.intervalMs < min || input.intervalMs > max) return undefined;
  const ttlMs = input.ttlMinutes && input.ttlMinutes > 0 ? input.ttlMinutes * MINUTE_MS : 0;
  if (Math.max(ttlMs, maxAgeSeconds(input.cacheControl) * 1000) > input.intervalMs) return undefined;
  return input.intervalMs;
}

function gridPhase(sourceId: string, intervalMs: number): number {
  let h = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < sourceId.length; i++) h = Math.imul(h ^ sourceId.charCodeAt(i), 0x01000193) >>> 0;
  return h % intervalMs;
}

/** The source's last grid point at or before `t` (epoch ms). */
export function lastGridPoint(sourceId: string, intervalMs: number, t: number): number {
  const phase = gridPhase(sourceId, intervalMs);
  return phase + Math.floor((t - phase) / intervalMs) * intervalMs;
}

/** The source's first grid point after `t`. */
export function nextGridPoint(sourceId: string, intervalMs: number, t: number): number {
  return lastGridPoint(sourceId, intervalMs, t) + intervalMs;
}

export function isGridPoint(sourceId: string, intervalMs: number, t: number): boolean {
  return Number.isFinite(t) && lastGridPoint(sourceId, intervalMs, t) === t;
}
