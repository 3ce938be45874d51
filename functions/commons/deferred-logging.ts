/**
 * The Powertools Logger, loaded on the first line logged instead of at cold start — for `feed`, which logs
 * only when something goes wrong. Loading Powertools Logger eagerly (it brings node:console and
 * AsyncLocalStorage) cost ~20 ms of `feed`'s cold start on the reference machine, about a quarter of its
 * budget (npm run bench -- coldstart).
 *
 * Lines keep their order (one promise chain) and the Lambda context of the invocation that logged them. The
 * handler awaits `flush()` before it returns, so no line is left to a frozen container; with nothing logged,
 * flush() is an already-settled promise.
 */
import type { Context } from 'aws-lambda';
import type { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { loggerPort } from '../../src/adapters/powertools-logger';
import type { Logger as LoggerPort } from '../../src/ports';

export interface DeferredLogging {
  /** The port the publisher and handler log through. */
  logger: LoggerPort;
  /** The invocation's Lambda context, applied to the lines it logs. */
  addContext(context: Context): void;
  /** Settles once every line logged so far is written. */
  flush(): Promise<void>;
}

type Level = keyof LoggerPort;

export function createDeferredLogging(functionName: string, settings: { logLevel?: string; serviceName?: string } = {}): DeferredLogging {
  let loaded: Promise<{ powertools: PowertoolsLogger; port: LoggerPort }> | undefined;
  let pending: Promise<void> = Promise.resolve();
  let context: Context | undefined;
  let applied: Context | undefined;
  const load = () =>
    (loaded ??= import('@aws-lambda-powertools/logger').then(({ Logger }) => {
      // The start-up environment's level and service, not whatever the environment holds by the first line.
      const powertools = new Logger({
        persistentKeys: { function: functionName },
        ...(settings.logLevel ? { logLevel: settings.logLevel as LogLevel } : {}),
        ...(settings.serviceName ? { serviceName: settings.serviceName } : {}),
      });
      return { powertools, port: loggerPort(powertools) };
    }));
  const at = (level: Level) => (message: string, extra?: Record<string, unknown>): void => {
    const ctx = context;
    pending = pending
      .then(load)
      .then(({ powertools, port }) => {
        if (ctx && ctx !== applied) {
          powertools.addContext(ctx);
          applied = ctx;
        }
        port[level](message, extra);
      })
      .catch((err: unknown) => {
        // The logger itself failed to load: say so on stderr rather than lose the line silently.
        console.error(JSON.stringify({ level: level.toUpperCase(), message, ...extra, function: functionName, loggerError: String(err) }));
      });
  };
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    addContext: (c) => {
      context = c;
    },
    flush: () => pending,
  };
}
