/**
 * `feed`'s view of the operator's config, compiled at package time: the feed settings and source list from
 * sources.yml and the topic names of the compiled rules.yml, as one JSON file in the package
 * (config/.compiled/feed.json, written by infra/validate-config.ts, which `npm run package`/`deploy` and the
 * osls plugin run before every package and `invoke local`). Parsing the YAML at cold start cost `feed` ~20 ms
 * (the parser's load plus the parse) of a ~90 ms budget; JSON.parse of the snapshot costs well under 1 ms.
 *
 * The snapshot carries a digest of the two YAML files and is refused when they have changed since, so a
 * stale snapshot is an init error naming the fix, never a feed that quietly disagrees with poll.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../src/config-error';
import type { FeedSettings, SourceConfig } from '../../src/core/source';

/** Where the snapshot lives, relative to the config folder. */
export const FEED_CONFIG_FILE = '.compiled/feed.json';
const INPUTS = ['sources.yml', 'rules.yml'] as const;

export interface FeedConfig {
  /** sha256 over the YAML files it was compiled from. */
  digest: string;
  feed: FeedSettings;
  sources: SourceConfig[];
  topics: string[];
}

function readInput(configDir: string, name: string): Buffer {
  const file = join(configDir, name);
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ConfigError(file, undefined, undefined, undefined, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function configDigest(configDir: string): string {
  const hash = createHash('sha256');
  for (const name of INPUTS) hash.update(`${name}\0`).update(readInput(configDir, name)).update('\0');
  return hash.digest('hex');
}

export function writeFeedConfig(configDir: string, config: Omit<FeedConfig, 'digest'>): string {
  const file = join(configDir, FEED_CONFIG_FILE);
  mkdirSync(dirname(file), { recursive: true });
  const snapshot: FeedConfig = { digest: configDigest(configDir), ...config };
  writeFileSync(file, `${JSON.stringify(snapshot, null, 1)}\n`);
  return file;
}

export function loadFeedConfig(configDir: string): FeedConfig {
  const file = join(configDir, FEED_CONFIG_FILE);
  const fix = 'run `npm run validate-config` (npm run package, npm run deploy and osls invoke local run it for you)';
  let snapshot: FeedConfig;
  try {
    snapshot = JSON.parse(readFileSync(file, 'utf8')) as FeedConfig;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(file, undefined, undefined, undefined, `${code === 'ENOENT' ? 'not found' : `unreadable (${code ?? (err as Error).message})`}: it is compiled from sources.yml and rules.yml; ${fix}`);
  }
  if (snapshot.digest !== configDigest(configDir)) {
    throw new ConfigError(file, undefined, undefined, 'digest', `stale: sources.yml or rules.yml changed since it was compiled; ${fix}`);
  }
  return snapshot;
}
