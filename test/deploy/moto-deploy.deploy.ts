/**
 * The stack, deployed on moto_server as `osls deploy` deploys it, run with its packaged bundles:
 *   schedule → dispatch → SQS FIFO → poll → DynamoDB → stream → publish → the site bucket, against moto's SQS,
 *   DynamoDB (and Streams) and S3 (the deployment bucket the functions' code comes from, and the site bucket
 *   readers get through CloudFront), with loopback feeds on three hosts, one of which never answers;
 *   the poll deadline with the function's configured timeout: the hanging source ends as its own recorded
 *   failure within its fetch window and its batch mates are done, not redelivered, not dead-lettered; with a
 *   shorter timeout the next record of the hanging host is deferred and done on redelivery;
 *   the restore runbook: point-in-time restore into a new table (infra/restore-table.ts), then a stack that adopts
 *   it (parameters tableName and tableStreamArn) publishing the restored stories from its stream.
 * Test-only settings beside the deployed environment: CONFIG_DIR (loopback sources instead of config/'s) and
 * ALLOW_PRIVATE_HOSTS (the feeds are on 127.0.0.x). Left out of moto's stack: see moto-stack.ts MOTO_LEAVES_OUT.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ScanCommand,
  UpdateContinuousBackupsCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ChangeMessageVisibilityCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../infra/validate-config';
import { createDynamoClient } from '../../src/adapters/dynamo-client';
import { sourceIdFor } from '../../src/config';
import { FETCH_LIMITS } from '../../src/services/poller';
import { SAFETY_MS, STORE_RESERVE_MS } from '../../functions/commons/poll-deadline';
import { startFeedServer, type FeedServer } from '../helpers/feed-server';
import { MOTO_CREDENTIALS, startMoto, type Moto } from '../integration/aws/moto';
import { oslsPackage, ROOT, type Packaged } from '../integration/aws/package';
import {
  clients, deployedFunction, deployOnMoto, invoke, output, pollOnce, REGION, StreamPoller,
  type Deployed, type DeployedFunction, type Invocation,
} from './moto-stack';

const run = promisify(execFile);
const WIRE_XML = readFileSync(join(ROOT, 'test/integration/aws/fixtures/wire.xml'));

/** A one-item feed; each item its own summary, so that no two are taken for copies of one story. */
function rss(title: string, [t, slug, summary]: [string, string, string]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title><link>https://wire.example/</link><description>fixture</description><item><title>${t}</title><link>https://wire.example/2026/11/${slug}</link><guid isPermaLink="false">${slug}</guid><pubDate>Sat, 28 Nov 2026 08:00:00 GMT</pubDate><description>${summary}</description></item></channel></rss>`;
}

const TITLES = {
  b: 'China and South Korea agree to resume tourism talks in Jeju',
  c: 'South Korean and Chinese coast guards hold talks on illegal fishing in the Yellow Sea',
  twoB: 'Chinese and South Korean trade ministers meet on export controls',
  d: 'China and South Korea sign a memorandum on fine dust cooperation',
};
const ITEMS: Record<keyof typeof TITLES, [string, string, string]> = {
  b: [TITLES.b, 'tourism-talks', 'Seoul and Beijing will restart group tours and visa-free entry for Chinese visitors to Jeju island, officials said.'],
  c: [TITLES.c, 'illegal-fishing', 'The coast guards of both countries agreed on joint patrols against Chinese fishing boats crossing the maritime line.'],
  twoB: [TITLES.twoB, 'export-controls', 'Trade ministers Yeo Han-koo and Wang Wentao discussed rare earth export licences and a supply chain hotline in Beijing.'],
  d: [TITLES.d, 'fine-dust', 'The environment ministers of Korea and China signed a plan to share air quality data and cut yellow dust by 2030.'],
};

const hang = { handle: () => undefined }; // accepts the request and never answers

