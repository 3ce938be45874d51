/**
 * A packaged stack on moto_server, deployed the way `osls deploy` deploys it — the create-stack template (the
 * deployment bucket) first, then the zips uploaded to it, then the update-stack template — and the part of the
 * Lambda service moto cannot play: an invocation of the packaged bundle (tested here in a fresh `node`, with the
 * function's configuration as moto holds it: its environment with the physical names CloudFormation resolved,
 * its handler and its timeout) and the event source mappings' pollers (SQS receive → poll → delete the records
 * not reported failed; the table's stream → the filter → publish).
 *
 * Left out of the stack, with the reason (MOTO_LEAVES_OUT): resource types moto's CloudFormation has no model
 * for, what refers to them, and the event source mappings' own polling, which this harness does itself.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  UpdateStackCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { Template } from '../integration/aws/cfn-check';
import { MOTO_CREDENTIALS, type Moto } from '../integration/aws/moto';
import { extractZip, type Packaged } from '../integration/aws/package';
import { resolveTemplate } from '../integration/aws/resolve-template';

const run = promisify(execFile);
export const REGION = 'us-east-1';

/** Resource types the stack has and moto's CloudFormation does not create, and why that is acceptable here. */
export const MOTO_LEAVES_OUT: Record<string, string> = {
  'AWS::CloudWatch::Alarm': 'no alarm model in moto; the alarms are checked by cfn-lint, the resource specification and test/integration/aws/osls.test.ts',
  'AWS::S3::BucketPolicy': "no model in moto (the deployment bucket's HTTPS-only policy, the site bucket's CloudFront-only one); checked on the template",
  'AWS::CloudFront::Distribution': 'no model in moto; the site is read from the bucket, as CloudFront reads it; checked on the template',
  'AWS::CloudFront::OriginAccessControl': 'as above',
  'AWS::CloudFront::ResponseHeadersPolicy': 'as above',
  'AWS::Budgets::Budget': 'no model in moto (no budget here)',
};

export interface Deployed {
  stackName: string;
  stack: Stack;
  /** Logical id → physical id. */
  physical: Record<string, string>;
  /** What was left out of the template, logical id → why. */
  leftOut: Record<string, string>;
  template: Template;
}

function refsOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => refsOf(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Ref' && typeof x === 'string') out.add(x);
      else if (k === 'Fn::GetAtt') out.add(Array.isArray(x) ? String(x[0]) : String(x).split('.')[0]!);
      else if (k === 'Fn::Sub') {
        const text = Array.isArray(x) ? String(x[0]) : String(x);
        for (const m of text.matchAll(/\$\{([^!}.]+)/g)) out.add(m[1]!);
        if (Array.isArray(x)) refsOf(x[1], out);
      } else if (k === 'DependsOn') [x].flat().forEach((d) => out.add(String(d)));
      else refsOf(x, out);
    }
  }
  return out;
}

/**
 * The template moto gets: left out the types above and what refers to them (judged on the branches the
 * parameters choose), the publish stream's mapping (moto would invoke its own stand-in runtime on every stream
 * record, whatever Enabled says), and the SQS mapping kept but disabled (moto would receive the messages for its
 * stand-in runtime on every SendMessage). The harness is both pollers.
 */
export function forMoto(t: Template): { template: Template; leftOut: Record<string, string> } {
  const resolved = resolveTemplate(t);
  const leftOut: Record<string, string> = {};
  // (Resources whose condition is false stay: CloudFormation, and moto, make nothing of them.)
  for (const [id, r] of Object.entries(t.Resources)) if (MOTO_LEAVES_OUT[r.Type] && id in resolved.Resources) leftOut[id] = `${r.Type}: ${MOTO_LEAVES_OUT[r.Type]}`;
  for (const [id, r] of Object.entries(t.Resources)) {
    if (r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties).includes('StartingPosition')) {
      leftOut[id] = 'the stream mapping: this harness reads the stream and invokes publish, as the mapping would';
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, r] of Object.entries(resolved.Resources)) {
      if (leftOut[id]) continue;
      const gone = [...refsOf(r)].find((x) => leftOut[x]);
      if (gone) {
        leftOut[id] = `refers to ${gone}, left out`;
        changed = true;
      }
    }
  }
  const template = structuredClone(t);
  for (const id of Object.keys(leftOut)) delete template.Resources[id];
  const outputs = (template.Outputs ?? {}) as Record<string, unknown>;
  for (const [id, o] of Object.entries((resolved.Outputs ?? {}) as Record<string, unknown>)) {
    if ([...refsOf(o)].some((x) => leftOut[x])) delete outputs[id];
  }
  for (const id of Object.keys(outputs)) if (!(id in ((resolved.Outputs ?? {}) as object))) delete outputs[id]; // false condition
  for (const r of Object.values(template.Resources)) {
    if (r.Type === 'AWS::Lambda::EventSourceMapping') (r.Properties as Record<string, unknown>).Enabled = false;
  }
  return { template, leftOut };
}

