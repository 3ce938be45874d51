/**
 * `npm run bench -- scale`: 10,000 sources (SCALE_SOURCES) on the real adapters — a loopback feed farm of 200
 * hosts (test/helpers/feed-farm.ts: varied sizes, ETags and 304s, failing feeds, refusing and slow hosts),
 * DynamoDB Local (embedded, table from infra/) and an SQS FIFO queue — measuring what grows with N. The queue is
 * test/helpers/sqs-server.ts, an SQS-compatible server: moto_server's SQS costs O(queued messages) per message
 * (~90 ms per FIFO batch when empty, 2.4 s at 2,000 queued), hours for 10,000; test/integration/scale runs the
 * same dispatch and polls against moto_server at 300 sources.
 *
 *   scale-dispatch:   one dispatch tick over every source (their states seeded as polls leave them, about half
 *                     due), against reading those states alone (the SourceStore listing dispatch starts with)
 *   scale-poll:       sources polled per second by N concurrent workers (SCALE_WORKERS, default 8) that receive
 *                     from the queue, poll (fetch, parse, classify with config/rules.yml, store) and delete,
 *                     beside one worker
 *   scale-unchanged:  DynamoDB writes when the same sources are polled again and nothing changed (304s)
 *   scale-cost:       per 1,000 sources: DynamoDB requests and read/write units of a dispatch tick and of a poll
 *                     round, SQS messages and calls — counted by middleware on the clients, units from the bytes
 *
 * Every DynamoDB call is counted by command; the run fails on a Scan, or on a dispatch whose sends are not
 * batches of ten.
 */
import { parsePollMessage } from '../functions/commons/poll-record';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../src/adapters/dynamo-client';
import { DynamoSourceStore, DynamoStoryStore } from '../src/adapters/dynamo-store';
import { ensureTable } from '../src/adapters/dynamo-table';
import { startEmbeddedDynamo } from '../src/adapters/embedded-dynamodb';
import { SqsQueue } from '../src/adapters/sqs-queue';
import { compileRules } from '../src/core/rules/index';
import type { SourceConfig } from '../src/core/source';
import { dispatch } from '../src/pipeline/dispatch';
import type { Logger } from '../src/ports';
import { createPoller, type Poller } from '../src/services/poller';
import { startFeedFarm } from '../test/helpers/feed-farm';
import { startSqsServer } from '../test/helpers/sqs-server';

const SOURCES = Number(process.env.SCALE_SOURCES ?? 10_000);
const HOSTS = Number(process.env.SCALE_HOSTS ?? 200);
const WORKERS = Number(process.env.SCALE_WORKERS ?? 8);
const ROOT = join(import.meta.dirname, '..');
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** DynamoDB calls by command, and the bytes read and written (for capacity units), from client middleware. */
export interface DynamoCounts {
  calls: Map<string, number>;
  /** Read units: 0.5 per started 4 KB read (eventually consistent; strongly consistent ×2), from the items' JSON size. */
  rru: number;
  /** Write units: 1 per started 1 KB of each item written (GSI copies not included). */
  wru: number;
}

export function countDynamo(client: DynamoDBClient): { now(): DynamoCounts; reset(): void } {
  let counts: DynamoCounts = { calls: new Map(), rru: 0, wru: 0 };
  const size = (item: unknown): number => Buffer.byteLength(JSON.stringify(item ?? {}));
  client.middlewareStack.add(
    (next, ctx) => async (args) => {
      const name = (ctx.commandName ?? '').replace(/Command$/, '');
      counts.calls.set(name, (counts.calls.get(name) ?? 0) + 1);
      const input = args.input as { Item?: unknown; ConsistentRead?: boolean };
      const out = await next(args);
      const o = out.output as { Item?: unknown; Items?: unknown[]; Responses?: Record<string, unknown[]>; Attributes?: unknown };
      const factor = input.ConsistentRead ? 1 : 0.5;
      // GetItem and BatchGetItem: per item; Query: its items' sizes summed, then rounded up (DynamoDB's rules).
      const perItem = [o.Item, ...Object.values(o.Responses ?? {}).flat()].filter(Boolean);
      counts.rru += perItem.reduce<number>((n, i) => n + factor * Math.ceil(size(i) / 4096), 0);
      if (o.Items) counts.rru += factor * Math.ceil(o.Items.reduce<number>((n, i) => n + size(i), 0) / 4096);
      if (name === 'PutItem' && input.Item) counts.wru += Math.ceil(size(input.Item) / 1024);
      // A transactional write costs two write units per started 1 KB of each item.
      if (name === 'TransactWriteItems') for (const t of (args.input as { TransactItems?: Array<{ Put?: { Item?: unknown } }> }).TransactItems ?? []) counts.wru += 2 * Math.max(1, Math.ceil(size(t.Put?.Item) / 1024));
      if (name === 'UpdateItem') counts.wru += Math.max(1, Math.ceil(size(o.Attributes) / 1024));
      return out;
    },
    { step: 'initialize', name: 'countDynamo' },
  );
  return { now: () => counts, reset: () => void (counts = { calls: new Map(), rru: 0, wru: 0 }) };
}

