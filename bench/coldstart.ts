/**
 * Cold start of each Lambda bundle: the wall time to spawn a fresh `node` that loads the built bundle (esbuild,
 * the deployment options) and handles one first event, beside a bare `node -e 0` and a "DynamoDB floor" (a
 * process that loads only @aws-sdk/client-dynamodb and makes one GetItem) measured in the same run. Medians of
 * RUNS runs; each case runs right after a `node -e 0` of its own (a function's after a floor run too), and its
 * ratios are the medians of those pairs.
 *   poll      one SQS record for a source on a loopback fixture feed (4 items), into a fresh table each run
 *   dispatch  one schedule event; SQS is a loopback stand-in answering SendMessageBatch
 * (Readers' requests run no function at all: the site is static, `npm run bench -- serve`.)
 * Prints `coldstart-<fn>: N ms (R.Rx vs node -e 0)`.
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { buildBundles, esbuildOptions, ROOT, type FunctionName } from '../infra/build-bundles';
import { createDynamoClient } from '../src/adapters/dynamo-client';
import { DynamoStoryStore } from '../src/adapters/dynamo-store';
import { ensureTable } from '../src/adapters/dynamo-table';
import { startEmbeddedDynamo } from '../src/adapters/embedded-dynamodb';
import { sourceIdFor } from '../src/config';
import { fetchRequestFor } from '../src/pipeline/fetch-request';
import { validateConfig } from '../infra/validate-config';
import type { StoredStory } from '../src/core/story';

const RUNS = Number(process.env.COLDSTART_RUNS ?? 15);
/** Extra node arguments for the bundle runs, e.g. COLDSTART_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const NODE_ARGS = process.env.COLDSTART_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const WIRE = readFileSync(join(ROOT, 'test/integration/aws/fixtures/wire.xml'));

function timeRun(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`coldstart: ${args.join(' ').slice(0, 80)}… exited ${code}: ${err.slice(-800)}`));
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A script that imports the bundle, handles one event and fails loudly on an unexpected result. */
function invoker(bundle: string, event: unknown, check: string): string {
  return `import(${JSON.stringify(bundle)}).then((m) => m.handler(${JSON.stringify(event)})).then((r) => { ${check} }).catch((e) => { console.error(e); process.exit(1); });`;
}

function listen(server: Server): Promise<string> {
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
}

/** Loopback stand-in for SQS (AWS JSON 1.0 protocol): accepts every SendMessageBatch entry. */
function fakeSqs(): Server {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const input = JSON.parse(body || '{}') as { Entries?: Array<{ Id: string; MessageBody: string }> };
      const out = { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: randomUUID(), MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex') })), Failed: [] };
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(out));
    });
  });
}

function story(i: number): StoredStory {
  const id = createHash('sha256').update(`bench-${i}`).digest('hex').slice(0, 24);
  const published = new Date(Date.UTC(2026, 10, 1) + i * 3_600_000).toISOString();
  return {
    id, title: `China and South Korea hold talks on trade, round ${i}`, link: `https://wire.example/${i}`, canonicalUrl: `https://wire.example/${i}`,
    summary: 'Seoul and Beijing agreed to expand trade and keep talking about North Korea. '.repeat(6), published, publishedFromFeed: true,
    categories: [], language: 'en', source: { id: 'bench', name: 'Bench Wire', url: 'https://wire.example/rss' },
    decision: { kept: true, topics: ['trade', 'diplomacy'], score: 5, matches: [], reason: 'kept: bench', rule: 'bench' }, firstSeen: published,
  };
}

