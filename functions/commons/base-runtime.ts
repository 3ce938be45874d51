/** What every function sets up at cold start: its environment, logs, and the stores over the AWS SDK client. */
import { createStores, type Stores } from '../../src/services/stores';
import { lambdaEnv, type LambdaEnv } from './env';
import { createLogging, type Logging } from '../../src/services/logging';

export interface BaseRuntime {
  env: LambdaEnv;
  logging: Logging;
  stores: Stores;
}

export function baseRuntime(functionName: string, processEnv: NodeJS.ProcessEnv): BaseRuntime {
  const env = lambdaEnv(processEnv);
  return { env, logging: createLogging(functionName), stores: createStores(env) };
}