let moto: Moto;
let one: FeedServer; // 127.0.0.1
let two: FeedServer; // 127.0.0.2: the hanging host
let three: FeedServer; // 127.0.0.3
let pkg: Packaged;
let stack: Deployed;
const fns: Record<string, DeployedFunction> = {};
const configs: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
const runAs = (config: keyof typeof configs) => ({ CONFIG_DIR: configs[config], ALLOW_PRIVATE_HOSTS: 'true', POWERTOOLS_LOG_LEVEL: 'INFO' });
const ddb = () => createDynamoClient({ endpoint: moto.endpoint, region: REGION });

function configDir(sources: Array<[string, string]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-moto-config-'));
  writeFileSync(
    join(dir, 'sources.yml'),
    `feed:\n  title: Moto feed\n  baseUrl: https://feeds.example.test\nsources:\n${sources.map(([name, url]) => `  - name: ${name}\n    url: ${url}\n    lang: en\n`).join('')}`,
  );
  copyFileSync(join(ROOT, 'config/rules.yml'), join(dir, 'rules.yml'));
  validateConfig(dir); // as packaging does
  return dir;
}

async function sourceState(table: string, url: string): Promise<Record<string, unknown> | undefined> {
  const out = await ddb().send(new ScanCommand({ TableName: table }));
  const item = (out.Items ?? []).find((i) => i.pk?.S === `SOURCE#${sourceIdFor(url)}`);
  return item?.data?.S ? (JSON.parse(item.data.S) as Record<string, unknown>) : undefined;
}

async function queueDepth(url: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes: a } = await clients(moto).sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(a?.ApproximateNumberOfMessages), inFlight: Number(a?.ApproximateNumberOfMessagesNotVisible) };
}

type PollResult = { batchItemFailures: Array<{ itemIdentifier: string }> };

beforeAll(async () => {
  moto = await startMoto();
  one = await startFeedServer({ '/wire.xml': { body: WIRE_XML, etag: '"w1"' }, '/wire-b.xml': { body: rss('Wire B', ITEMS.b) } }, '127.0.0.1');
  two = await startFeedServer({ '/hang-1.xml': hang, '/hang-2.xml': hang, '/wire-2b.xml': { body: rss('Wire 2B', ITEMS.twoB) } }, '127.0.0.2');
  three = await startFeedServer({ '/wire-c.xml': { body: rss('Wire C', ITEMS.c) }, '/wire-d.xml': { body: rss('Wire D', ITEMS.d) } }, '127.0.0.3');
  configs.a = configDir([
    ['Wire One', `${one.url}/wire.xml`], ['Wire One B', `${one.url}/wire-b.xml`], ['Hanging Wire', `${two.url}/hang-1.xml`], ['Wire Three', `${three.url}/wire-c.xml`],
  ]);
  configs.b = configDir([['Hanging Wire Two', `${two.url}/hang-2.xml`], ['Wire Two B', `${two.url}/wire-2b.xml`]]);
  configs.c = configDir([['Wire Four', `${three.url}/wire-d.xml`]]);
  pkg = await oslsPackage(mkdtempSync(join(tmpdir(), 'ws-pkg-moto-')), ['--stage', 'moto', '--region', REGION, '--param=publicBaseUrl=https://feeds.example.test']);
  stack = await deployOnMoto(moto, pkg, 'wiresieve-moto');
  for (const id of ['DispatchLambdaFunction', 'PollLambdaFunction', 'PublishLambdaFunction']) fns[id] = await deployedFunction(moto, stack, id);
}, 300_000);

afterAll(async () => {
  await Promise.all([one?.close(), two?.close(), three?.close()]);
  await moto?.stop();
});

