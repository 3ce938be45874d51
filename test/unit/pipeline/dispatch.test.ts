import { describe, expect, it } from 'vitest';
import { MemorySourceStore } from '../../../src/adapters/memory-store';
import type { SourceConfig } from '../../../src/core/source';
import type { PollMessage, SourceState } from '../../../src/ports';
import { dispatch, dueSources, pollMessages } from '../../../src/pipeline/dispatch';
import { lastGridPoint, nextGridPoint } from '../../../src/core/schedule';

const src = (id: string, enabled = true): SourceConfig => ({ id, name: id, url: `https://${id}.example/rss`, intervalMinutes: 10, enabled });
const state = (sourceId: string, nextFetchAt?: string): SourceState => ({
  sourceId, url: `https://${sourceId}.example/rss`, name: sourceId, consecutiveFailures: 0, itemsSeen: 0, itemsKept: 0, nextFetchAt,
});

describe('dueSources', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  it.each([
    ['never polled', [src('a')], [], ['a']],
    ['next attempt passed', [src('a')], [state('a', '2026-11-28T11:59:59Z')], ['a']],
    ['next attempt exactly now', [src('a')], [state('a', '2026-11-28T12:00:00Z')], ['a']],
    ['next attempt in the future (interval or backoff)', [src('a')], [state('a', '2026-11-28T12:00:01Z')], []],
    ['disabled', [src('a', false)], [], []],
    ['mixed', [src('a'), src('b'), src('c')], [state('a', '2026-11-28T13:00:00Z'), state('b', '2026-11-28T11:00:00Z')], ['b', 'c']],
  ])('%s', (_case, configs, states, expected) => {
    expect(dueSources(configs, states, now).map((s) => s.id)).toEqual(expected);
  });
});

describe('dueSources on the poll grid', () => {
  // A healthy source whose unchanged polls left its stored nextFetchAt at an old grid point: the tick whose
  // window holds its next grid point dispatches it, the others do not.
  const MIN = 60_000;
  const g0 = lastGridPoint('a', 10 * MIN, Date.parse('2026-11-28T12:00:00Z'));
  const stored = [state('a', new Date(g0).toISOString())];
  const tick = (at: number) => dueSources([src('a')], stored, new Date(at), new Date(at - 5 * MIN)).map((s) => s.id);
  it('is due in the tick that holds a grid point, and only then', () => {
    const g1 = g0 + 10 * MIN;
    expect(tick(g1)).toEqual(['a']); // (g1 − 5 min, g1]
    expect(tick(g1 + 4 * MIN)).toEqual(['a']);
    expect(tick(g1 + 5 * MIN)).toEqual([]); // (g1, g1 + 5 min]
    expect(tick(g1 - 1)).toEqual([]);
    // Ticks that tile time see each grid point once.
    const hits = Array.from({ length: 12 }, (_, k) => tick(g0 + 1 + k * 5 * MIN).length).reduce((a, b) => a + b, 0);
    expect(hits).toBe(6); // one hour: six grid points
  });

  it('keeps backoff and holds: a stored time in the future waits, a failing source is due once it passed', () => {
    const later = nextGridPoint('a', 10 * MIN, g0 + 30 * MIN);
    expect(dueSources([src('a')], [state('a', new Date(later).toISOString())], new Date(g0 + 30 * MIN), new Date(g0 + 25 * MIN))).toEqual([]);
    const failing = { ...state('a', new Date(g0 + 1).toISOString()), consecutiveFailures: 2 };
    expect(dueSources([src('a')], [failing], new Date(g0 + 2), new Date(g0 + 1)).map((s) => s.id)).toEqual(['a']);
  });

  it('gives each grid point its own deduplication id', () => {
    const at = (t: number) => pollMessages([src('a')], stored, new Date(t))[0]!.dedupeId;
    expect(at(g0 + 10 * MIN)).not.toBe(at(g0 + 20 * MIN));
    expect(at(g0 + 10 * MIN)).toBe(at(g0 + 12 * MIN)); // a repeated tick: SQS drops the copy
  });
});

describe('pollMessages', () => {
  it('groups by host and derives the deduplication id from the state that made the source due', () => {
    const a1 = { ...src('a1'), url: 'https://WIRE.example:8443/one.xml' };
    const a2 = { ...src('a2'), url: 'https://wire.example:8443/two.xml' };
    const msgs = pollMessages([a1, a2], [state('a1', '2026-11-28T11:00:00.000Z')]);
    expect(msgs.map(({ fetch, ...m }) => (void fetch, m))).toEqual([
      { sourceId: 'a1', group: 'wire.example:8443', dedupeId: 'a1:2026-11-28T11:00:00.000Z' },
      { sourceId: 'a2', group: 'wire.example:8443', dedupeId: 'a2:first' },
    ]);
    // A second dispatch before the poll ran sends the same ids (SQS FIFO drops the copies) …
    expect(pollMessages([a1, a2], [state('a1', '2026-11-28T11:00:00.000Z')])).toEqual(msgs);
    // … and once the poll moved nextFetchAt, the next dispatch is a new message.
    expect(pollMessages([a1], [state('a1', '2026-11-28T12:10:00.000Z')])[0]!.dedupeId).not.toBe(msgs[0]!.dedupeId);
  });
});

describe('pollMessages carry the conditional request the poll sends', () => {
  const a = src('a');
  it.each([
    ['never polled: the configured URL, no validators', undefined, { for: a.url, url: a.url }],
    ['the last answer\'s validators', { ...state('a'), etag: '"v7"', lastModified: 'Sat, 28 Nov 2026 10:00:00 GMT' }, { for: a.url, url: a.url, etag: '"v7"', lastModified: 'Sat, 28 Nov 2026 10:00:00 GMT' }],
    ['where the feed moved for good', { ...state('a'), effectiveUrl: 'https://new.example/rss', etag: '"v2"' }, { for: a.url, url: 'https://new.example/rss', etag: '"v2"' }],
    ['the configured URL again once the operator changed it', { ...state('a'), url: 'https://old.example/rss', effectiveUrl: 'https://moved.example/rss' }, { for: a.url, url: a.url }],
  ])('%s', (_case, st, expected) => {
    expect(pollMessages([a], st ? [st] : [])[0]!.fetch).toEqual(expected);
  });
});

describe('dispatch', () => {
  it('sends one message per due source and nothing when none is due', async () => {
    const sources = new MemorySourceStore();
    await sources.put(state('a', '2026-11-28T13:00:00Z'));
    const sent: PollMessage[][] = [];
    const queue = { send: async (m: PollMessage[]) => void sent.push(m) };
    const r = await dispatch({ sources, queue }, [src('a'), src('b'), src('c')], new Date('2026-11-28T12:00:00Z'));
    expect(r).toEqual({ due: 2, total: 3 });
    expect(sent).toEqual([
      [
        { sourceId: 'b', group: 'b.example', dedupeId: 'b:first', fetch: { for: src('b').url, url: src('b').url } },
        { sourceId: 'c', group: 'c.example', dedupeId: 'c:first', fetch: { for: src('c').url, url: src('c').url } },
      ],
    ]);

    const r2 = await dispatch({ sources, queue }, [src('a')], new Date('2026-11-28T12:00:00Z'));
    expect(r2.due).toBe(0);
    expect(sent).toHaveLength(1);
  });
});
