/**
 * Offline checks of the deployment: `osls package` (no credentials, no network) for the dev stage and for a prod
 * stage with the CDN and an alarm topic, then the generated CloudFormation is validated against the resource
 * specification and checked for least privilege, the queue wiring, the table, the alarms and the bundles.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkTemplate, type Template } from './cfn-check';
import { actionsOf, iamFindings, roleOf } from './iam-check';
import { lambdaFixture, sqsEvent } from './lambda-env';
import { metafile, oslsPackage, ROOT, zipEntries, type Packaged } from './package';

const run = promisify(execFile);
let dev: Packaged;
let prod: Packaged;
const clone = (t: Template): Template => structuredClone(t);
type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const props = (t: Template, id: string): Props => t.Resources[id]!.Properties as Props;

beforeAll(async () => {
  dev = await oslsPackage(mkdtempSync(join(tmpdir(), 'ws-pkg-dev-')));
  prod = await oslsPackage(mkdtempSync(join(tmpdir(), 'ws-pkg-prod-')), [
    '--stage', 'prod', '--region', 'eu-west-1', '--param=cdn=true', '--param=alarmTopicArn=arn:aws:sns:eu-west-1:123456789012:ops',
  ]);
}, 240_000);

describe('osls package', () => {
  it('validates config/ first', () => {
    expect(dev.log).toContain('config ok');
  });

  it.each([
    ['dispatch', ['config/sources.yml', 'functions/dispatch.js', 'functions/package.json']],
    ['feed', ['config/.compiled/feed.json', 'config/rules.yml', 'config/sources.yml', 'functions/feed.js', 'functions/package.json']],
    ['poll', ['config/rules.yml', 'config/sources.yml', 'functions/package.json', 'functions/poll.js']],
    ['render', ['config/.compiled/feed.json', 'config/rules.yml', 'config/sources.yml', 'functions/package.json', 'functions/render.js']],
  ])('packages %s with exactly %j', (fn, files) => {
    // Act
    const entries = zipEntries(join(dev.dir, `${fn}.zip`));
    // Assess
    expect(dev.zips.sort()).toEqual(['dispatch.zip', 'feed.zip', 'poll.zip', 'render.zip']);
    expect(entries).toEqual(files);
  });

  it.each([
    ['dev', () => dev],
    ['prod with CDN and alarm topic', () => prod],
  ])('the %s template passes the CloudFormation resource specification', async (_name, pkg) => {
    // Act
    const findings = await checkTemplate(pkg().template);
    // Assess
    expect(findings).toEqual([]);
  });
});

describe('the specification check fails when it should', () => {
  const cases: Array<[string, (t: Template) => void, RegExp]> = [
    ['unknown resource type', (t) => void (t.Resources.PollQueue!.Type = 'AWS::SQS::Queu'), /unknown resource type AWS::SQS::Queu/],
    ['unknown property', (t) => void (props(t, 'PollQueue').VisibilityTimeOut = 30), /PollQueue.Properties: unknown property VisibilityTimeOut/],
    ['unknown nested property', (t) => void (props(t, 'FeedDistribution').DistributionConfig.Enable = true), /DistributionConfig: unknown property Enable/],
    ['missing required property', (t) => void delete props(t, 'PollEventSourceMappingSQSPollQueue').FunctionName, /missing required property FunctionName/],
    ['wrong value type', (t) => void (props(t, 'PollQueue').VisibilityTimeout = 'soon'), /VisibilityTimeout: expected a number/],
    ['dangling Ref', (t) => void (props(t, 'DispatchLambdaFunction').Environment.Variables.QUEUE_URL = { Ref: 'PollQueueX' }), /Ref to unknown PollQueueX/],
    ['dangling GetAtt', (t) => void (props(t, 'PollEventSourceMappingSQSPollQueue').EventSourceArn = { 'Fn::GetAtt': ['NoQueue', 'Arn'] }), /GetAtt on unknown resource NoQueue/],
    ['unknown attribute', (t) => void (props(t, 'PollEventSourceMappingSQSPollQueue').EventSourceArn = { 'Fn::GetAtt': ['PollQueue', 'Url'] }), /has no attribute Url/],
    ['dangling Fn::Sub reference', (t) => void (props(t, 'DispatchRole').Policies[0].PolicyDocument.Statement[1].Resource = { 'Fn::Sub': '${Tabel.Arn}/index/byTime' }), /Fn::Sub reference \$\{Tabel.Arn\} is unknown/],
    ['unknown condition', (t) => void (props(t, 'Table').DeletionProtectionEnabled = { 'Fn::If': ['Protect', true, false] }), /unknown condition Protect/],
    ['bad DeletionPolicy', (t) => void (t.Resources.Table!.DeletionPolicy = 'Keep'), /DeletionPolicy must be one of/],
  ];
  it.each(cases)('%s', async (_name, breakIt, expected) => {
    // Prepare
    const t = clone(dev.template);
    breakIt(t);
    // Act
    const findings = await checkTemplate(t);
    // Assess
    expect(findings.join('\n')).toMatch(expected);
  });
});

describe('least privilege', () => {
  it('gives every function its own role, within what it needs, with no wildcards', () => {
    // Act
    const findings = iamFindings(dev.template);
    // Assess
    expect(findings).toEqual([]);
    expect(Object.keys(dev.template.Resources)).not.toContain('IamRoleLambdaExecution');
  });

  it.each([
    ['DispatchLambdaFunction', ['sqs:SendMessage'], ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'sqs:ReceiveMessage']],
    ['PollLambdaFunction', ['dynamodb:PutItem', 'sqs:DeleteMessage'], ['sqs:SendMessage', 'dynamodb:Scan', 'dynamodb:DeleteItem']],
    ['FeedLambdaFunction', ['dynamodb:Query', 'dynamodb:BatchGetItem'], ['dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'sqs:SendMessage']],
    ['RenderLambdaFunction', ['dynamodb:GetRecords', 'dynamodb:Query'], ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'sqs:SendMessage']],
  ])('%s can %j and cannot %j', (fn, can, cannot) => {
    // Act
    const actions = actionsOf(dev.template, roleOf(dev.template, fn)!);
    // Assess
    for (const a of can) expect(actions).toContain(a);
    for (const a of cannot) expect(actions).not.toContain(a);
  });

  const broken: Array<[string, (t: Template) => void, RegExp]> = [
    ['a wildcard action', (t) => void (props(t, 'PollRole').Policies[0].PolicyDocument.Statement[2].Action = ['dynamodb:*']), /wildcard action dynamodb:\*/],
    ['a "*" resource', (t) => void (props(t, 'FeedRole').Policies[0].PolicyDocument.Statement[1].Resource = '*'), /"Resource": "\*"/],
    ['a shared role', (t) => void (props(t, 'FeedLambdaFunction').Role = { 'Fn::GetAtt': ['PollRole', 'Arn'] }), /shares role PollRole/],
    ['a write action for feed', (t) => void props(t, 'FeedRole').Policies[0].PolicyDocument.Statement[1].Action.push('dynamodb:UpdateItem'), /FeedLambdaFunction does not need dynamodb:UpdateItem/],
    ['PutItem for feed beyond its shared renderings', (t) => void props(t, 'FeedRole').Policies[0].PolicyDocument.Statement[1].Action.push('dynamodb:PutItem'), /FeedLambdaFunction may dynamodb:PutItem only on keys RENDER#\*/],
    ['a looser key condition on feed\'s PutItem', (t) => void (props(t, 'FeedRole').Policies[0].PolicyDocument.Statement[3].Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'] = ['*']), /may dynamodb:PutItem only on keys/],
    ['SendMessage for poll', (t) => void props(t, 'PollRole').Policies[0].PolicyDocument.Statement[3].Action.push('sqs:SendMessage'), /PollLambdaFunction does not need sqs:SendMessage/],
  ];
  it.each(broken)('flags %s', (_name, breakIt, expected) => {
    // Prepare
    const t = clone(dev.template);
    breakIt(t);
    // Act / Assess
    expect(iamFindings(t).join('\n')).toMatch(expected);
  });
});