describe('the stack on moto', () => {
  it('is created from the packaged templates, but for what moto has no model of', () => {
    // Assess
    expect(stack.stack.StackStatus).toBe('UPDATE_COMPLETE');
    const leftOutTypes = new Set(Object.values(stack.leftOut).map((why) => why.split(': ')[0]!));
    expect([...leftOutTypes].filter((t) => t.startsWith('AWS::')).sort()).toEqual([
      'AWS::CloudFront::Distribution', 'AWS::CloudFront::OriginAccessControl', 'AWS::CloudFront::ResponseHeadersPolicy', 'AWS::CloudWatch::Alarm', 'AWS::S3::BucketPolicy',
    ]);
    expect(Object.keys(stack.leftOut).filter((id) => !stack.leftOut[id]!.startsWith('AWS::')).sort()).toEqual([
      'PublishEventSourceMappingDynamodbTable',
    ]);
    for (const id of ['Table', 'SiteBucket', 'PollQueue', 'PollDeadLetterQueue', 'PollRole', 'PollLambdaFunction', 'PollEventSourceMappingSQSPollQueue', 'DispatchEventsRuleSchedule1', 'PublishLambdaFunction']) {
      expect(stack.physical[id], id).toBeTruthy();
    }
    expect(output(stack, 'FeedUrl')).toBe('https://feeds.example.test/feed.xml');
  });

  it('`osls info` (the last step of `osls deploy`) ends by printing the feed URL', async () => {
    // Act: osls itself, its AWS SDK clients pointed at moto
    const { stdout } = await run(process.execPath, [join(ROOT, 'node_modules/osls/bin/serverless.js'), 'info', '--stage', 'moto', '--region', REGION, '--param=publicBaseUrl=https://feeds.example.test'], {
      cwd: ROOT, timeout: 120_000,
      env: {
        PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'ws-home-')), SLS_TELEMETRY_DISABLED: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      },
    });
    // Assess
    expect(stdout).toContain('stack: wiresieve-moto');
    expect(stdout.trim().split('\n').at(-1)).toBe('feed: https://feeds.example.test/feed.xml');
  });

  it('gives each function the physical names CloudFormation resolved, and its configured timeout', () => {
    // Assess
    for (const fn of Object.values(fns)) expect(fn.env.TABLE_NAME).toBe(stack.physical.Table);
    expect(fns.DispatchLambdaFunction!.env.QUEUE_URL).toBe(stack.physical.PollQueue);
    expect(fns.PublishLambdaFunction!.env.SITE_BUCKET).toBe(stack.physical.SiteBucket);
    expect(fns.PollLambdaFunction!.timeoutMs).toBe(60_000);
    expect(fns.PollLambdaFunction!.env.ALLOW_PRIVATE_HOSTS).toBeUndefined();
  });
});