export function clients(moto: Moto) {
  const config = { region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS };
  return {
    cfn: new CloudFormationClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    lambda: new LambdaClient(config),
    sqs: new SQSClient(config),
  };
}

async function waitStack(cfn: CloudFormationClient, name: string): Promise<Stack> {
  for (;;) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name }));
    const s = Stacks![0]!;
    if (/_COMPLETE$/.test(s.StackStatus!) && !/ROLLBACK/.test(s.StackStatus!)) return s;
    if (/FAILED|ROLLBACK/.test(s.StackStatus!)) throw new Error(`moto: stack ${name} is ${s.StackStatus}: ${s.StackStatusReason}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function physicalIds(cfn: CloudFormationClient, name: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let token: string | undefined;
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: name, NextToken: token }));
    for (const r of page.StackResourceSummaries ?? []) out[r.LogicalResourceId!] = r.PhysicalResourceId!;
    token = page.NextToken;
  } while (token);
  return out;
}

/** `osls deploy`'s steps on moto: the create-stack template, the zips into its bucket, the update-stack template. */
export async function deployOnMoto(moto: Moto, pkg: Packaged, stackName: string): Promise<Deployed> {
  const { cfn, s3 } = clients(moto);
  const create = forMoto(JSON.parse(readFileSync(join(pkg.dir, 'cloudformation-template-create-stack.json'), 'utf8')) as Template);
  const capabilities = ['CAPABILITY_IAM' as const, 'CAPABILITY_NAMED_IAM' as const];
  await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(create.template), Capabilities: capabilities }));
  await waitStack(cfn, stackName);
  const bucket = (await physicalIds(cfn, stackName)).ServerlessDeploymentBucket!;
  const update = forMoto(pkg.template);
  for (const r of Object.values(pkg.template.Resources)) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    const key = (r.Properties!.Code as { S3Key: string }).S3Key;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(join(pkg.dir, basename(key))) }));
  }
  await cfn.send(new UpdateStackCommand({ StackName: stackName, TemplateBody: JSON.stringify(update.template), Capabilities: capabilities }));
  const stack = await waitStack(cfn, stackName);
  return { stackName, stack, physical: await physicalIds(cfn, stackName), leftOut: { ...create.leftOut, ...update.leftOut }, template: update.template };
}

export function output(d: Deployed, key: string): string {
  const v = d.stack.Outputs?.find((o) => o.OutputKey === key)?.OutputValue;
  if (v === undefined) throw new Error(`moto: stack ${d.stackName} has no output ${key}`);
  return v;
}

export interface DeployedFunction {
  name: string;
  handler: string;
  timeoutMs: number;
  memory: number;
  env: Record<string, string>;
  /** The unpacked code, as downloaded from the deployment bucket. */
  dir: string;
}

/** A function as moto holds it, its code fetched from where the stack says it is. */
export async function deployedFunction(moto: Moto, d: Deployed, logicalId: string): Promise<DeployedFunction> {
  const { lambda, s3 } = clients(moto);
  const cfg = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: d.physical[logicalId] }));
  const code = d.template.Resources[logicalId]!.Properties!.Code as { S3Key: string };
  const zip = await s3.send(new GetObjectCommand({ Bucket: d.physical.ServerlessDeploymentBucket, Key: code.S3Key }));
  const dir = mkdtempSync(join(tmpdir(), `ws-moto-${logicalId}-`));
  const file = join(dir, '..', `${basename(dir)}.zip`);
  writeFileSync(file, Buffer.from(await zip.Body!.transformToByteArray()));
  extractZip(file, dir);
  return {
    name: cfg.FunctionName!, handler: cfg.Handler!, timeoutMs: cfg.Timeout! * 1000, memory: cfg.MemorySize!,
    env: cfg.Environment?.Variables ?? {}, dir,
  };
}

export interface Invocation<R> {
  result?: R;
  timedOut?: boolean;
  error?: { name: string; message: string };
  durationMs: number;
  /** The function's log lines (JSON from Powertools, EMF metrics). */
  logs: string;
}

const RUNNER = join(import.meta.dirname, 'lambda-runner.mjs');

/** One invocation of the bundle in a fresh `node`, with the function's environment plus `extra` (for this test only). */
export async function invoke<R>(moto: Moto, fn: DeployedFunction, event: unknown, extra: Record<string, string> = {}): Promise<Invocation<R>> {
  const work = mkdtempSync(join(tmpdir(), 'ws-invoke-'));
  writeFileSync(join(work, 'event.json'), JSON.stringify(event));
  const env = {
    PATH: process.env.PATH!,
    ...fn.env,
    AWS_REGION: REGION, AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    AWS_LAMBDA_FUNCTION_NAME: fn.name, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memory), LAMBDA_TASK_ROOT: fn.dir,
    // Where moto is: every AWS SDK client; S3 addressed path-style (README "Environment").
    AWS_ENDPOINT_URL: moto.endpoint, DYNAMODB_ENDPOINT: moto.endpoint, S3_ENDPOINT: moto.endpoint,
    ...extra,
  };
  const { stdout, stderr } = await run(process.execPath, [RUNNER, fn.dir, fn.handler, String(fn.timeoutMs), join(work, 'event.json'), join(work, 'out.json')], {
    cwd: fn.dir, env, timeout: fn.timeoutMs + 30_000, maxBuffer: 64 * 1024 * 1024,
  });
  return { ...(JSON.parse(readFileSync(join(work, 'out.json'), 'utf8')) as Omit<Invocation<R>, 'logs'>), logs: stdout + stderr };
}

/** The SQS event source mapping's poller, one batch: receive, invoke, delete what was not reported failed. */
export async function pollOnce(
  moto: Moto,
  queueUrl: string,
  queueArn: string,
  batchSize: number,
  call: (event: unknown) => Promise<Invocation<{ batchItemFailures: Array<{ itemIdentifier: string }> }>>,
): Promise<{ messages: Message[]; invocation?: Invocation<{ batchItemFailures: Array<{ itemIdentifier: string }> }> }> {
  const { sqs } = clients(moto);
  const got = await sqs.send(new ReceiveMessageCommand({
    QueueUrl: queueUrl, MaxNumberOfMessages: batchSize, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'], WaitTimeSeconds: 0,
  }));
  const messages = got.Messages ?? [];
  if (!messages.length) return { messages };
  const event = {
    Records: messages.map((m) => ({
      messageId: m.MessageId, receiptHandle: m.ReceiptHandle, body: m.Body, attributes: m.Attributes ?? {}, messageAttributes: {},
      md5OfBody: m.MD5OfBody, eventSource: 'aws:sqs', eventSourceARN: queueArn, awsRegion: REGION,
    })),
  };
  const invocation = await call(event);
  // Lambda deletes the batch's messages unless the invocation failed as a whole (error, timeout); then none.
  if (invocation.result) {
    const failed = new Set(invocation.result.batchItemFailures.map((f) => f.itemIdentifier));
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    if (done.length) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    }
  }
  return { messages, invocation };
}

/**
 * A DynamoDB Streams call on moto (no SDK client for Streams among the project's packages). moto routes by the
 * credential scope's service and checks no signature, so the Authorization header only names the scope.
 */
async function streams<T>(moto: Moto, action: string, body: unknown): Promise<T> {
  const scope = `${MOTO_CREDENTIALS.accessKeyId}/20261201/${REGION}/dynamodb/aws4_request`;
  const headers = {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `DynamoDBStreams_20120810.${action}`,
    authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-target, Signature=${'0'.repeat(64)}`,
  };
  const res = await fetch(`${moto.endpoint}/`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`moto streams ${action}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

type StreamRecord = { eventID: string; eventName: string; dynamodb: { Keys?: Record<string, unknown>; SequenceNumber: string } & Record<string, unknown> };

/** Whether a stream record matches an event source mapping filter pattern (exact values, as ours uses). */
export function matchesPattern(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some((p) => JSON.stringify(p) === JSON.stringify(value));
  if (pattern && typeof pattern === 'object') {
    return Object.entries(pattern).every(([k, p]) => value !== null && typeof value === 'object' && matchesPattern(p, (value as Record<string, unknown>)[k]));
  }
  return pattern === value;
}

/** The stream mapping's poller: every record after `after` (per shard) that passes the filter. */
export class StreamPoller {
  private readonly after = new Map<string, string>();
  constructor(
    private readonly moto: Moto,
    private readonly streamArn: string,
    private readonly patterns: unknown[],
  ) {}

  async next(): Promise<{ all: number; matched: Array<StreamRecord & { eventSource: string; awsRegion: string; eventSourceARN: string }> }> {
    const { StreamDescription } = await streams<{ StreamDescription: { Shards: Array<{ ShardId: string }> } }>(this.moto, 'DescribeStream', { StreamArn: this.streamArn });
    let all = 0;
    const matched = [];
    for (const { ShardId } of StreamDescription.Shards) {
      const seen = this.after.get(ShardId);
      let { ShardIterator: it } = await streams<{ ShardIterator?: string }>(this.moto, 'GetShardIterator', {
        StreamArn: this.streamArn, ShardId, ...(seen ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: seen } : { ShardIteratorType: 'TRIM_HORIZON' }),
      });
      while (it) {
        const page = await streams<{ Records: StreamRecord[]; NextShardIterator?: string }>(this.moto, 'GetRecords', { ShardIterator: it, Limit: 1000 });
        if (!page.Records.length) break;
        for (const r of page.Records) {
          all++;
          this.after.set(ShardId, r.dynamodb.SequenceNumber);
          if (this.patterns.some((p) => matchesPattern(p, r))) matched.push({ ...r, eventSource: 'aws:dynamodb', awsRegion: REGION, eventSourceARN: this.streamArn });
        }
        it = page.NextShardIterator;
      }
    }
    return { all, matched };
  }
}

export function scratch(prefix: string): string {
  const d = join(tmpdir(), `${prefix}-${process.pid}-${Date.now()}`);
  mkdirSync(d, { recursive: true });
  return d;
}