export default async function coldstart(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'ws-coldstart-'));
  const dynamo = await startEmbeddedDynamo({ inMemory: true });
  const feedServer = createServer((req, res) => {
    if (req.url === '/wire.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(WIRE);
    else res.writeHead(404).end();
  });
  const sqs = fakeSqs();
  const client = createDynamoClient({ endpoint: dynamo.endpoint });
  try {
    // 1. bundles (the deployment build) and a DynamoDB-only floor bundle
    const bundles = await buildBundles(work);
    // One GetItem of the version item through the AWS SDK: what any DynamoDB read costs.
    const floorBundle = async (name: string, client: string, call: string): Promise<string> => {
      const outfile = join(work, `functions/${name}.js`);
      const contents = `${client}\nconst key = { pk: { S: 'FEED#main' }, sk: { S: 'META' } };\nexport const handler = () => ${call};\n`;
      await build({ ...esbuildOptions(), absWorkingDir: ROOT, stdin: { contents, resolveDir: ROOT, loader: 'ts' }, outfile, logLevel: 'warning' });
      return outfile;
    };
    const floor = await floorBundle(
      'floor',
      `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\nconst c = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'wiresieveLocal', secretAccessKey: 'local' } });`,
      `c.send(new GetItemCommand({ TableName: process.env.TABLE_NAME!, Key: key }))`,
    );

    // 2. fixtures: feed server, SQS stand-in, config folder, a table with 50 kept stories
    const feedUrl = await listen(feedServer);
    const sqsUrl = await listen(sqs);
    const configDir = join(work, 'config');
    mkdirSync(configDir);
    writeFileSync(join(configDir, 'sources.yml'), `feed:\n  baseUrl: https://feeds.example.test\nsources:\n  - name: Loopback Wire\n    url: ${feedUrl}/wire.xml\n`);
    copyFileSync(join(ROOT, 'config/rules.yml'), join(configDir, 'rules.yml'));
    validateConfig(configDir); // as packaging does
    const feedTable = `bench${randomUUID().replace(/-/g, '')}`;
    await ensureTable(client, feedTable);
    const store = new DynamoStoryStore(client, feedTable);
    for (let i = 0; i < 50; i++) await store.putStory(story(i), 2_000_000_000);
    await store.bumpFeedVersion(new Date().toISOString());

    const env = (table: string): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH, TABLE_NAME: table, DYNAMODB_ENDPOINT: dynamo.endpoint, CONFIG_DIR: configDir, ALLOW_PRIVATE_HOSTS: 'true',
      QUEUE_URL: `${sqsUrl}/123456789012/bench`, AWS_ENDPOINT_URL_SQS: sqsUrl, AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIABENCH', AWS_SECRET_ACCESS_KEY: 'bench', AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_SERVICE_NAME: 'wiresieve-bench', POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    const file = (fn: FunctionName): string => bundles.find((b) => b.fn === fn)!.file;
    /** Node arguments and environment to load a bundle and hand it one event, checked by `check` (on `r`). */
    const invoke = (bundle: string, event: unknown, check: string, table = feedTable): [string[], NodeJS.ProcessEnv] => [[...NODE_ARGS, '--input-type=module', '-e', invoker(bundle, event, check)], env(table)];
    const wireId = sourceIdFor(`${feedUrl}/wire.xml`);
    const cases: Array<{ name: string; args: () => Promise<[string[], NodeJS.ProcessEnv]> }> = [
      { name: 'node -e 0', args: async () => [['-e', '0'], { PATH: process.env.PATH }] },
      { name: 'dynamodb-floor', args: async () => invoke(floor, {}, '') },
      {
        name: 'poll',
        args: async () => {
          const table = `bench${randomUUID().replace(/-/g, '')}`;
          await ensureTable(client, table);
          // The message dispatch sends for a source never polled: its id and the request to send
          const body = JSON.stringify({ sourceId: wireId, fetch: fetchRequestFor(undefined, { url: `${feedUrl}/wire.xml` }) });
          const event = { Records: [{ messageId: 'm1', receiptHandle: 'r', body, attributes: {}, messageAttributes: {}, eventSource: 'aws:sqs' }] };
          return invoke(file('poll'), event, `if (r.batchItemFailures.length) process.exit(3);`, table);
        },
      },
      {
        name: 'dispatch',
        args: async () => invoke(file('dispatch'), { time: new Date().toISOString() }, `if (r.due !== 1) process.exit(3);`, `bench${randomUUID().replace(/-/g, '')}`),
      },
    ];
    // Each case runs right after its own `node -e 0` — a function's after a DynamoDB floor run too — and each
    // ratio is the median of those paired ratios: the machine's speed drifts from second to second, and a ratio
    // of two medians taken apart would carry it.
    const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    const ratios = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    const floorRatios = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    const dynamoFloor = cases.find((c) => c.name === 'dynamodb-floor')!;
    // COLDSTART_ONLY=poll,dispatch runs only those cases (and the floors the lines are read against).
    const only = process.env.COLDSTART_ONLY?.split(',');
    const [floorCase, ...all] = cases;
    const measured = only ? all.filter((c) => c.name.endsWith('floor') || only.includes(c.name)) : all;
    for (let run = 0; run < RUNS + 1; run++) {
      for (const c of measured) {
        const [floorArgs, floorEnv] = await floorCase!.args();
        const [args, e] = await c.args();
        if (c.name === 'dispatch') await ensureTable(client, e.TABLE_NAME!); // dispatch lists source states from it
        const paired = c !== dynamoFloor ? await dynamoFloor.args() : undefined;
        const base = await timeRun(floorArgs, floorEnv);
        const dyn = paired && (await timeRun(...paired));
        const ms = await timeRun(args, e);
        if (run === 0) continue; // run 0 warms the OS file cache and DynamoDB Local
        times.get(floorCase!.name)!.push(base);
        times.get(c.name)!.push(ms);
        ratios.get(c.name)!.push(ms / base);
        if (dyn) floorRatios.get(c.name)!.push(ms / dyn);
      }
    }
    const base = median(times.get('node -e 0')!);
    const dyn = median(times.get('dynamodb-floor')!);
    const ratio = (name: string): string => `${median(ratios.get(name)!).toFixed(1)}x`;
    console.log(`coldstart-dynamodb-floor: ${dyn.toFixed(0)} ms (${ratio('dynamodb-floor')} vs node -e 0, ${base.toFixed(0)} ms; AWS SDK client + one GetItem)`);
    for (const [name, fn, what] of [
      ['poll', 'poll', 'one SQS record, 4 items stored'],
      ['dispatch', 'dispatch', 'one schedule event'],
    ] as const) {
      if (!times.get(name)!.length) continue;
      const m = median(times.get(name)!);
      const kib = (bundles.find((b) => b.fn === fn)!.bytes / 1024).toFixed(0);
      console.log(`coldstart-${name}: ${m.toFixed(0)} ms (${ratio(name)} vs node -e 0; ${median(floorRatios.get(name)!).toFixed(2)}x vs DynamoDB floor; ${what}; bundle ${kib} KiB)`);
    }
  } finally {
    client.destroy();
    await new Promise((r) => feedServer.close(r));
    await new Promise((r) => sqs.close(r));
    await dynamo.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
