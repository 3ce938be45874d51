/**
 * A loopback feed farm for scale runs (bench/scale.ts, test/integration/scale): `hosts` HTTP servers, each on its
 * own loopback address (127.0.x.y — Linux routes all of 127/8 to `lo`), serving `perHost` RSS feeds of varied
 * sizes with ETags (a conditional GET gets a 304). Deterministic by source index:
 *   - every 20th feed answers 500; every 50th host (refuseEvery) refuses connections (its server is closed);
 *   - every 25th host (slowEvery) is slow: each answer waits `slowMs` (default 1.5 s);
 *   - feed sizes cycle through 5…64 items; titles mix on- and off-topic wire headlines.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sourceIdFor } from '../../src/config';
import type { SourceConfig } from '../../src/core/source';

export interface FarmOptions {
  hosts: number;
  perHost: number;
  slowMs?: number;
  /** Every how many hosts one is slow (default 25) and one refuses connections (default 50). */
  slowEvery?: number;
  refuseEvery?: number;
}

export interface FeedFarm {
  sources: SourceConfig[];
  /** Requests answered, by status (0 = refused hosts are not counted: nothing answers). */
  answered: Map<number, number>;
  close(): Promise<void>;
}

const TITLES = [
  'China and South Korea agree to resume foreign ministers talks in Seoul',
  'North Korea and China mark treaty anniversary with Pyongyang banquet',
  'Seoul summons Chinese ambassador over Yellow Sea structure',
  'Stocks close higher as tech shares rally',
  'Weather: heavy snow expected across the region',
  'Beijing tightens checks on North Korean workers at the border',
  'Local festival draws record crowds',
  'Korea, China discuss visa-free travel for tour groups',
];

export function farmItems(index: number): number {
  return 5 + ((index * 37) % 60);
}

function feedXml(index: number, url: string): string {
  const items: string[] = [];
  const n = farmItems(index);
  for (let i = 0; i < n; i++) {
    const title = `${TITLES[(index + i) % TITLES.length]} (${index}-${i})`;
    const date = new Date(Date.UTC(2026, 10, 28, 0, 0, 0) - (index * 7 + i) * 600_000).toUTCString();
    items.push(
      `<item><title>${title}</title><link>${url.replace(/\.xml$/, '')}/story/${i}</link><guid>${url}#${i}</guid>` +
        `<pubDate>${date}</pubDate><description>${title}. Officials said on Tuesday that the talks would continue next week, ` +
        `according to a statement carried by state media. Story ${index}-${i}.</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Farm ${index}</title><link>${url}</link>${items.join('')}</channel></rss>`;
}

export async function startFeedFarm(opts: FarmOptions): Promise<FeedFarm> {
  const slowMs = opts.slowMs ?? 1500;
  const answered = new Map<number, number>();
  const servers: Server[] = [];
  const sources: SourceConfig[] = [];
  const count = (status: number): void => void answered.set(status, (answered.get(status) ?? 0) + 1);
  for (let h = 0; h < opts.hosts; h++) {
    const address = `127.0.${2 + Math.floor(h / 250)}.${1 + (h % 250)}`;
    const slow = h % (opts.slowEvery ?? 25) === (opts.slowEvery ?? 25) - 1;
    const bodies = new Map<string, { xml: string; etag: string; fail: boolean }>();
    const server = createServer((req, res) => {
      const answer = (): void => {
        const feed = bodies.get(req.url ?? '');
        if (!feed) return void (count(404), res.writeHead(404).end());
        if (feed.fail) return void (count(500), res.writeHead(500).end('upstream failure'));
        if (req.headers['if-none-match'] === feed.etag) return void (count(304), res.writeHead(304, { etag: feed.etag }).end());
        count(200);
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: feed.etag }).end(feed.xml);
      };
      if (slow) setTimeout(answer, slowMs);
      else answer();
    });
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    const base = `http://${address}:${(server.address() as AddressInfo).port}`;
    for (let k = 0; k < opts.perHost; k++) {
      const index = h * opts.perHost + k;
      const path = `/feeds/${index}.xml`;
      const url = `${base}${path}`;
      bodies.set(path, { xml: feedXml(index, url), etag: `"f${index}"`, fail: index % 20 === 19 });
      sources.push({ id: sourceIdFor(url), name: `Farm ${index}`, url, intervalMinutes: 10, enabled: true });
    }
    // A host that refuses connections: its address stays in the source list, its server goes away.
    if (h % (opts.refuseEvery ?? 50) === (opts.refuseEvery ?? 50) - 1) await new Promise<void>((resolve) => server.close(() => resolve()));
    else servers.push(server);
  }
  return {
    sources,
    answered,
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}
