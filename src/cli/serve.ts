/**
 * `wiresieve serve`: local mode. Embedded DynamoDB, the same poll pipeline as the `poll` Lambda (an in-process
 * loop stands in for EventBridge + SQS), and the same routes as the `feed` Lambda on http://HOST:PORT.
 * Polls every enabled source at start, then, every minute, the sources that are due (each source's interval,
 * or --interval for all, lengthened by backoff / Retry-After / <ttl> / Cache-Control). Ctrl-C stops everything,
 * DynamoDB Local included.
 */
import { startHttpServer } from '../adapters/http-server';
import { webSubNotifierFor } from '../adapters/websub';
import { feedSettingsFor, readEnv } from '../env';
import { parseDuration } from '../core/duration';
import type { FeedSettings } from '../core/source';
import { createPublisher, type Publisher } from '../pipeline/publish';
import { dueSources, isGone } from '../pipeline/dispatch';
import { loadConfig } from '../services/config-files';
import { createPoller } from '../services/poller';
import type { CliValues } from './main';
import { UsageError } from './main';
import { progressLine, summaryLine } from './progress';
import { consoleLogger, openStore } from './runtime';

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
  const env = readEnv(process.env);

  // 2. storage
  const store = await openStore(v.data, say);
  const logger = consoleLogger(v.verbose);
  let server: Awaited<ReturnType<typeof startHttpServer>> | undefined;
  let settings: FeedSettings = config.sources.feed;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say(`wiresieve: ${signal}, stopping`);
    if (timer) clearTimeout(timer);
    await server?.close().catch(() => undefined);
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  try {
    // 3. HTTP
    // The publisher needs the public base URL for self links, known only once the port is bound (--port 0).
    let publisher: Publisher | undefined;
    server = await startHttpServer(
      async (req) => (publisher ? publisher.handle(req) : { status: 503, headers: { 'retry-after': '1' }, body: '' }),
      { port, host: v.host },
    );
    settings = feedSettingsFor(config.sources.feed, env, server.url);
    publisher = createPublisher({ stories: store.stories, sources: store.sources, settings, sourceConfigs: sources, topics: config.rules.topics });
    say(`wiresieve: serving ${server.url.replace(/\/+$/, '')}/feed.xml (also /feed.atom, /feed.json, /sources.json, /)`);
  } catch (err) {
    await store.close();
    throw err;
  }

  // 4. polling loop
  const notifier = webSubNotifierFor(settings);
  const poller = createPoller({
    stores: store, sources, classifier: config.rules, allowPrivateHosts: v['allow-private-hosts'], logger, notifier, concurrency,
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
    say(summaryLine(await poller.pollMany(due, (r) => say(progressLine(r)))));
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
