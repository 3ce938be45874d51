/**
 * `wiresieve serve`: local mode. Embedded DynamoDB, the same poll pipeline as the `poll` Lambda (an in-process
 * loop stands in for EventBridge + SQS), the same publisher as the `publish` Lambda writing the site into
 * DIR/site (a folder instead of S3), and that folder served on the same routes on http://HOST:PORT.
 * Publishes at start, polls every enabled source, then, every minute, the sources that are due (each source's
 * interval, or --interval for all, lengthened by backoff / Retry-After / <ttl> / Cache-Control), publishing
 * after each round (only changed files are written). Ctrl-C stops everything, DynamoDB Local included.
 */
import { parseDuration } from '../core/duration';
import { loadConfig } from '../services/config-files';
import { consoleLogger, dueSources, isGone, openStore, startLocalSite, type LocalSite } from '../services/local';
import { createPoller } from '../services/poller';
import type { CliValues } from './args';
import { UsageError } from './args';
import { progressLine, summaryLine } from './progress';

export async function serveCommand(v: CliValues): Promise<number> {
  const port = Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${v.port}"`);
  const intervalMs = v.interval === undefined ? undefined : parseDuration(v.interval);
  if (v.interval !== undefined && (intervalMs === undefined || intervalMs < 1000)) throw new UsageError(`--interval must be a duration such as 10m or 1h, not "${v.interval}"`);
  const concurrency = Number(v.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError('--concurrency must be a positive integer');

  // 1. configuration first: a bad file stops start-up before anything is started.
  const config = loadConfig({ sourcesFile: v.sources, rulesFile: v.rules });
  const say = (line: string): void => console.log(line);
  const sources = config.sources.sources.map((s) =>
    intervalMs === undefined ? s : { ...s, intervalMinutes: Math.max(intervalMs / 60_000, 1 / 60) },
  );

  // 2. storage
  const store = await openStore(v.data, say);
  const logger = consoleLogger(v.verbose);
  let site: LocalSite | undefined;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say(`wiresieve: ${signal}, stopping`);
    if (timer) clearTimeout(timer);
    await site?.close().catch(() => undefined);
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  try {
    // 3. HTTP: the site folder, published once before the first round (an empty feed until stories arrive)
    site = await startLocalSite({ store, dataDir: v.data, port, host: v.host, feed: config.sources.feed, sourceConfigs: sources, topics: config.rules.topics, logger });
    await publish(site);
    say(`wiresieve: serving ${site.url.replace(/\/+$/, '')}/feed.xml (also /feed.atom, /feed.json, /sources.json, /) from ${site.dir}`);
  } catch (err) {
    await site?.close().catch(() => undefined);
    await store.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const where = `${v.host ?? '127.0.0.1'}:${port}`;
      throw new UsageError(code === 'EADDRINUSE'
        ? `cannot serve on ${where}: the port is in use (another wiresieve serve?); choose another with --port`
        : `cannot serve on ${where}: permission denied; choose a port above 1023 with --port`);
    }
    throw err;
  }

  // 4. polling loop, each round followed by a publish
  const poller = createPoller({
    stores: store, sources, classifier: config.rules, allowPrivateHosts: v['allow-private-hosts'], logger, concurrency,
  });
  const enabled = sources.filter((s) => s.enabled);
  // Where the previous round's window ended: each round's window starts there (pipeline/dispatch.ts).
  let since: Date | undefined;
  const round = async (all: boolean): Promise<void> => {
    const states = await store.sources.list();
    const byId = new Map(states.map((st) => [st.sourceId, st]));
    const now = new Date();
    // The first round polls every source (gone ones excepted); later ones only those that are due.
    const due = all ? enabled.filter((s) => !isGone(s, byId.get(s.id))) : dueSources(enabled, states, now, since);
    since = now;
    if (due.length === 0) return;
    const results = await poller.pollMany(due, (r) => say(progressLine(r)));
    const joined = await publish(site!);
    say(summaryLine(results, joined)); // after the publish: when the round is reported, its stories are in the served files
  };
  const tickMs = Math.min(intervalMs ?? 60_000, 60_000);
  const loop = async (first: boolean): Promise<void> => {
    try {
      await round(first);
    } catch (err) {
      // Infrastructure trouble (e.g. DynamoDB) must not kill the server: say so and try again next tick.
      console.error(`wiresieve: poll round failed: ${(err as Error).message}`);
    }
    if (!stopping) timer = setTimeout(() => void loop(false), tickMs);
  };
  say(`wiresieve: polling ${enabled.length} sources (${v.interval ? `every ${v.interval}` : 'each at its own interval'}); Ctrl-C to stop`);
  await loop(true);
  // Keep running until a signal arrives.
  await new Promise<never>(() => undefined);
  return 0;
}

/**
 * One publish; a timeline index that has not caught up leaves the site as it was until the next round. Resolves
 * to the copies it joined to another outlet's story.
 */
async function publish(site: LocalSite): Promise<number> {
  const { joined, lag } = await site.publish();
  if (lag) console.error(`wiresieve: ${lag}; publishing again after the next round`);
  return joined;
}
