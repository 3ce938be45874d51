/**
 * The Lambda functions' environment, read once per cold start (the CLI reads the same variables through
 * src/config.ts readEnv). Two variables exist only here:
 *   CONFIG_DIR           folder holding sources.yml and rules.yml (default: config/ under the task root, which is
 *                        where serverless.yml packages them)
 *   ALLOW_PRIVATE_HOSTS  "true" lifts the fetcher's SSRF guard. For tests against loopback fixture servers ONLY:
 *                        never set it in a deployed stage (serverless.yml does not), or a source URL could make
 *                        `poll` fetch instance metadata or other private addresses.
 */
import { join } from 'node:path';
import { readEnv, type EnvSettings } from '../../src/config';

export interface LambdaEnv extends EnvSettings {
  configDir: string;
  allowPrivateHosts: boolean;
}

export function lambdaEnv(env: NodeJS.ProcessEnv): LambdaEnv {
  return {
    ...readEnv(env),
    configDir: env.CONFIG_DIR || join(env.LAMBDA_TASK_ROOT || process.cwd(), 'config'),
    allowPrivateHosts: env.ALLOW_PRIVATE_HOSTS === 'true',
  };
}
