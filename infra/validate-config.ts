/**
 * Package-time check and compile of the operator's config (run by infra/osls-plugin.cjs before every
 * `osls package` / `osls deploy` / `osls invoke local`, and by `npm run validate-config`):
 *   1. loads config/sources.yml and compiles config/rules.yml exactly as poll and publish do at cold start, so a
 *      mistake stops the deploy with the file, line, column and key instead of failing every scheduled run;
 *   2. writes config/.compiled/rules.json and sources.json, the compiled rules and source list poll (and, for
 *      the sources, dispatch) load at cold start instead of the YAML (src/services/config-files.ts).
 *
 *   node bin/run-ts.js infra/validate-config.ts [CONFIG_DIR]      exit 0 ok, 2 invalid
 */
import { configPaths, lambdaSources } from '../functions/commons/config';
import { lambdaEnv } from '../functions/commons/env';
import { writeCompiledSources } from '../src/services/compiled-sources';
import { loadRules, writeCompiledRules } from '../src/services/config-files';

export function validateConfig(configDir: string): string {
  const env = lambdaEnv({ CONFIG_DIR: configDir });
  const sources = lambdaSources(env);
  const rules = loadRules(configPaths(env).rulesFile);
  writeCompiledRules(configPaths(env).rulesFile);
  writeCompiledSources(configPaths(env).sourcesFile);
  const enabled = sources.sources.filter((s) => s.enabled).length;
  return (
    `config ok: ${sources.sources.length} sources (${enabled} enabled), ${rules.topics.length} topics` +
    `${rules.warnings.length ? `; warnings: ${rules.warnings.join('; ')}` : ''}`
  );
}

const isMain = process.argv[1]?.endsWith('validate-config.ts');
if (isMain) {
  try {
    console.log(`wiresieve: ${validateConfig(process.argv[2] ?? 'config')}`);
  } catch (err) {
    console.error(`wiresieve: ${(err as Error).message}`);
    process.exitCode = 2;
  }
}
