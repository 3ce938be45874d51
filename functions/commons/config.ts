/**
 * The operator's config files inside the Lambda package (serverless.yml copies config/sources.yml and
 * config/rules.yml next to the bundle). They were validated at package time (infra/validate-config.ts), so a
 * bad rule fails the deploy; loading them again here at cold start is cheap and fails the init if they are
 * somehow broken, rather than every scheduled run quietly.
 */
import { join } from 'node:path';
import { parse } from 'yaml';
import { feedSettingsFor, loadSourcesFile, readConfigText, type SourcesFile } from '../../src/config';
import type { FeedSettings } from '../../src/core/source';
import type { ConfigPaths } from '../../src/services/config-files';
import type { LambdaEnv } from './env';

export function configPaths(env: LambdaEnv): ConfigPaths {
  return { sourcesFile: join(env.configDir, 'sources.yml'), rulesFile: join(env.configDir, 'rules.yml') };
}

export function lambdaSources(env: LambdaEnv): SourcesFile {
  return loadSourcesFile(configPaths(env).sourcesFile);
}

/**
 * Topic names of the rule file, without compiling it: `feed` only lists the topics, and compiling would put the
 * rule compiler and its Chinese variant tables into the feed bundle. Only the top-level `topics:` block is
 * parsed (a top-level key starts at column 0, so the block ends at the next such line): parsing the whole
 * 13 KB file cost `feed` ~60 ms of cold start. infra/validate-config.ts checks at package time that these names
 * equal the compiled rules' topics, so a file this shortcut misreads fails the deploy. Order is the file's.
 */
export function ruleTopicNames(env: LambdaEnv): string[] {
  const lines = readConfigText(configPaths(env).rulesFile).split(/\r?\n/);
  const start = lines.findIndex((l) => /^topics\s*:/.test(l));
  if (start < 0) return [];
  let end = start + 1;
  while (end < lines.length && !/^[^\s#]/.test(lines[end]!)) end++;
  const doc = parse(lines.slice(start, end).join('\n')) as { topics?: Record<string, unknown> } | null;
  return Object.keys(doc?.topics ?? {});
}

/** Feed settings from sources.yml, with the deployment's public URL and WebSub hub when set. */
export function feedSettings(sources: SourcesFile, env: LambdaEnv): FeedSettings {
  return feedSettingsFor(sources.feed, env);
}