describe('wiring', () => {
  it('schedules dispatch every 5 minutes and gives it the queue URL', () => {
    const rule = props(dev.template, 'DispatchEventsRuleSchedule1');
    expect(rule.ScheduleExpression).toBe('rate(5 minutes)');
    expect(rule.Targets[0].Arn).toEqual({ 'Fn::GetAtt': ['DispatchLambdaFunction', 'Arn'] });
    expect(props(dev.template, 'DispatchLambdaFunction').Environment.Variables.QUEUE_URL).toEqual({ Ref: 'PollQueue' });
  });

  it('redrives poll messages to the DLQ after 3 receives, with a visibility timeout over 6× the poll timeout', () => {
    const q = props(dev.template, 'PollQueue');
    const pollTimeout = props(dev.template, 'PollLambdaFunction').Timeout as number;
    expect(q.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['PollDeadLetterQueue', 'Arn'] }, maxReceiveCount: 3 });
    expect(q.VisibilityTimeout).toBeGreaterThan(6 * pollTimeout);
  });

  it('feeds poll from the queue in small batches with partial batch responses and reserved concurrency', () => {
    const esm = props(dev.template, 'PollEventSourceMappingSQSPollQueue');
    expect(esm.EventSourceArn).toEqual({ 'Fn::GetAtt': ['PollQueue', 'Arn'] });
    expect(esm.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(esm.BatchSize).toBeLessThanOrEqual(10);
    expect(props(dev.template, 'PollLambdaFunction').ReservedConcurrentExecutions).toBe(5);
  });

  it('routes every publisher path of the HTTP API to feed', () => {
    const routes = Object.values(dev.template.Resources)
      .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map((r) => (r.Properties as Props).RouteKey as string);
    for (const p of ['/', '/feed.xml', '/feed.atom', '/feed.json', '/sources.json', '/sources.opml', '/feed.xsl', '/topics/{name}', '/archive/{key}']) {
      expect(routes).toContain(`GET ${p}`);
    }
  });

  it('runs render on the table stream, filtered to the feed version item, with retries bounded', () => {
    const esm = Object.values(dev.template.Resources).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties).includes('RenderLambdaFunction'))!.Properties as Props;
    expect(esm.EventSourceArn).toEqual({ 'Fn::GetAtt': ['Table', 'StreamArn'] });
    expect(esm.StartingPosition).toBe('LATEST');
    expect(esm.MaximumRetryAttempts).toBe(2);
    expect(esm.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([{ dynamodb: { Keys: { pk: { S: ['FEED#main'] }, sk: { S: ['META'] } } } }]);
    expect(props(dev.template, 'Table').StreamSpecification).toEqual({ StreamViewType: 'KEYS_ONLY' });
  });

  it.each(['DispatchLambdaFunction', 'PollLambdaFunction', 'FeedLambdaFunction', 'RenderLambdaFunction'])('%s runs nodejs22.x with TABLE_NAME from the table', (fn) => {
    const p = props(dev.template, fn);
    expect(p.Runtime).toBe('nodejs22.x');
    expect(p.Environment.Variables.TABLE_NAME).toEqual({ Ref: 'Table' });
    expect(p.Environment.Variables.ALLOW_PRIVATE_HOSTS).toBeUndefined();
  });
});

