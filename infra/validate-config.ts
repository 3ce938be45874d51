/**
 * Package-time check of the operator's config (run by infra/osls-plugin.cjs before every `osls package` /
 * `osls deploy`, and by `npm run validate-config`): loads config/sources.yml and compiles config/rules.yml
 * exactly as the functions do at cold start, and checks the feed function's view of the topics agrees with the
 * compiled rules. A mistake stops the deploy with the file, line, column and key — instead of every scheduled
 * run failing its init in Lambda.
 *
 *   node bin/run-ts.js infra/validate-config.ts [CONFIG_DIR]      exit 0 ok, 2 invalid
 */
import { lambdaEnv } from '../functions/commons/env';
import { configPaths, lambdaSources, ruleTopicNames } from '../functions/commons/config';
import { loadRules } from '../src/services/config-files';

export function validateConfig(configDir: string): string {
  const env = lambdaEnv({ CONFIG_DIR: configDir });
  const sources = lambdaSources(env);
  const { rulesFile } = configPaths(env);
  const rules = loadRules(rulesFile);
  const topics = ruleTopicNames(env);
  if (topics.join('\n') !== rules.topics.join('\n')) {
    throw new Error(`${rulesFile}: config: topics: the feed function would list [${topics.join(', ')}], the rules define [${rules.topics.join(', ')}]`);
  }
  const enabled = sources.sources.filter((s) => s.enabled).length;
  return `config ok: ${sources.sources.length} sources (${enabled} enabled), ${rules.topics.length} topics${rules.warnings.length ? `; warnings: ${rules.warnings.join('; ')}` : ''}`;
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
