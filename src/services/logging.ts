/**
 * Structured JSON logs (Powertools Logger), one per Lambda container. The Powertools Logger satisfies the
 * pipeline's Logger port (message + one attributes object; src/adapters/powertools-logger.ts), so the pipeline
 * logs through it with its stable keys (sourceId, feedUrl, storyId, stage). Metrics are apart
 * (functions/commons/observability.ts).
 *
 * Env: POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL (set in serverless.yml).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { loggerPort } from '../adapters/powertools-logger';
import type { Logger as LoggerPort } from '../ports';

export interface Logging {
  /** The port the pipeline and handlers log through. */
  logger: LoggerPort;
  /** The Powertools logger itself (Lambda context). */
  powertools: Logger;
}

export function createLogging(functionName: string): Logging {
  const logger = new Logger({ persistentKeys: { function: functionName } });
  return { logger: loggerPort(logger), powertools: logger };
}
