import { describe, expect, it } from 'vitest';
import { MemorySourceStore } from '../../../src/adapters/memory-store';
import type { SourceConfig } from '../../../src/core/source';
import type { PollMessage, SourceState } from '../../../src/ports';
import { dispatch, dueSources } from '../../../src/pipeline/dispatch';

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

describe('dispatch', () => {
  it('sends one message per due source and nothing when none is due', async () => {
    const sources = new MemorySourceStore();
    await sources.put(state('a', '2026-11-28T13:00:00Z'));
    const sent: PollMessage[][] = [];
    const queue = { send: async (m: PollMessage[]) => void sent.push(m) };
    const r = await dispatch({ sources, queue }, [src('a'), src('b'), src('c')], new Date('2026-11-28T12:00:00Z'));
    expect(r).toEqual({ due: 2, total: 3 });
    expect(sent).toEqual([[{ sourceId: 'b' }, { sourceId: 'c' }]]);

    const r2 = await dispatch({ sources, queue }, [src('a')], new Date('2026-11-28T12:00:00Z'));
    expect(r2.due).toBe(0);
    expect(sent).toHaveLength(1);
  });
});