describe('dispatch → poll → publish → the site bucket, a hanging source among them', () => {
  let polls: Array<{ messages: number; invocation?: Invocation<PollResult> }> = [];

  beforeAll(async () => {
    // Act: the schedule fires dispatch; the SQS mapping's poller hands poll batches until the queue is empty
    const dispatched = await invoke<{ due: number; total: number }>(moto, fns.DispatchLambdaFunction!, { time: new Date().toISOString(), source: 'aws.events' }, runAs('a'));
    expect(dispatched, dispatched.logs).toMatchObject({ result: { due: 4, total: 4 } });
    const batchSize = (pkg.template.Resources.PollEventSourceMappingSQSPollQueue!.Properties as { BatchSize: number }).BatchSize;
    for (let i = 0; i < 10; i++) {
      const { messages, invocation } = await pollOnce(moto, stack.physical.PollQueue!, `arn:aws:sqs:${REGION}:123456789012:wiresieve-moto-poll.fifo`, batchSize, (e) =>
        invoke<PollResult>(moto, fns.PollLambdaFunction!, e, runAs('a')),
      );
      if (!messages.length) break;
      polls.push({ messages: messages.length, invocation });
    }
  }, 200_000);

  it('polls every source in one batch within the deadline, the hanging one for its 30 s fetch window, and reports no record failed', () => {
    // Assess
    expect(polls.map((p) => p.messages)).toEqual([4]);
    const inv = polls[0]!.invocation!;
    expect(inv.timedOut).toBeUndefined();
    expect(inv.error).toBeUndefined();
    expect(inv.result).toEqual({ batchItemFailures: [] });
    expect(inv.durationMs).toBeGreaterThanOrEqual(FETCH_LIMITS.totalMs - 100);
    expect(inv.durationMs).toBeLessThan(60_000 - STORE_RESERVE_MS - SAFETY_MS);
    console.info(`moto deploy: batch of 4 with a hanging source: ${inv.durationMs} ms (timeout 60000 ms)`);
  });

  it('records the hanging source\'s timeout in its state; its batch mates stored their stories; the queues are empty', async () => {
    // Assess
    const hung = await sourceState(stack.physical.Table!, `${two.url}/hang-1.xml`);
    expect(hung).toMatchObject({ consecutiveFailures: 1 });
    expect(String(hung?.lastError)).toContain(`total deadline of ${FETCH_LIMITS.totalMs} ms exceeded`);
    for (const url of [`${one.url}/wire.xml`, `${one.url}/wire-b.xml`, `${three.url}/wire-c.xml`]) {
      expect(await sourceState(stack.physical.Table!, url), url).toMatchObject({ consecutiveFailures: 0, lastStatus: 200 });
    }
    expect(await queueDepth(stack.physical.PollQueue!)).toEqual({ visible: 0, inFlight: 0 });
    expect(await queueDepth(stack.physical.PollDeadLetterQueue!)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('publishes from the table\'s stream, filtered to the version item and source states, into the site bucket', async () => {
    // Prepare: the mapping's filter, as the template has it
    const esm = pkg.template.Resources.PublishEventSourceMappingDynamodbTable!.Properties as { FilterCriteria: { Filters: Array<{ Pattern: string }> } };
    const stream = new StreamPoller(moto, output(stack, 'TableStreamArn'), esm.FilterCriteria.Filters.map((f) => JSON.parse(f.Pattern)));
    // Act
    const { all, matched } = await stream.next();
    const published = await invoke<{ scope: string; written: number; unchanged: number }>(moto, fns.PublishLambdaFunction!, { Records: matched.slice(0, 100) }, runAs('a'));
    const again = await invoke<{ scope: string; written: number }>(moto, fns.PublishLambdaFunction!, { source: 'wiresieve.deploy' }, runAs('a'));
    // Assess
    expect(all).toBeGreaterThan(matched.length); // stories are on the stream too; the filter keeps the version item and source states
    const keys = new Set(matched.map((r) => JSON.stringify(r.dynamodb.Keys)));
    expect(keys).toContain(JSON.stringify({ pk: { S: 'FEED#main' }, sk: { S: 'META' } }));
    expect([...keys].every((k) => k.includes('FEED#main') || k.includes('SOURCE#'))).toBe(true);
    expect(published.error, published.logs).toBeUndefined();
    expect(published.result).toMatchObject({ scope: 'site' });
    expect(published.result!.written).toBeGreaterThan(10);
    expect(again.result).toMatchObject({ scope: 'site', written: 0 }); // the deploy hook's run: nothing changed
    const { s3 } = clients(moto);
    const rss = await s3.send(new GetObjectCommand({ Bucket: stack.physical.SiteBucket!, Key: 'feed.xml' }));
    expect([rss.ContentType, rss.CacheControl]).toEqual(['application/xml; charset=utf-8', 'public, max-age=300']);
    const body = await rss.Body!.transformToString();
    for (const t of ['China and North Korea sign border trade agreement in Dandong', TITLES.b, TITLES.c]) expect(body).toContain(t);
    // S3 answers CloudFront's revalidation with 304 from the object's ETag
    const revalidated = await s3.send(new GetObjectCommand({ Bucket: stack.physical.SiteBucket!, Key: 'feed.xml', IfNoneMatch: rss.ETag })).then(
      () => 200,
      (err: { $metadata?: { httpStatusCode?: number } }) => err.$metadata?.httpStatusCode,
    );
    expect(revalidated).toBe(304);
    const sources = await s3.send(new GetObjectCommand({ Bucket: stack.physical.SiteBucket!, Key: 'sources.json' }));
    const health = JSON.parse(await sources.Body!.transformToString()) as { sources: Array<{ name: string; status: string; lastError?: string }> };
    expect(health.sources.find((s) => s.name === 'Hanging Wire')).toMatchObject({ status: 'failing', lastError: expect.stringContaining('total deadline') });
  });
});

describe('a shorter timeout: the hanging host\'s next record is deferred, then done on redelivery', () => {
  let first: Invocation<PollResult>;
  let second: Invocation<PollResult>;
  let firstMessages: number;
  let redelivered: string | undefined;

  beforeAll(async () => {
    // Prepare: poll's timeout at 20 s on the deployed function → a fetch window of 20 − 10 − 1 = 9 s
    await clients(moto).lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: fns.PollLambdaFunction!.name, Timeout: 20 }));
    fns.PollLambdaFunction = await deployedFunction(moto, stack, 'PollLambdaFunction');
    const dispatched = await invoke<{ due: number }>(moto, fns.DispatchLambdaFunction!, { time: new Date().toISOString() }, runAs('b'));
    expect(dispatched.result?.due).toBe(2);
    const queueArn = `arn:aws:sqs:${REGION}:123456789012:wiresieve-moto-poll.fifo`;
    const call = (e: unknown) => invoke<PollResult>(moto, fns.PollLambdaFunction!, e, runAs('b'));
    // Act: one batch; then the visibility timeout of the record it reported passes (set to 0 here), and it comes again
    const a = await pollOnce(moto, stack.physical.PollQueue!, queueArn, 5, call);
    first = a.invocation!;
    firstMessages = a.messages.length;
    const deferred = a.messages.find((m) => first.result?.batchItemFailures.some((f) => f.itemIdentifier === m.MessageId));
    await clients(moto).sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: stack.physical.PollQueue!, ReceiptHandle: deferred!.ReceiptHandle!, VisibilityTimeout: 0 }));
    const b = await pollOnce(moto, stack.physical.PollQueue!, queueArn, 5, call);
    second = b.invocation!;
    redelivered = b.messages[0]?.Attributes?.ApproximateReceiveCount;
  }, 120_000);

  it('ends the first batch before the timeout: the hanging source recorded after its 9 s window, its host mate deferred', async () => {
    expect(firstMessages).toBe(2);
    expect(first.timedOut).toBeUndefined();
    expect(first.durationMs).toBeGreaterThanOrEqual(20_000 - STORE_RESERVE_MS - SAFETY_MS - 100);
    expect(first.durationMs).toBeLessThan(20_000 - SAFETY_MS);
    expect(first.result?.batchItemFailures).toHaveLength(1);
    expect(first.logs).toContain('records not started, too little time left');
    const hung = await sourceState(stack.physical.Table!, `${two.url}/hang-2.xml`);
    expect(String(hung?.lastError)).toMatch(/total deadline of (8|9)\d{3} ms exceeded/);
    console.info(`moto deploy: timeout 20000 ms: hanging source + its host mate: ${first.durationMs} ms, 1 deferred`);
  });

  it('polls the deferred record on its second receive, and nothing reaches the dead-letter queue', async () => {
    expect(redelivered).toBe('2');
    expect(second.result).toEqual({ batchItemFailures: [] });
    expect(await sourceState(stack.physical.Table!, `${two.url}/wire-2b.xml`)).toMatchObject({ consecutiveFailures: 0, lastStatus: 200 });
    expect(await queueDepth(stack.physical.PollQueue!)).toEqual({ visible: 0, inFlight: 0 });
    expect(await queueDepth(stack.physical.PollDeadLetterQueue!)).toEqual({ visible: 0, inFlight: 0 });
  });
});

