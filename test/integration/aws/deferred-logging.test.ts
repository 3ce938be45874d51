/**
 * feed's logger, loaded on its first line (functions/commons/deferred-logging.ts): the lines must come out as
 * the eager Powertools logger would write them — in order, as JSON, with the invocation's Lambda context —
 * and be written by the time flush() settles, which the handler awaits before returning.
 */
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeferredLogging } from '../../../functions/commons/deferred-logging';

const context = {
  functionName: 'wiresieve-dev-feed',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:wiresieve-dev-feed',
  memoryLimitInMB: '512',
  awsRequestId: 'req-1',
  logGroupName: '/aws/lambda/wiresieve-dev-feed',
  logStreamName: 's',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

let lines: string[];
beforeEach(() => {
  lines = [];
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
  vi.stubEnv('POWERTOOLS_DEV', '');
  // Powertools writes JSON lines to stdout (warn and error to stderr); keep them here, not in the test output.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('deferred logging (feed)', () => {
  it('writes nothing and settles at once when nothing was logged', async () => {
    const logging = createDeferredLogging('feed');
    await logging.flush();
    expect(lines).toEqual([]);
  });

  it('writes every line, in order, as Powertools JSON with the invocation context, before flush() settles', async () => {
    // Prepare
    const logging = createDeferredLogging('feed');
    logging.addContext(context);
    // Act
    logging.logger.warn('publish: item skipped', { storyId: 's1', stage: 'render' });
    logging.logger.error('publish: request failed', { path: '/feed.xml' });
    logging.logger.debug('below the level: dropped');
    await logging.flush();
    // Assess
    const records = lines.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => [r.level, r.message])).toEqual([
      ['WARN', 'publish: item skipped'],
      ['ERROR', 'publish: request failed'],
    ]);
    expect(records[0]).toMatchObject({ storyId: 's1', stage: 'render', function: 'feed', function_request_id: 'req-1', function_name: 'wiresieve-dev-feed' });
    expect(records[1]).toMatchObject({ path: '/feed.xml', function_request_id: 'req-1' });
  });
});