describe('the table', () => {
  it('is the infra/table.yml definition local mode creates, on demand, with TTL and PITR, named by CloudFormation', () => {
    // Prepare
    const def = parse(readFileSync(join(ROOT, 'infra/table.yml'), 'utf8')) as Props;
    // Act
    const t = props(dev.template, 'Table');
    // Assess
    for (const k of ['KeySchema', 'AttributeDefinitions', 'GlobalSecondaryIndexes', 'TimeToLiveSpecification']) expect(t[k]).toEqual(def[k]);
    expect(t.BillingMode).toBe('PAY_PER_REQUEST');
    expect(t.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(t.TableName).toBeUndefined();
  });

  it.each([
    ['dev', 'Delete', 'false', () => dev],
    ['prod', 'Retain', 'true', () => prod],
  ])('on %s: DeletionPolicy %s, deletion protection when protectData is %s', (_s, policy, protect, pkg) => {
    const t = pkg().template;
    expect(t.Resources.Table!.DeletionPolicy).toBe(policy);
    expect(props(t, 'Table').DeletionProtectionEnabled).toEqual({ 'Fn::If': ['ProtectData', true, false] });
    expect((t.Conditions as Props).ProtectData).toEqual({ 'Fn::Equals': [protect, 'true'] });
  });
});

describe('alarms', () => {
  it('alarm on a non-empty DLQ, poll errors and an hour without a successful poll, notifying the topic when given', () => {
    const alarms = Object.entries(prod.template.Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms.map(([id]) => id).sort()).toEqual(['DeadLetterQueueNotEmptyAlarm', 'NoSuccessfulPollAlarm', 'PollErrorsAlarm']);
    const noPoll = props(prod.template, 'NoSuccessfulPollAlarm');
    expect([noPoll.Namespace, noPoll.MetricName, noPoll.Period, noPoll.TreatMissingData]).toEqual(['wiresieve', 'SourcesPolledOk', 3600, 'breaching']);
    expect(noPoll.Dimensions).toEqual([{ Name: 'service', Value: 'wiresieve-prod' }]);
    expect(noPoll.AlarmActions).toEqual({ 'Fn::If': ['HasAlarmTopic', ['arn:aws:sns:eu-west-1:123456789012:ops'], { Ref: 'AWS::NoValue' }] });
    expect((prod.template.Conditions as Props).UseCdn).toEqual({ 'Fn::Equals': ['true', 'true'] });
    expect((dev.template.Conditions as Props).HasAlarmTopic).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
  });
});

describe('bundles', () => {
  const packagesIn = (fn: string): Set<string> => {
    const out = Object.values(metafile(fn).outputs)[0]!;
    return new Set(Object.keys(out.inputs).map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1] ?? p));
  };

  it.each([
    // feed: its own small DynamoDB client (aws4) and the compiled config snapshot — no AWS SDK, no YAML parser (cold start, issue 6)
    ['feed', ['feed', 'aws4'], ['@aws-sdk/client-dynamodb', '@smithy/core', 'yaml', 'rss-parser', 'opencc-js', 'jschardet', 'iconv-lite', '@aws-sdk/client-sqs', 'src/core/parse.ts', 'src/core/rules/compile.ts']],
    ['render', ['feed', 'aws4'], ['@aws-sdk/client-dynamodb', 'yaml', 'rss-parser', 'opencc-js', 'src/core/rules/compile.ts']],
    ['poll', ['rss-parser', '@aws-sdk/client-dynamodb'], ['feed', '@aws-sdk/client-sqs', 'src/core/render.ts']],
    ['dispatch', ['@aws-sdk/client-sqs'], ['feed', 'rss-parser', 'opencc-js', 'src/core/render.ts']],
  ])('the %s bundle contains %j and not %j', (fn, has, lacks) => {
    // Act
    const pkgs = packagesIn(fn);
    // Assess
    for (const p of has) expect(pkgs).toContain(p);
    for (const p of lacks) expect(pkgs).not.toContain(p);
  });
});