describe('restore: a point-in-time copy in a new table, adopted by a stack', () => {
  const RESTORED = 'wiresieve-moto-restored';
  let restore: { stdout: string; stderr: string };
  let adopted: Deployed;
  let storyCount: number;

  beforeAll(async () => {
    // Prepare: moto's CloudFormation does not apply PointInTimeRecoverySpecification; the stack's table has it on AWS
    const table = stack.physical.Table!;
    await ddb().send(new UpdateContinuousBackupsCommand({ TableName: table, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
    storyCount = (await ddb().send(new ScanCommand({ TableName: table }))).Items!.filter((i) => i.pk?.S?.startsWith('STORY#')).length;
    // Act: the runbook's two steps
    restore = await run(process.execPath, [join(ROOT, 'bin/run-ts.js'), join(ROOT, 'infra/restore-table.ts'), '--from', table, '--to', RESTORED, '--region', REGION, '--stage', 'motoadopt'], {
      cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, DYNAMODB_ENDPOINT: moto.endpoint, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    const params = Object.fromEntries(restore.stdout.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
    const adoptPkg = await oslsPackage(mkdtempSync(join(tmpdir(), 'ws-pkg-motoadopt-')), [
      '--stage', 'motoadopt', '--region', REGION, '--param=publicBaseUrl=https://feeds.example.test',
      `--param=tableName=${params.tableName}`, `--param=tableStreamArn=${params.tableStreamArn}`,
    ]);
    adopted = await deployOnMoto(moto, adoptPkg, 'wiresieve-motoadopt');
  }, 200_000);

  it('restores every item into a table with the stream, TTL, point-in-time recovery and deletion protection the stack\'s had', async () => {
    const d = await ddb().send(new DescribeTableCommand({ TableName: RESTORED }));
    expect(d.Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });
    expect(d.Table?.DeletionProtectionEnabled).toBe(true);
    expect(d.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['byTime']);
    expect((await ddb().send(new DescribeTimeToLiveCommand({ TableName: RESTORED }))).TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    expect((await ddb().send(new DescribeContinuousBackupsCommand({ TableName: RESTORED }))).ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe('ENABLED');
    const items = (await ddb().send(new ScanCommand({ TableName: RESTORED }))).Items!;
    expect(items.filter((i: Record<string, AttributeValue>) => i.pk?.S?.startsWith('STORY#'))).toHaveLength(storyCount);
    expect(restore.stdout).toContain(`tableStreamArn=${d.Table?.LatestStreamArn}`);
    expect(restore.stderr).toContain(`npm run deploy -- --stage motoadopt --region ${REGION} --param="tableName=${RESTORED}" --param="tableStreamArn=${d.Table?.LatestStreamArn}"`);
  });

  it('a stack deployed with tableName and tableStreamArn creates no table and runs on the restored one', async () => {
    expect(Object.keys(adopted.physical)).not.toContain('Table');
    expect(output(adopted, 'TableName')).toBe(RESTORED);
    // Act: a new source's story through the adopting stack: dispatch → poll → the restored table's stream → publish
    const f: Record<string, DeployedFunction> = {};
    for (const id of ['DispatchLambdaFunction', 'PollLambdaFunction', 'PublishLambdaFunction']) f[id] = await deployedFunction(moto, adopted, id);
    for (const fn of Object.values(f)) expect(fn.env.TABLE_NAME).toBe(RESTORED);
    const stream = new StreamPoller(moto, output(adopted, 'TableStreamArn'), [{ dynamodb: { Keys: { pk: { S: ['FEED#main'] }, sk: { S: ['META'] } } } }]);
    await stream.next(); // from now on
    expect((await invoke<{ due: number }>(moto, f.DispatchLambdaFunction!, { time: new Date().toISOString() }, runAs('c'))).result?.due).toBe(1);
    const polled = await pollOnce(moto, adopted.physical.PollQueue!, `arn:aws:sqs:${REGION}:123456789012:wiresieve-motoadopt-poll.fifo`, 5, (e) => invoke<PollResult>(moto, f.PollLambdaFunction!, e, runAs('c')));
    const { matched } = await stream.next();
    const published = await invoke<{ scope: string; written: number }>(moto, f.PublishLambdaFunction!, { Records: matched }, runAs('c'));
    const rss = await clients(moto).s3.send(new GetObjectCommand({ Bucket: adopted.physical.SiteBucket!, Key: 'feed.xml' }));
    const body = await rss.Body!.transformToString();
    // Assess: the restored stories and the new one
    expect(polled.invocation?.result).toEqual({ batchItemFailures: [] });
    expect(matched.length).toBeGreaterThan(0);
    expect(published.result).toMatchObject({ scope: 'site' });
    for (const t of [TITLES.d, TITLES.b, 'China and North Korea sign border trade agreement in Dandong']) expect(body).toContain(t);
  });
});
