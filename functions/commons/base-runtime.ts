/**
 * What poll and dispatch set up at cold start: their environment, logs, and the stores over the AWS SDK
 * client. (`feed` wires itself leaner: ./feed-runtime.ts.)
 */
import { createStores, type Stores } from '../../src/services/stores';
import { lambdaEnv, type LambdaEnv } from './env';
import { createLogging, type Logging } from './logging';

export interface BaseRuntime {
  env: LambdaEnv;
  logging: Logging;
  stores: Stores;
}

export function baseRuntime(functionName: string, processEnv: NodeJS.ProcessEnv): BaseRuntime {
  const env = lambdaEnv(processEnv);
  return { env, logging: createLogging(functionName), stores: createStores(env) };
}
