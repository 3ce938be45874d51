/**
 * The operator's config files inside the Lambda package (serverless.yml copies config/sources.yml and
 * config/rules.yml next to the bundle), as poll, dispatch and publish read them. They were validated at package time
 * (infra/validate-config.ts), so a bad rule fails the deploy; loading them again here at cold start fails the
 * init if they are somehow broken, rather than every scheduled run quietly.
 */
import { join } from 'node:path';
import type { SourcesFile } from '../../src/config';
import { loadSourcesCompiled } from '../../src/services/compiled-sources';
import type { ConfigPaths } from '../../src/services/config-files';
import type { LambdaEnv } from './env';

export function configPaths(env: LambdaEnv): ConfigPaths {
  return { sourcesFile: join(env.configDir, 'sources.yml'), rulesFile: join(env.configDir, 'rules.yml') };
}

export function lambdaSources(env: LambdaEnv): SourcesFile {
  // The snapshot infra/validate-config.ts wrote at package time, while it matches sources.yml (else the YAML).
  return loadSourcesCompiled(configPaths(env).sourcesFile);
}