export function countSqs(client: SQSClient): { calls: Map<string, number>; entries: number } {
  const seen = { calls: new Map<string, number>(), entries: 0 };
  client.middlewareStack.add(
    (next, ctx) => async (args) => {
      const name = (ctx.commandName ?? '').replace(/Command$/, '');
      seen.calls.set(name, (seen.calls.get(name) ?? 0) + 1);
      if (name === 'SendMessageBatch') seen.entries += ((args.input as { Entries?: unknown[] }).Entries ?? []).length;
      return next(args);
    },
    { step: 'initialize', name: 'countSqs' },
  );
  return seen;
}

const WRITES = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'];
const writesOf = (c: DynamoCounts): number => WRITES.reduce((n, w) => n + (c.calls.get(w) ?? 0), 0);
const callsOf = (c: DynamoCounts): number => [...c.calls.values()].reduce((a, b) => a + b, 0);

/**
 * Lambda's poll, as workers: each receives up to 10 messages, polls their sources and deletes them, until the
 * queue has nothing for it (or `limit` sources are done). Returns the sources polled.
 */
async function drain(sqs: SQSClient, queueUrl: string, poller: Poller, workers: number, limit = Infinity): Promise<number> {
  let done = 0;
  let idle = 0;
  const worker = async (): Promise<void> => {
    while (done < limit) {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 300 }));
      const messages = r.Messages ?? [];
      if (messages.length === 0) {
        if (++idle > workers * 2) return;
        continue;
      }
      idle = 0;
      for (const m of messages) {
        const msg = parsePollMessage(m.Body!); // as the poll function reads it: the source, and the request dispatch made
        await poller.pollOne(msg.sourceId, msg.fetch);
        done++;
      }
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return done;
}

/** Polls these sources directly (no queue), `workers` at a time. */
async function pollAllOf(poller: Poller, sources: SourceConfig[], workers: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < sources.length) await poller.pollOne(sources[next++]!.id);
  }));
}

/** States as polls leave them, `spread` ms either side of `now` due, without validators (their feeds answer 200). */
async function seedStates(store: DynamoSourceStore, configs: SourceConfig[], now: number, workers: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < configs.length) {
      const i = next++;
      const c = configs[i]!;
      const failing = i % 20 === 19;
      const at = new Date(now - ((i * 7919) % 600) * 1000).toISOString();
      await store.put({
        sourceId: c.id, url: c.url, name: c.name, consecutiveFailures: failing ? 2 : 0, itemsSeen: 30, itemsKept: 3,
        lastFetchedAt: at, ...(failing ? { lastErrorAt: at, lastError: 'fetch: HTTP 500' } : { lastSuccessAt: at }),
        // due: about half (past), the rest within the next 10 minutes
        nextFetchAt: new Date(now + (((i * 104729) % 1200) - 600) * 1000).toISOString(), lastStatus: failing ? 500 : 200,
      });
    }
  }));
}

