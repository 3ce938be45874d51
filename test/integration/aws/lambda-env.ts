/**
 * Test harness for the Lambda handlers: a fresh table on the DynamoDB Local of the global setup, a loopback
 * fixture feed server, a config folder listing it, and the environment a deployed function would have —
 * plus ALLOW_PRIVATE_HOSTS=true, which only tests set (the fixture server is on 127.0.0.1). Handlers build their
 * runtime at import, so each load sets the environment first and imports a fresh module graph.
 */
import { validateConfig } from '../../../infra/validate-config';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sourceIdFor } from '../../../src/config';
import { freshTable } from '../../helpers/dynamo';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server';
import { ROOT } from './package';

export const WIRE_XML = readFileSync(join(import.meta.dirname, 'fixtures/wire.xml'));

export interface LambdaFixture {
  env: Record<string, string>;
  server: FeedServer;
  /** With `hanging`: a second host (127.0.0.2) whose feeds accept the request and never answer. */
  hangServer?: FeedServer;
  hangIds: string[];
  table: string;
  client: DynamoDBClient;
  configDir: string;
  wireId: string;
  brokenId: string;
  close(): Promise<void>;
}

export async function lambdaFixture(opts: { hanging?: boolean } = {}): Promise<LambdaFixture> {
  const { client, table, endpoint } = await freshTable();
  const server = await startFeedServer({
    '/wire.xml': { body: WIRE_XML, etag: '"wire-v1"' },
    '/broken.xml': { status: 500, body: 'upstream down', contentType: 'text/plain' },
  });
  const hang = { handle: () => undefined }; // accepts the request, never answers
  const hangServer = opts.hanging ? await startFeedServer({ '/hang-1.xml': hang, '/hang-2.xml': hang }, '127.0.0.2') : undefined;
  const hangUrls = hangServer ? [`${hangServer.url}/hang-1.xml`, `${hangServer.url}/hang-2.xml`] : [];
  const configDir = mkdtempSync(join(tmpdir(), 'ws-lambda-config-'));
  writeFileSync(
    join(configDir, 'sources.yml'),
    `feed:\n  title: Test feed\n  baseUrl: https://feeds.example.test\nsources:\n` +
      `  - name: Loopback Wire\n    url: ${server.url}/wire.xml\n    lang: en\n` +
      `  - name: Broken Wire\n    url: ${server.url}/broken.xml\n` +
      hangUrls.map((url, i) => `  - name: Hanging Wire ${i + 1}\n    url: ${url}\n`).join(''),
  );
  copyFileSync(join(ROOT, 'config/rules.yml'), join(configDir, 'rules.yml'));
  validateConfig(configDir); // as packaging does
  const env = {
    TABLE_NAME: table,
    DYNAMODB_ENDPOINT: endpoint,
    CONFIG_DIR: configDir,
    ALLOW_PRIVATE_HOSTS: 'true',
    QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/wiresieve-test-PollQueue',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIATESTONLY',
    AWS_SECRET_ACCESS_KEY: 'test-only',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_SERVICE_NAME: 'wiresieve-test',
  };
  return {
    env, server, hangServer, table, client, configDir,
    wireId: sourceIdFor(`${server.url}/wire.xml`),
    brokenId: sourceIdFor(`${server.url}/broken.xml`),
    hangIds: hangUrls.map(sourceIdFor),
    close: async () => {
      await server.close();
      await hangServer?.close();
      client.destroy();
    },
  };
}

/** A Lambda context for an invocation that started now with `timeoutMs` to run, as the runtime gives it. */
export function lambdaContext(timeoutMs: number, functionName = 'wiresieve-test-poll') {
  const end = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: `req-${end}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/28/[$LATEST]test',
    getRemainingTimeInMillis: () => Math.max(0, end - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Imports a handler module as a fresh cold start with `env` set. */
export async function coldStart<M>(env: Record<string, string>, load: () => Promise<M>): Promise<M> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    vi.resetModules();
    return await load();
  } finally {
    for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/** An SQS event; `group` is the FIFO message group (the source's host, as dispatch sends it). */
export function sqsEvent(records: Array<{ id: string; body: string; group?: string }>) {
  return {
    Records: records.map(({ id, body, group }) => ({
      messageId: id,
      receiptHandle: `rh-${id}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1', SentTimestamp: '1795900000000', SenderId: 'AIDATEST', ApproximateFirstReceiveTimestamp: '1795900000000',
        ...(group ? { MessageGroupId: group } : {}),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:wiresieve-test-PollQueue',
      awsRegion: 'us-east-1',
    })),
  };
}
