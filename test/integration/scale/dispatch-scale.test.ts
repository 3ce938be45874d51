/**
 * Dispatch and poll at scale on the real adapters, small enough for moto_server's SQS (bench/scale.ts runs
 * 10,000 sources): 200 sources on 20 loopback hosts (test/helpers/feed-farm.ts: varied sizes, ETags, failing
 * feeds, a refusing host, a slow host), DynamoDB Local and a FIFO queue on moto_server. What it holds:
 *   - a dispatch tick reads the source states with Query alone (never a Scan) and sends every due source in
 *     SendMessageBatch calls of ten (the last one the remainder), one message group per host;
 *   - the same SQS-compatible server the bench uses (test/helpers/sqs-server.ts) receives exactly the messages
 *     moto does, so the bench measures the same dispatch;
 *   - polls received from the queue store the sources' stories; polling the same sources again when nothing
 *     changed (their feeds answer 304) writes nothing — no story, no feed version, no state (only the failing
 *     sources' states record another failure).
 */
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSourceStore, DynamoStoryStore } from '../../../src/adapters/dynamo-store';
import { SqsQueue } from '../../../src/adapters/sqs-queue';
import { dispatch } from '../../../src/pipeline/dispatch';
import { createPoller } from '../../../src/services/poller';
import { freshTable } from '../../helpers/dynamo';
import { startFeedFarm, type FeedFarm } from '../../helpers/feed-farm';
import { silentLogger, titleClassifier } from '../../helpers/pipeline';
import { startSqsServer, type SqsServer } from '../../helpers/sqs-server';
import { MOTO_CREDENTIALS, startMoto, type Moto } from '../aws/moto';

let moto: Moto;
let local: SqsServer;
let farm: FeedFarm;
let dynamo: { client: DynamoDBClient; table: string };
const calls: string[] = [];
const batches: Array<{ size: number; groups: string[] }> = [];

function observed(endpoint: string, credentials = MOTO_CREDENTIALS): SQSClient {
  const sqs = new SQSClient({ region: 'us-east-1', endpoint, credentials });
  sqs.middlewareStack.add(
    (next, ctx) => async (args) => {
      if (ctx.commandName === 'SendMessageBatchCommand') {
        const entries = (args.input as { Entries: Array<{ MessageGroupId: string }> }).Entries;
        batches.push({ size: entries.length, groups: entries.map((e) => e.MessageGroupId) });
      }
      return next(args);
    },
    { step: 'initialize', name: 'observeBatches' },
  );
  return sqs;
}

beforeAll(async () => {
  [moto, local, farm] = await Promise.all([startMoto(), startSqsServer(), startFeedFarm({ hosts: 20, perHost: 10, slowMs: 300, slowEvery: 7, refuseEvery: 10 })]);
  dynamo = await freshTable();
  dynamo.client.middlewareStack.add(
    (next, ctx) => async (args) => {
      calls.push((ctx.commandName ?? '').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
}, 60_000);
afterAll(async () => {
  dynamo?.client.destroy();
  await farm?.close();
  await local?.close();
  await moto?.stop();
});

async function receiveAll(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const out: string[] = [];
  for (let empty = 0; empty < 3; ) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const messages = r.Messages ?? [];
    if (!messages.length) {
      empty++;
      continue;
    }
    out.push(...messages.map((m) => (JSON.parse(m.Body!) as { sourceId: string }).sourceId));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
  return out;
}

describe('200 sources on the real adapters', () => {
  it('dispatch reads states without a Scan and sends batches of ten; polls store stories; an unchanged re-poll writes nothing', async () => {
    // Prepare
    const api = dynamo.client;
    const stores = { stories: new DynamoStoryStore(api, dynamo.table), sources: new DynamoSourceStore(api, dynamo.table) };
    let now = Date.parse('2026-11-28T06:00:00Z');
    const poller = createPoller({ stores, sources: farm.sources, classifier: titleClassifier, allowPrivateHosts: true, logger: silentLogger, clock: { now: () => new Date(now) }, concurrency: 8 });
    const motoSqs = observed(moto.endpoint);
    const localSqs = observed(local.endpoint, { accessKeyId: 'local', secretAccessKey: 'local' });
    const queueOn = async (sqs: SQSClient, name: string) =>
      (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true', VisibilityTimeout: '60' } }))).QueueUrl!;

    // Act 1: the first tick (no states yet: all due), on moto and on the bench's SQS server
    calls.length = 0;
    batches.length = 0;
    const motoQueue = await queueOn(motoSqs, 'scale.fifo');
    const first = await dispatch({ sources: stores.sources, queue: new SqsQueue(motoSqs, motoQueue) }, farm.sources, new Date(now));
    const tickCalls = [...calls];
    const tickBatches = [...batches];
    const localQueue = await queueOn(localSqs, 'scale.fifo');
    await dispatch({ sources: stores.sources, queue: new SqsQueue(localSqs, localQueue) }, farm.sources, new Date(now));

    // Assess 1
    expect(first.due).toBe(200);
    expect(tickCalls).toEqual(['Query']);
    expect(tickBatches.map((b) => b.size)).toEqual(Array(20).fill(10));
    expect(new Set(tickBatches.flatMap((b) => b.groups)).size).toBe(20); // one group per host
    const fromMoto = await receiveAll(motoSqs, motoQueue);
    expect(fromMoto.sort()).toEqual(farm.sources.map((s) => s.id).sort());
    const fromLocal = await receiveAll(localSqs, localQueue);
    expect(fromLocal.sort()).toEqual(fromMoto);

    // Act 2: poll every source, then again with nothing changed
    calls.length = 0;
    await poller.pollMany(farm.sources);
    const firstPoll = [...calls];
    now += 11 * 60_000;
    await poller.pollMany(farm.sources); // 304s: the states record that status once
    now += 11 * 60_000;
    calls.length = 0;
    const again = await poller.pollMany(farm.sources);
    const unchanged = [...calls];

    // Assess 2
    expect(firstPoll).not.toContain('Scan');
    expect(firstPoll.filter((c) => c === 'PutItem').length).toBeGreaterThanOrEqual(200); // every state (and a feed's lone new story)
    expect(firstPoll).toContain('TransactWriteItems'); // a feed's new stories, together
    expect(again.filter((r) => r.status === 'not-modified').length).toBeGreaterThan(120);
    expect(again.reduce((n, r) => n + r.new, 0)).toBe(0);
    expect(unchanged).not.toContain('Scan');
    expect(unchanged).not.toContain('UpdateItem'); // no feed version bump, no representative rewritten
    // Only the failing sources' states change (their failure count); a healthy unchanged source writes nothing.
    const failing = again.filter((r) => r.status === 'error').length;
    expect(failing).toBeGreaterThan(0);
    expect(unchanged.filter((c) => c === 'PutItem').length).toBe(failing);

    // Act 3: the next tick dispatches only the sources whose time has come
    calls.length = 0;
    batches.length = 0;
    const tick = await dispatch({ sources: stores.sources, queue: new SqsQueue(localSqs, localQueue) }, farm.sources, new Date(now + 9 * 60_000));
    expect(calls).toEqual(['Query']);
    expect(tick.due).toBeLessThan(200);
    expect(batches.every((b, i) => b.size === (i < batches.length - 1 ? 10 : tick.due - 10 * (batches.length - 1)))).toBe(true);
    motoSqs.destroy();
    localSqs.destroy();
  }, 240_000);
});
