/**
 * Composition root for the CLI and local mode: a logger on stderr; a DynamoDB — the embedded one (DynamoDB
 * Local, data under --data) unless DYNAMODB_ENDPOINT or TABLE_NAME + AWS_REGION point elsewhere; the local site
 * (the publisher writing DIR/site, served on loopback); and the pipeline steps the commands run over them.
 */
import { join } from 'node:path';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../adapters/embedded-dynamodb';
import { ensureTable } from '../adapters/dynamo-table';
import { startStaticServer } from '../adapters/static-server';
import type { CompiledRules } from '../core/rules';
import type { FeedSettings, SourceConfig } from '../core/source';
import { feedSettingsFor, readEnv } from '../env';
import type { Logger } from '../ports';
import { DEFAULT_RETENTION } from '../core/story';
import { TimelineLagError } from '../pipeline/publish';
import { reclassifyAll } from '../pipeline/reclassify';
import { createSitePublisher, folderSite } from './publisher';
import { createStores, type Stores } from './stores';

export { EmbeddedDynamoError } from '../adapters/embedded-dynamodb';
export { dueSources, isGone } from '../pipeline/dispatch';
export { selectForExport, toLabeledItem } from '../pipeline/export-stories';
export { sourcesHealth } from '../pipeline/sources-health';

export function consoleLogger(verbose: boolean): Logger {
  const line = (level: string, message: string, extra?: Record<string, unknown>): void => {
    process.stderr.write(`${level} ${message}${extra ? ` ${JSON.stringify(extra)}` : ''}\n`);
  };
  return {
    debug: (m, e) => verbose && line('debug', m, e),
    info: (m, e) => verbose && line('info', m, e),
    warn: (m, e) => verbose && line('warn', m, e),
    error: (m, e) => line('error', m, e),
  };
}

export interface OpenedStore extends Stores {
  where: string;
  close(): Promise<void>;
}

export async function openStore(dataDir: string, say: (line: string) => void): Promise<OpenedStore> {
  const env = readEnv(process.env);
  let embedded: EmbeddedDynamo | undefined;
  let endpoint = env.dynamoEndpoint;
  let where: string;
  if (endpoint) {
    where = `DynamoDB at ${endpoint} (DYNAMODB_ENDPOINT), table ${env.tableName}`;
  } else if (env.tableNameSet && env.region) {
    where = `DynamoDB in ${env.region}, table ${env.tableName}`;
  } else {
    embedded = await startEmbeddedDynamo({ dataDir });
    endpoint = embedded.endpoint;
    where = `embedded DynamoDB Local on ${endpoint}, data in ${dataDir}`;
  }
  const stores = createStores({ ...env, dynamoEndpoint: endpoint });
  try {
    if (endpoint) await ensureTable(stores.client, env.tableName);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  say(`wiresieve: ${where}`);
  return {
    ...stores,
    where,
    close: async () => {
      stores.client.destroy();
      await embedded?.stop();
    },
  };
}

export interface LocalSiteOptions {
  store: Pick<Stores, 'stories' | 'sources'>;
  /** Where the embedded DynamoDB keeps its files; the site goes to DIR/site. */
  dataDir: string;
  port: number;
  host?: string;
  feed: FeedSettings;
  sourceConfigs: SourceConfig[];
  topics: string[];
  logger: Logger;
}

export interface LocalSite {
  url: string;
  dir: string;
  /**
   * Publishes into the folder, then the server picks the files up. Resolves to how many copies joined another
   * outlet's story, or to `lag`, a message, when the timeline index had not caught up (nothing written;
   * publishing again later does it).
   */
  publish(): Promise<{ joined: number; lag?: string }>;
  close(): Promise<void>;
}

/** Local mode's site: the folder sink and the static server on it, with the publisher the Lambda uses. */
export async function startLocalSite(opts: LocalSiteOptions): Promise<LocalSite> {
  const dir = join(opts.dataDir, 'site');
  const server = await startStaticServer({ dir, port: opts.port, host: opts.host, logger: opts.logger });
  // The public base URL is known once the port is bound (--port 0), unless PUBLIC_BASE_URL says otherwise.
  const settings = feedSettingsFor(opts.feed, readEnv(process.env), server.url);
  const publisher = createSitePublisher({ stores: opts.store, sink: folderSite(dir), settings, sourceConfigs: opts.sourceConfigs, topics: opts.topics, logger: opts.logger });
  return {
    url: server.url,
    dir,
    publish: async () => {
      try {
        return { joined: (await publisher.publish()).joined ?? 0 };
      } catch (err) {
        if (!(err instanceof TimelineLagError)) throw err;
        return { joined: 0, lag: err.message };
      } finally {
        server.reload();
      }
    },
    close: () => server.close(),
  };
}

/** `rules apply`: every stored story re-classified with these rules, with the retention poll uses. */
export function reclassifyStored(store: Pick<Stores, 'stories'>, rules: CompiledRules, now = new Date()): ReturnType<typeof reclassifyAll> {
  return reclassifyAll({ stories: store.stories, classifier: rules, retention: DEFAULT_RETENTION, now });
}