describe('osls invoke local', () => {
  it('runs poll, then the bundled feed, against DynamoDB Local with DYNAMODB_ENDPOINT and TABLE_NAME from the shell', async () => {
    // Prepare: a table on the global DynamoDB Local, a loopback feed, a config folder naming it, an SQS event.
    const fx = await lambdaFixture();
    const eventFile = join(fx.configDir, 'event.json');
    writeFileSync(eventFile, JSON.stringify(sqsEvent([{ id: 'm1', body: JSON.stringify({ sourceId: fx.wireId }) }])));
    const { PATH, HOME } = process.env;
    try {
      // Act
      const { stdout } = await run(process.execPath, [join(ROOT, 'node_modules/osls/bin/serverless.js'), 'invoke', 'local', '-f', 'poll', '--path', eventFile], {
        cwd: ROOT,
        timeout: 120_000,
        env: {
          PATH, HOME, AWS_EC2_METADATA_DISABLED: 'true',
          DYNAMODB_ENDPOINT: fx.env.DYNAMODB_ENDPOINT!, TABLE_NAME: fx.table, CONFIG_DIR: fx.configDir,
          ALLOW_PRIVATE_HOSTS: 'true', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT',
        },
      });
      // Assess
      expect(JSON.parse(stdout.slice(stdout.lastIndexOf('{\n')))).toEqual({ batchItemFailures: [] });
      const items = await fx.client.send(new ScanCommand({ TableName: fx.table }));
      const stored = (items.Items ?? []).filter((i) => i.pk?.S?.startsWith('STORY#'));
      expect(stored).toHaveLength(4);

      // Act: the feed function as serverless-esbuild bundles it (its own DynamoDB client, the config snapshot)
      const feed = await run(process.execPath, [join(ROOT, 'node_modules/osls/bin/serverless.js'), 'invoke', 'local', '-f', 'feed', '--path', join(ROOT, 'test/fixtures/events/feed-get-feed-xml.json')], {
        cwd: ROOT,
        timeout: 120_000,
        env: { PATH, HOME, DYNAMODB_ENDPOINT: fx.env.DYNAMODB_ENDPOINT!, TABLE_NAME: fx.table, CONFIG_DIR: fx.configDir, POWERTOOLS_LOG_LEVEL: 'SILENT' },
      });
      // Assess: every story on the timeline is in the RSS the bundle rendered
      const res = JSON.parse(feed.stdout.slice(feed.stdout.search(/^\{$/m))) as { statusCode: number; headers: Record<string, string>; body: string };
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
      const kept = stored.filter((i) => i.gsi1pk?.S === 'FEED#main').map((i) => (JSON.parse(i.data!.S!) as { title: string }).title); // the published timeline
      expect(kept.length).toBeGreaterThan(0);
      for (const title of kept) expect(res.body).toContain(title.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll("'", '&#39;'));
    } finally {
      await fx.close();
    }
  }, 150_000);
});
