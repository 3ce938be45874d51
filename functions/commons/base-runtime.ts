/** What every function sets up at cold start: its environment, logs and metrics, sources.yml and the stores. */
import type { SourcesFile } from '../../src/config';
import { createStores, type Stores } from '../../src/services/stores';
import { lambdaSources } from './config';
import { lambdaEnv, type LambdaEnv } from './env';
import { createObservability, type Observability } from './observability';

export interface BaseRuntime {
  env: LambdaEnv;
  obs: Observability;
  sourcesFile: SourcesFile;
  stores: Stores;
}

export function baseRuntime(functionName: string, processEnv: NodeJS.ProcessEnv): BaseRuntime {
  const env = lambdaEnv(processEnv);
  return { env, obs: createObservability(functionName), sourcesFile: lambdaSources(env), stores: createStores(env) };
}
