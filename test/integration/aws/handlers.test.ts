/**
 * The Lambda handlers, called directly as Lambda would, against the real DynamoDB Local, loopback fixture feed
 * servers and, for dispatch and publish, a FIFO queue and the site bucket on moto_server. What the real parts cannot do (DynamoDB throttling, a
 * store that dies mid-batch) is injected by client middlewares, each marked MOCK where it is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MIN_RECORD_FETCH_MS, SAFETY_MS, STORE_RESERVE_MS } from '../../../functions/commons/poll-deadline';
import { coldStart, lambdaContext, lambdaFixture, sqsEvent, type LambdaFixture } from './lambda-env';
import { MOTO_CREDENTIALS, motoS3, startMoto, type Moto } from './moto';

let fx: LambdaFixture;
beforeEach(async () => {
  fx = await lambdaFixture();
});
afterEach(async () => {
  await fx.close();
});

const loadPoll = () => coldStart(fx.env, () => import('../../../functions/poll'));

async function storyItems(): Promise<Array<{ pk: string; kept: boolean }>> {
  const out = await fx.client.send(new ScanCommand({ TableName: fx.table }));
  return (out.Items ?? []).filter((i) => i.pk?.S?.startsWith('STORY#')).map((i) => ({ pk: i.pk!.S!, kept: i.kept?.BOOL ?? false }));
}

async function sourceState(id: string): Promise<Record<string, unknown> | undefined> {
  const out = await fx.client.send(new GetItemCommand({ TableName: fx.table, Key: { pk: { S: `SOURCE#${id}` }, sk: { S: 'STATE' } } }));
  return out.Item?.data?.S ? (JSON.parse(out.Item.data.S) as Record<string, unknown>) : undefined;
}

describe('poll', () => {
  it('polls the source of each record and stores every item once', async () => {
    // Prepare
    const poll = await loadPoll();
    // Act
    const res = await poll.handler(sqsEvent([{ id: 'm1', body: JSON.stringify({ sourceId: fx.wireId }) }]) as never);
    // Assess
    expect(res.batchItemFailures).toEqual([]);
    const items = await storyItems();
    expect(items).toHaveLength(4);
    expect(items.filter((i) => i.kept)).toHaveLength(3);
    expect(await sourceState(fx.wireId)).toMatchObject({ etag: '"wire-v1"', consecutiveFailures: 0 });
  });

  it('records a failing source in its state and does not fail the record', async () => {
    // Prepare
    const poll = await loadPoll();
    // Act
    const res = await poll.handler(sqsEvent([{ id: 'm1', body: JSON.stringify({ sourceId: fx.brokenId }) }]) as never);
    // Assess
    expect(res.batchItemFailures).toEqual([]);
    expect(await sourceState(fx.brokenId)).toMatchObject({ consecutiveFailures: 1, lastStatus: 500 });
  });

  it.each([
    ['not JSON', true, 'sourceId=abc'],
    ['no sourceId', true, '{"id":"abc"}'],
    ['a source no longer configured', false, '{"sourceId":"0000000000000000"}'],
  ])('a message with %s: record failed = %s', async (_name, fails, body) => {
    // Prepare
    const poll = await loadPoll();
    // Act
    const res = await poll.handler(sqsEvent([{ id: 'bad', body }, { id: 'good', body: JSON.stringify({ sourceId: fx.wireId }) }]) as never);
    // Assess
    expect(res.batchItemFailures).toEqual(fails ? [{ itemIdentifier: 'bad' }] : []);
    expect(await storyItems()).toHaveLength(4);
  });

  it('retries injected DynamoDB throttling and loses nothing', async () => {
    // Prepare — a MOCK: DynamoDB Local cannot throttle, so a client middleware inside the SDK's retry loop
    // throws ThrottlingException for the first 2 write attempts (the stories' transaction, then the state's
    // PutItem or the retry); the real store, SDK retry and table do the rest.
    const poll = await loadPoll();
    const { ThrottlingException } = await import('@aws-sdk/client-dynamodb');
    let throttled = 0;
    poll.runtime.stores.client.middlewareStack.add(
      (next, ctx) => async (args) => {
        if (/^(PutItem|TransactWriteItems)Command$/.test(ctx.commandName ?? '') && throttled < 2) {
          throttled++;
          throw new ThrottlingException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: { httpStatusCode: 400 } });
        }
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'injectThrottling' },
    );
    // Act
    const res = await poll.handler(sqsEvent([{ id: 'm1', body: JSON.stringify({ sourceId: fx.wireId }) }]) as never);
    // Assess
    expect(throttled).toBe(2);
    expect(res.batchItemFailures).toEqual([]);
    expect(await storyItems()).toHaveLength(4);
  });

  it('fails only the record whose store write died, and its redelivery writes each story exactly once', async () => {
    // Prepare — the write of the feed's stories (one transaction) fails outright (no SDK retry: thrown before the
    // retry loop), as if DynamoDB were unreachable; every successful story create is counted per key.
    const poll = await loadPoll();
    const created = new Map<string, number>();
    let failNext = true;
    type Put = { Item?: { pk?: { S?: string } }; ConditionExpression?: string };
    poll.runtime.stores.client.middlewareStack.add(
      (next, ctx) => async (args) => {
        const input = args.input as Put & { TransactItems?: Array<{ Put?: Put }> };
        const puts = ctx.commandName === 'TransactWriteItemsCommand' ? (input.TransactItems ?? []).flatMap((t) => (t.Put ? [t.Put] : [])) : ctx.commandName === 'PutItemCommand' ? [input] : [];
        const creates = puts.filter((p) => p.Item?.pk?.S?.startsWith('STORY#') && p.ConditionExpression).map((p) => p.Item!.pk!.S!);
        if (creates.length && failNext) {
          failNext = false;
          throw Object.assign(new Error('connect ECONNREFUSED dynamodb'), { name: 'NetworkingError' });
        }
        const out = await next(args);
        for (const pk of creates) created.set(pk, (created.get(pk) ?? 0) + 1);
        return out;
      },
      { step: 'initialize', name: 'dieMidBatch' },
    );
    const event = sqsEvent([{ id: 'wire', body: JSON.stringify({ sourceId: fx.wireId }) }, { id: 'broken', body: JSON.stringify({ sourceId: fx.brokenId }) }]);
    // Act
    const first = await poll.handler(event as never);
    const afterFirst = (await storyItems()).length;
    const stateAfterFirst = await sourceState(fx.wireId);
    const second = await poll.handler(sqsEvent([{ id: 'wire', body: JSON.stringify({ sourceId: fx.wireId }) }]) as never);
    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'wire' }]);
    expect(afterFirst).toBe(0);
    expect(stateAfterFirst?.etag).toBeUndefined(); // validators not advanced, so the redelivery refetches in full
    expect(second.batchItemFailures).toEqual([]);
    const wireFetches = fx.server.requests.filter((r) => r.path === '/wire.xml');
    expect(wireFetches.map((r) => r.headers['if-none-match'])).toEqual([undefined, undefined]);
    expect(await storyItems()).toHaveLength(4);
    expect([...created.values()]).toEqual([1, 1, 1, 1]);
  });

  it('a redelivered record after success writes nothing (304 from the source)', async () => {
    // Prepare
    const poll = await loadPoll();
    const body = JSON.stringify({ sourceId: fx.wireId });
    await poll.handler(sqsEvent([{ id: 'm1', body }]) as never);
    let writes = 0;
    poll.runtime.stores.client.middlewareStack.add(
      (next, ctx) => async (args) => {
        if (/^(PutItem|TransactWriteItems)Command$/.test(ctx.commandName ?? '') && JSON.stringify(args.input).includes('STORY#')) writes++;
        return next(args);
      },
      { step: 'initialize', name: 'countWrites' },
    );
    // Act
    const res = await poll.handler(sqsEvent([{ id: 'm1', body }]) as never);
    // Assess
    expect(res.batchItemFailures).toEqual([]);
    expect(writes).toBe(0);
    expect(fx.server.requests.at(-1)?.headers['if-none-match']).toBe('"wire-v1"');
  });
});

describe('poll with the request dispatch put in its message', () => {
  it('sends that request before it reads the state: the message\'s validators make the first poll a 304', async () => {
    // Prepare: no state stored yet; the message says what dispatch knew (as if the state were being written)
    const poll = await loadPoll();
    const wireUrl = `${fx.server.url}/wire.xml`;
    const body = JSON.stringify({ sourceId: fx.wireId, fetch: { for: wireUrl, url: wireUrl, etag: '"wire-v1"' } });
    // Act
    const res = await poll.handler(sqsEvent([{ id: 'm1', body }]) as never);
    // Assess
    expect(res.batchItemFailures).toEqual([]);
    expect(fx.server.requests.at(-1)?.headers['if-none-match']).toBe('"wire-v1"');
    expect(await storyItems()).toHaveLength(0);
    expect(await sourceState(fx.wireId)).toMatchObject({ lastStatus: 304, consecutiveFailures: 0 });
  });

  it.each([
    ['a malformed one', { url: 5 }],
    ['one made for another configured URL', { for: 'https://elsewhere.example/rss', url: 'https://elsewhere.example/rss', etag: '"wire-v1"' }],
  ])('ignores %s: reads the state first and sends its request', async (_name, fetch) => {
    // Prepare
    const poll = await loadPoll();
    // Act
    const res = await poll.handler(sqsEvent([{ id: 'm1', body: JSON.stringify({ sourceId: fx.wireId, fetch }) }]) as never);
    // Assess
    expect(res.batchItemFailures).toEqual([]);
    expect(fx.server.requests.at(-1)?.headers['if-none-match']).toBeUndefined();
    expect(await storyItems()).toHaveLength(4);
  });
});

describe('poll works to the deadline of its Lambda context', () => {
  // Its own fixture: a second host (127.0.0.2) whose two feeds accept the request and never answer.
  let hx: LambdaFixture;
  beforeEach(async () => {
    hx = await lambdaFixture({ hanging: true });
  });
  afterEach(async () => {
    await hx.close();
  });
  const stateOf = async (id: string) => {
    const out = await hx.client.send(new GetItemCommand({ TableName: hx.table, Key: { pk: { S: `SOURCE#${id}` }, sk: { S: 'STATE' } } }));
    return out.Item?.data?.S ? (JSON.parse(out.Item.data.S) as Record<string, unknown>) : undefined;
  };

  it('a hanging source ends as its own recorded timeout in time; its host\'s next record is deferred, other hosts\' records succeed', async () => {
    // Prepare: 18 s to run → every request is over 11 s before the end (store reserve + safety), at 7 s
    const poll = await coldStart(hx.env, () => import('../../../functions/poll'));
    const hangHost = new URL(hx.hangServer!.url).host;
    const wireHost = new URL(hx.server.url).host;
    const event = sqsEvent([
      { id: 'hang-1', body: JSON.stringify({ sourceId: hx.hangIds[0] }), group: hangHost },
      { id: 'hang-2', body: JSON.stringify({ sourceId: hx.hangIds[1] }), group: hangHost },
      { id: 'wire', body: JSON.stringify({ sourceId: hx.wireId }), group: wireHost },
    ]);
    const timeoutMs = 18_000;
    const fetchWindow = timeoutMs - STORE_RESERVE_MS - SAFETY_MS;
    // Act
    const started = Date.now();
    const res = await poll.handler(event as never, lambdaContext(timeoutMs) as never);
    const took = Date.now() - started;
    // Assess: the call returned before the deadline, after the hanging fetch had its window and no more
    expect(took).toBeGreaterThanOrEqual(fetchWindow - 100);
    expect(took).toBeLessThan(fetchWindow + 2_000);
    // hang-1 is an outcome, recorded in its source's state; hang-2 (same host, after it) was not started
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'hang-2' }]);
    const hung = await stateOf(hx.hangIds[0]!);
    expect(hung).toMatchObject({ consecutiveFailures: 1 });
    expect(String(hung?.lastError)).toMatch(/fetch: total deadline of \d+ ms exceeded/);
    expect(Number(/deadline of (\d+) ms/.exec(String(hung?.lastError))![1])).toBeLessThanOrEqual(fetchWindow);
    expect(await stateOf(hx.hangIds[1]!)).toBeUndefined();
    expect(hx.hangServer!.requests.map((r) => r.path)).toEqual(['/hang-1.xml']);
    // the other host's record ran beside it and stored its stories
    expect(await stateOf(hx.wireId)).toMatchObject({ consecutiveFailures: 0, etag: '"wire-v1"' });
  }, 30_000);

  it('starts no record with less than a fetch window left, and reports them all', async () => {
    // Prepare: just under the minimum: store reserve + safety + the smallest fetch window a record gets
    const poll = await coldStart(hx.env, () => import('../../../functions/poll'));
    const event = sqsEvent([
      { id: 'wire', body: JSON.stringify({ sourceId: hx.wireId }), group: new URL(hx.server.url).host },
      { id: 'hang-1', body: JSON.stringify({ sourceId: hx.hangIds[0] }), group: new URL(hx.hangServer!.url).host },
    ]);
    // Act
    const res = await poll.handler(event as never, lambdaContext(STORE_RESERVE_MS + SAFETY_MS + MIN_RECORD_FETCH_MS - 500) as never);
    // Assess
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'wire' }, { itemIdentifier: 'hang-1' }]);
    expect(hx.server.requests).toEqual([]);
    expect(hx.hangServer!.requests).toEqual([]);
  });
});

async function withEnv<T>(env: Record<string, string>, task: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await task();
  } finally {
    for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

describe('publish', () => {
  // The site bucket on moto_server's S3; the SDK reads credentials and the endpoint when it first sends, so the
  // environment stays for each whole call (withEnv).
  const aws = motoS3();
  const versionRecord = { eventName: 'MODIFY', eventSource: 'aws:dynamodb', dynamodb: { Keys: { pk: { S: 'FEED#main' }, sk: { S: 'META' } }, StreamViewType: 'KEYS_ONLY' } };
  const sourceRecord = (id: string) => ({ eventName: 'MODIFY', eventSource: 'aws:dynamodb', dynamodb: { Keys: { pk: { S: `SOURCE#${id}` }, sk: { S: 'STATE' } }, StreamViewType: 'KEYS_ONLY' } });
  async function withBucket<T>(task: (env: Record<string, string>, bucket: string) => Promise<T>): Promise<T> {
    const bucket = `site-${Math.random().toString(36).slice(2)}`;
    await aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const env = { ...fx.env, SITE_BUCKET: bucket, S3_ENDPOINT: aws.moto.endpoint, AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey };
    return withEnv(env, () => task(env, bucket));
  }
  const object = async (bucket: string, key: string) => {
    const o = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { body: await o.Body!.transformToString(), contentType: o.ContentType, cacheControl: o.CacheControl, etag: o.ETag };
  };

  it('on a version change, writes the whole site to the bucket, then only what changed', async () => {
    // Prepare: poll stores stories and bumps the version; the stream delivers the version item's keys
    await (await loadPoll()).handler(sqsEvent([{ id: 'm1', body: JSON.stringify({ sourceId: fx.wireId }) }]) as never);
    await withBucket(async (env, bucket) => {
      const publish = await coldStart(env, () => import('../../../functions/publish'));
      // Act
      const first = await publish.handler({ Records: [versionRecord] } as never);
      const again = await publish.handler({ Records: [versionRecord] } as never);
      // Assess
      expect(first.scope).toBe('site');
      expect(first.written).toBeGreaterThan(10);
      expect(again).toMatchObject({ written: 0, unchanged: first.written });
      const rss = await object(bucket, 'feed.xml');
      expect(rss.contentType).toBe('application/xml; charset=utf-8');
      expect(rss.cacheControl).toBe('public, max-age=300');
      expect(rss.body).toContain('China and North Korea sign border trade agreement in Dandong');
      expect(rss.body).not.toContain('football');
      expect((await object(bucket, 'index.html')).contentType).toBe('text/html; charset=utf-8');
      expect((await object(bucket, 'feed.json')).contentType).toBe('application/feed+json; charset=utf-8');
    });
  });

  it('a batch of source states alone rewrites /sources.json only', async () => {
    await withBucket(async (env) => {
      const publish = await coldStart(env, () => import('../../../functions/publish'));
      await publish.handler({ source: 'wiresieve.deploy' });
      await (await loadPoll()).handler(sqsEvent([{ id: 'm1', body: JSON.stringify({ sourceId: fx.brokenId }) }]) as never);
      const out = await publish.handler({ Records: [sourceRecord(fx.brokenId)] } as never);
      expect(out).toMatchObject({ scope: 'sources', written: 1 });
    });
  });

  it('takes the publish-stream.json fixture event (the one README uses with invoke local)', async () => {
    const event = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/events/publish-stream.json'), 'utf8'));
    await withBucket(async (env) => {
      const out = await (await coldStart(env, () => import('../../../functions/publish'))).handler(event);
      expect(out.scope).toBe('site');
    });
  });

  it('fails the batch when it cannot read the table, so the stream retries it, and writes nothing', async () => {
    await withBucket(async (env, bucket) => {
      const publish = await coldStart({ ...env, TABLE_NAME: `${fx.table}missing` }, () => import('../../../functions/publish'));
      await expect(publish.handler({ Records: [versionRecord] } as never)).rejects.toThrow(/resource not found|non-existent table|ResourceNotFound/i);
      await expect(aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'feed.xml' }))).rejects.toThrow();
    });
  });
});

describe('dispatch', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('sends one message per due source to the FIFO queue, in its host\'s group, none for a source not yet due', async () => {
    // Prepare: a FIFO queue like the stack's on moto; the broken source is backing off until tomorrow
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'wiresieve-test-poll.fifo', Attributes: { FifoQueue: 'true', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' } }));
    // The SDK reads credentials and the endpoint when it first sends: the environment stays for the whole call.
    const env = { ...fx.env, QUEUE_URL: QueueUrl!, AWS_ENDPOINT_URL_SQS: moto.endpoint, AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId };
    const { result, again } = await withEnv(env, async () => {
      const dispatch = await coldStart(env, () => import('../../../functions/dispatch'));
      await dispatch.runtime.sources.put({
        sourceId: fx.brokenId, url: `${fx.server.url}/broken.xml`, name: 'Broken Wire', consecutiveFailures: 2,
        nextFetchAt: '2026-11-29T12:00:00.000Z', itemsSeen: 0, itemsKept: 0,
      });
      // Act
      return {
        result: await dispatch.handler({ time: '2026-11-28T12:00:00Z' } as never),
        again: await dispatch.handler({ time: '2026-11-28T12:00:30Z' } as never), // an overlapping schedule
      };
    });
    // Assess
    expect(result).toEqual({ due: 1, total: 2 });
    expect(again).toEqual({ due: 1, total: 2 });
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
    const wireUrl = `${fx.server.url}/wire.xml`;
    expect(got.Messages?.map((m) => [JSON.parse(m.Body!), m.Attributes?.MessageGroupId])).toEqual([[{ sourceId: fx.wireId, fetch: { for: wireUrl, url: wireUrl } }, new URL(fx.server.url).host]]);
    sqs.destroy();
  });
});
