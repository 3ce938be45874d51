/**
 * The Lambda functions' environment, read once per cold start through src/config.ts readEnv (the one place
 * that reads process.env), with the Lambda defaults filled in: CONFIG_DIR defaults to config/ under the task
 * root, which is where serverless.yml packages sources.yml and rules.yml.
 */
import { join } from 'node:path';
import { readEnv, type EnvSettings } from '../../src/env';

export interface LambdaEnv extends EnvSettings {
  configDir: string;
  allowPrivateHosts: boolean;
}

export function lambdaEnv(env: NodeJS.ProcessEnv): LambdaEnv {
  const settings = readEnv(env);
  return {
    ...settings,
    configDir: settings.configDir ?? join(settings.taskRoot ?? process.cwd(), 'config'),
  };
}