export default async function scale(): Promise<void> {
  const perHost = Math.ceil(SOURCES / HOSTS);
  const [dynamo, sqsServer, farm] = await Promise.all([startEmbeddedDynamo({ inMemory: true }), startSqsServer(), startFeedFarm({ hosts: HOSTS, perHost })]);
  const client = createDynamoClient({ endpoint: dynamo.endpoint });
  const sqs = new SQSClient({ endpoint: sqsServer.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'scale', secretAccessKey: 'scale' } });
  try {
    const configs = farm.sources.slice(0, SOURCES);
    const table = `scale${Date.now()}`;
    await ensureTable(client, table);
    const db = countDynamo(client);
    const sent = countSqs(sqs);
    const api = client;
    const stores = { stories: new DynamoStoryStore(api, table), sources: new DynamoSourceStore(api, table) };
    const classifier = compileRules(readFileSync(join(ROOT, 'config/rules.yml'), 'utf8'), 'config/rules.yml');
    let clock = Date.parse('2026-11-28T06:00:00Z');
    const poller = createPoller({ stores, sources: configs, classifier, allowPrivateHosts: true, logger: quiet, clock: { now: () => new Date(clock) }, concurrency: WORKERS });
    const per1000 = (n: number): string => ((n / configs.length) * 1000).toFixed(0);
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

    // 1. The states of 10,000 sources, as their polls left them.
    let t = performance.now();
    await seedStates(stores.sources, configs, clock, 16);
    const seedS = (performance.now() - t) / 1000;

    // 2. Dispatch ticks against reading the states alone, alternated (3 rounds, medians); each tick sends into a
    //    queue of its own (the deduplication ids of one tick would make SQS drop the next tick's copies).
    const readMs: number[] = [];
    const dispatchMs: number[] = [];
    let tick = db.now();
    let due = 0;
    let queueUrl = '';
    let calls = 0;
    for (let r = 0; r < 3; r++) {
      t = performance.now();
      const states = await stores.sources.list();
      readMs.push(performance.now() - t);
      if (states.length !== configs.length) throw new Error(`scale: ${states.length} states listed, ${configs.length} expected`);
      queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `scale-${r}.fifo`, Attributes: { FifoQueue: 'true', VisibilityTimeout: '300' } }))).QueueUrl!;
      db.reset();
      const before = { entries: sent.entries, calls: sent.calls.get('SendMessageBatch') ?? 0 };
      t = performance.now();
      due = (await dispatch({ sources: stores.sources, queue: new SqsQueue(sqs, queueUrl) }, configs, new Date(clock))).due;
      dispatchMs.push(performance.now() - t);
      tick = db.now();
      calls = (sent.calls.get('SendMessageBatch') ?? 0) - before.calls;
      if (sent.entries - before.entries !== due) throw new Error('scale: not every due source was sent');
      if (calls !== Math.ceil(due / 10)) throw new Error(`scale: ${due} messages took ${calls} SendMessageBatch calls`);
    }
    if ((tick.calls.get('Scan') ?? 0) > 0) throw new Error('scale: dispatch issued a Scan');
    const ratios = dispatchMs.map((d, i) => d / readMs[i]!);

    // 3. Poll throughput on the last tick's messages: one worker, then WORKERS.
    const sample = Math.min(due, Number(process.env.SCALE_POLLS ?? 1200));
    db.reset();
    t = performance.now();
    const one = await drain(sqs, queueUrl, poller, 1, Math.ceil(sample / 8));
    const oneRate = one / ((performance.now() - t) / 1000);
    t = performance.now();
    const many = await drain(sqs, queueUrl, poller, WORKERS, sample - one);
    const manyRate = many / ((performance.now() - t) / 1000);
    const pollRound = db.now();
    const polled = one + many;
    if ((pollRound.calls.get('Scan') ?? 0) > 0) throw new Error('scale: a poll issued a Scan');

    // 4. The same sources polled again with nothing changed (their feeds answer 304 again): what that writes.
    const polledIds = new Set((await stores.sources.list()).filter((s) => s.etag).map((s) => s.sourceId));
    const again = configs.filter((c) => polledIds.has(c.id));
    clock += 11 * 60_000;
    await pollAllOf(poller, again, WORKERS); // the first 304 records that status once
    clock += 11 * 60_000;
    db.reset();
    await pollAllOf(poller, again, WORKERS);
    const unchanged = db.now();
    const farmStatus = [...farm.answered].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${n}×${s}`).join(', ');

    console.log(`scale-setup: ${configs.length} sources on ${HOSTS} loopback hosts, states seeded in ${seedS.toFixed(0)} s; farm answered ${farmStatus}`);
    console.log(`scale-dispatch-reads: reading ${configs.length} source states: ${median(readMs).toFixed(0)} ms; a tick: ${[...tick.calls].map(([c, n]) => `${n} ${c}`).join(', ')} (no Scan), ${due} due sent in ${calls} SendMessageBatch calls`);
    console.log(`scale-poll: ${manyRate.toFixed(1)} sources/s with ${WORKERS} workers (${(manyRate / oneRate).toFixed(1)}x vs 1 worker, ${oneRate.toFixed(1)} sources/s; ${polled} polled from the queue)`);
    console.log(
      `scale-unchanged: ${writesOf(unchanged)} DynamoDB writes for ${again.length} unchanged sources (${unchanged.calls.get('PutItem') ?? 0} PutItem, ` +
        `${unchanged.calls.get('UpdateItem') ?? 0} UpdateItem; ${callsOf(unchanged)} calls in all: ${[...unchanged.calls].map(([c, n]) => `${n} ${c}`).join(', ')})`,
    );
    const perPolled = (n: number): string => ((n / polled) * 1000).toFixed(0);
    const perAgain = (n: number): string => ((n / Math.max(1, again.length)) * 1000).toFixed(0);
    console.log(
      `scale-cost: per 1,000 sources — a dispatch tick: ${((callsOf(tick) / configs.length) * 1000).toFixed(1)} DynamoDB calls, ${per1000(tick.rru)} RRU, ${per1000(due)} messages ` +
        `in ${per1000(calls)} SendMessageBatch calls; 1,000 polls (first fetch of each): ${perPolled(callsOf(pollRound))} DynamoDB calls, ${perPolled(pollRound.rru)} RRU, ` +
        `${perPolled(writesOf(pollRound))} writes (${perPolled(pollRound.wru)} WRU before index copies); 1,000 unchanged polls: ${perAgain(callsOf(unchanged))} calls, ` +
        `${perAgain(unchanged.rru)} RRU, ${perAgain(writesOf(unchanged))} writes (${perAgain(unchanged.wru)} WRU)`,
    );
    console.log(`scale-dispatch: ${(median(dispatchMs) / 1000).toFixed(2)} s for ${configs.length.toLocaleString('en-US')} sources (${median(ratios).toFixed(1)}x vs reading their states alone)`);
  } finally {
    client.destroy();
    sqs.destroy();
    await farm.close();
    await sqsServer.close();
    await dynamo.stop();
  }
}
