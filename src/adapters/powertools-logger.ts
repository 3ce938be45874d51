/**
 * The pipeline's Logger port over the Powertools Logger (structured JSON lines with the Lambda context). The
 * two differ only in typing: the port's attributes object is optional, Powertools' rest parameter is not.
 */
import type { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import type { Logger } from '../ports';

export function loggerPort(logger: PowertoolsLogger): Logger {
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, extra?: Record<string, unknown>): void => {
    if (extra) logger[level](message, extra as LogAttributes);
    else logger[level](message);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
