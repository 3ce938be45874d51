import { describe, expect, it } from 'vitest';
import { DAY_MS, gridInterval, isGridPoint, lastGridPoint, maxAgeSeconds, nextFetchAt, nextGridPoint, type ScheduleInput } from '../../../src/core/schedule';

const NOW = new Date('2024-06-01T00:00:00Z');
const MIN = 60_000;
const base: ScheduleInput = { now: NOW, intervalMs: 15 * MIN, consecutiveFailures: 0, random: 0.5 };
const delay = (over: Partial<ScheduleInput>): number => nextFetchAt({ ...base, ...over }).getTime() - NOW.getTime();

describe('nextFetchAt', () => {
  it.each([
    ['success, no jitter at random=0.5', {}, 15 * MIN],
    ['success, jitter low end', { random: 0 }, 13.5 * MIN],
    ['success, jitter high end', { random: 0.999999 }, 16.5 * MIN],
    ['1 failure doubles', { consecutiveFailures: 1, random: 0 }, 30 * MIN],
    ['3 failures: ×8', { consecutiveFailures: 3, random: 0 }, 120 * MIN],
    ['failure jitter only adds', { consecutiveFailures: 1, random: 0.5 }, 30 * MIN * 1.125],
    ['backoff capped at 24 h', { consecutiveFailures: 20, random: 0.9 }, DAY_MS],
    ['ttl is a lower bound', { ttlMinutes: 60 }, 60 * MIN],
    ['ttl below the interval changes nothing', { ttlMinutes: 5 }, 15 * MIN],
    ['max-age is a lower bound', { cacheControl: 'public, max-age=3600' }, 60 * MIN],
    ['no-cache gives no bound', { cacheControl: 'no-cache, max-age=3600' }, 15 * MIN],
    ['a huge ttl is capped at 24 h', { ttlMinutes: 10080 }, DAY_MS],
    ['Retry-After is a floor', { consecutiveFailures: 1, retryAfterMs: 2 * 3600_000, random: 0 }, 2 * 3600_000],
    ['Retry-After shorter than the backoff changes nothing', { consecutiveFailures: 2, retryAfterMs: 1000, random: 0 }, 60 * MIN],
    ['Retry-After is capped at 24 h', { consecutiveFailures: 1, retryAfterMs: 7 * DAY_MS }, DAY_MS],
    ['an interval of 0 is raised to the 1 min minimum', { intervalMs: 0 }, MIN],
  ])('%s', (_label, over, want) => {
    expect(delay(over)).toBeCloseTo(want, -1);
  });

  it('returns to the normal interval once the source recovers', () => {
    const failing = delay({ consecutiveFailures: 4, random: 0 });
    const recovered = delay({ consecutiveFailures: 0 });
    expect(failing).toBe(240 * MIN);
    expect(recovered).toBe(15 * MIN);
  });

  it('is pure: same input, same answer', () => {
    expect(nextFetchAt(base).toISOString()).toBe(nextFetchAt({ ...base }).toISOString());
  });
});

describe('maxAgeSeconds', () => {
  it.each([
    ['max-age=600', 600],
    ['public, MAX-AGE="120"', 120],
    ['s-maxage=600', 0],
    ['no-store', 0],
    [undefined, 0],
  ])('%s → %d', (cc, want) => {
    expect(maxAgeSeconds(cc)).toBe(want);
  });
});

describe('the poll grid', () => {
  const MIN = 60_000;
  it.each(['a', 'b', 'source-with-a-long-id-0123456789'])('puts %s on grid points one interval apart', (id) => {
    const t = Date.parse('2026-11-28T12:34:56.789Z');
    const last = lastGridPoint(id, 10 * MIN, t);
    expect(last).toBeLessThanOrEqual(t);
    expect(t - last).toBeLessThan(10 * MIN);
    expect(nextGridPoint(id, 10 * MIN, t)).toBe(last + 10 * MIN);
    expect(isGridPoint(id, 10 * MIN, last)).toBe(true);
    expect(isGridPoint(id, 10 * MIN, last + 1)).toBe(false);
    expect(isGridPoint(id, 10 * MIN, Number.NaN)).toBe(false);
  });

  it('spreads sources over the interval', () => {
    const t = Date.parse('2026-11-28T12:00:00Z');
    const offsets = Array.from({ length: 200 }, (_, i) => t - lastGridPoint(`s${i}`, 10 * MIN, t));
    const buckets = new Set(offsets.map((o) => Math.floor(o / MIN)));
    expect(buckets.size).toBe(10); // every minute of the interval has sources
  });

  it.each<[string, Parameters<typeof gridInterval>[0], number | undefined]>([
    ['healthy', { intervalMs: 10 * MIN, consecutiveFailures: 0 }, 10 * MIN],
    ['a ttl within the interval', { intervalMs: 10 * MIN, consecutiveFailures: 0, ttlMinutes: 5, cacheControl: 'max-age=600' }, 10 * MIN],
    ['after a failure (backoff)', { intervalMs: 10 * MIN, consecutiveFailures: 1 }, undefined],
    ['Retry-After', { intervalMs: 10 * MIN, consecutiveFailures: 0, retryAfterMs: 60_000 }, undefined],
    ['a ttl beyond the interval', { intervalMs: 10 * MIN, consecutiveFailures: 0, ttlMinutes: 60 }, undefined],
    ['max-age beyond the interval', { intervalMs: 10 * MIN, consecutiveFailures: 0, cacheControl: 'max-age=3600' }, undefined],
    ['an interval over the 24 h cap', { intervalMs: 2 * DAY_MS, consecutiveFailures: 0 }, undefined],
  ])('gridInterval: %s', (_case, input, expected) => {
    expect(gridInterval(input)).toBe(expected);
  });
});

describe('sources health on the poll grid', () => {
  it('shows the next grid point as the next attempt of a healthy source whose stored one has passed', async () => {
    const { sourcesHealth } = await import('../../../src/pipeline/sources-health');
    const MIN = 60_000;
    const config = { id: 'a', name: 'A', url: 'https://a.example/rss', intervalMinutes: 10, enabled: true };
    const g0 = lastGridPoint('a', 10 * MIN, Date.parse('2026-11-28T12:00:00Z'));
    const state = { sourceId: 'a', url: config.url, name: 'A', consecutiveFailures: 0, itemsSeen: 1, itemsKept: 0, lastSuccessAt: new Date(g0 - 10 * MIN).toISOString(), nextFetchAt: new Date(g0).toISOString() };
    const now = new Date(g0 + 25 * MIN);
    expect(sourcesHealth([config], [state], now).sources[0]!.nextFetchAt).toBe(new Date(g0 + 30 * MIN).toISOString());
    expect(sourcesHealth([config], [state]).sources[0]!.nextFetchAt).toBe(state.nextFetchAt);
    const failing = { ...state, consecutiveFailures: 1 };
    expect(sourcesHealth([config], [failing], now).sources[0]!.nextFetchAt).toBe(state.nextFetchAt);
  });
});
