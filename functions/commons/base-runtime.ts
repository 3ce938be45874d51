/** What every function sets up at cold start: its environment, logs, and the stores. */
import { lambdaEnv, type LambdaEnv } from './env';
import { createLogging, type Logging } from './logging';

export interface BaseRuntime<S> {
  env: LambdaEnv;
  logging: Logging;
  stores: S;
}

/**
 * `makeStores` is the function's choice of DynamoDB client: poll and dispatch pass createStores (the AWS SDK),
 * feed passes createReadStores (the small signed-HTTP client), so each bundle holds only the client it uses.
 * Metrics (./observability.ts) and config are each function's own: poll and dispatch parse sources.yml (functions/commons/config.ts), feed reads
 * the snapshot compiled at package time (functions/commons/feed-config.ts).
 */
export function baseRuntime<S>(functionName: string, processEnv: NodeJS.ProcessEnv, makeStores: (env: LambdaEnv) => S): BaseRuntime<S> {
  const env = lambdaEnv(processEnv);
  return { env, logging: createLogging(functionName), stores: makeStores(env) };
}
